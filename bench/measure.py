"""Run one command and report its wall time and peak memory as JSON on stdout.

    python -m bench.measure [--timeout SECONDS] -- <command> [args...]

The command's own stdout is sent to this process's stderr, so stdout carries only the JSON::

    {"returncode": 0, "wall_s": 12.3, "maxrss_kib": 412345, "user_s": 11.9, "sys_s": 0.6,
     "timed_out": false}

``maxrss_kib`` is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` taken after the command has been
waited for. This process starts exactly one child, so the figure is that child's peak resident
set size — or, when the child forks workers it waits for (``sphinx-build -j 2``), the largest
peak among the child and those workers (a maximum over processes, not a sum). On Linux the
unit is KiB. ``user_s``/``sys_s`` are the CPU times of the same processes, summed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import time

#: The folder holding the ``bench`` package; the runner adds it to PYTHONPATH only so that
#: ``python -m bench.measure`` works from any folder, so it is taken out again for the command.
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    entries = [
        entry for entry in env.get("PYTHONPATH", "").split(os.pathsep)
        if entry and os.path.abspath(entry) != PACKAGE_ROOT
    ]
    if entries:
        env["PYTHONPATH"] = os.pathsep.join(entries)
    else:
        env.pop("PYTHONPATH", None)
    return env


def measure(command: list[str], timeout: float | None = None) -> dict[str, object]:
    start = time.perf_counter()
    try:
        process = subprocess.Popen(
            command, stdout=sys.stderr, start_new_session=True, env=child_env()
        )
    except OSError as error:
        print(f"bench.measure: cannot run {command[0]!r}: {error}", file=sys.stderr)
        return {"returncode": 127, "wall_s": 0.0, "maxrss_kib": 0, "user_s": 0.0,
                "sys_s": 0.0, "timed_out": False}
    timed_out = False
    try:
        returncode = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        # The child leads its own session (start_new_session): end it and its workers.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        returncode = process.wait()
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss
    if sys.platform == "darwin":  # bytes there, KiB on Linux
        maxrss //= 1024
    return {
        "returncode": returncode,
        "wall_s": round(wall, 4),
        "maxrss_kib": maxrss,
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "timed_out": timed_out,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--" not in argv:
        usage = "usage: python -m bench.measure [--timeout SECONDS] -- <command> ..."
        print(usage, file=sys.stderr)
        return 2
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="python -m bench.measure")
    parser.add_argument("--timeout", type=float, default=None)
    options = parser.parse_args(argv[:split])
    command = argv[split + 1 :]
    if not command:
        print("bench.measure: no command given after --", file=sys.stderr)
        return 2
    result = measure(command, options.timeout)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
