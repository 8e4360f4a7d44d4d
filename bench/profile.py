"""docblog's share of a full build, from a profile: ``python -m bench.profile --posts 1000``.

Builds the benchmark corpus (``bench.corpus``, the ``docblog`` setup) once under cProfile and
prints how much of the profiled time is docblog's own code: the cumulative time of every
docblog function that Sphinx, a theme or ABlog calls (the entry points: event handlers,
directives, template hooks), including the docblog templates they render, minus what those
functions hand back to the code they wrap (the theme's own ``toctree()`` and header
navigation, which the floor pays too). Then the entry points and the heaviest docblog
functions, by cumulative time.

cProfile slows Python code several times over, and the docs' Markdown parsing (pure Python)
more than most: the share is a comparison between versions of docblog on one corpus, not a
share of wall time.

``--collector off`` profiles the same build with Python's cyclic garbage collector disabled
(peak memory about 1 GB at 1,000 posts). A collection's pause (6 s of a 40 s full build at
1,000 posts, almost all of it while Sphinx reads) is charged to whichever function happens to
be running when it starts, and under cProfile that falls unevenly: in one profile a one-line
docblog getter, called 17,755 times, was charged 1.3 s that a run without the collector, and
a timed run without the profiler (1.6 ms), do not show. With the collector off, the profile is
of the code alone; both figures are published.
"""

from __future__ import annotations

import argparse
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: docblog functions that wrap a theme's, Sphinx's or MyST-Parser's function: their time is the
#: wrapped function's, less their own (``write_private_free`` hands the builder's writing of
#: every public document back to Sphinx, as ``write_documents_noting_posts`` does once it has
#: noted the posts among them, ``write_doc_and_let_go`` the writing of one,
#: ``toctree_of_folder`` the navigation of a folder's first generated page;
#: ``safe_load`` is the YAML parse of MyST-Parser's renderer, done by libyaml instead of
#: PyYAML's pure-Python parser, which the floor pays too, as it pays for importing and setting
#: up MyST-Parser, which docblog does in ``set_up_markdown_reader``).
WRAPPERS = {"toctree_with_blog", "toctree_of_folder", "header_nav_with_blog", "write_private_free",
            "write_documents_noting_posts", "write_doc_and_let_go", "safe_load",
            "set_up_markdown_reader"}


def is_transparent(filename: str) -> bool:
    """Frames between docblog and its own templates: Jinja's runtime and builtins (``str.join``
    drives a template's generator)."""
    return filename == "~" or "/jinja2/" in filename or "/markupsafe/" in filename


def is_docblog(filename: str) -> bool:
    return "/_ext/docblog/" in filename or "/docblog/templates/" in filename or (
        "site-packages/docblog/" in filename)


def share(stats: pstats.Stats) -> tuple[float, float, list[tuple[float, str]]]:
    """(docblog's seconds, total seconds, entry points with their seconds)."""
    entries: list[tuple[float, str]] = []
    # What each wrapper hands to docblog functions of its own (counted with the wrapper).
    wrapped_docblog: dict[tuple[str, int, str], float] = {}
    for (filename, _line, name), (*_, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if is_docblog(filename):
            for caller, c in callers.items():
                if caller[2] in WRAPPERS and is_docblog(caller[0]):
                    # a wrapper called by a wrapper: only its own time (c[2]), not what it wraps
                    seconds = c[2] if name in WRAPPERS else c[3]
                    wrapped_docblog[caller] = wrapped_docblog.get(caller, 0.0) + seconds
    # What a wrapper called by docblog functions that are not wrappers hands back to the
    # function it wraps (the setting up of MyST-Parser, inside docblog's ``setup``) is not
    # theirs: taken off the entry points they are called from, in the shares they call it.
    handed_back: dict[tuple[str, int, str], float] = {}

    def hand_back(key: tuple[str, int, str], seconds: float, depth: int = 0) -> None:
        _cc, _nc, _tottime, cumtime, callers = stats.stats[key]  # type: ignore[attr-defined]
        for caller, c in callers.items():
            part = seconds * c[3] / cumtime if cumtime > 0 else 0.0
            if not is_docblog(caller[0]) and not is_transparent(caller[0]):
                handed_back[key] = handed_back.get(key, 0.0) + part
            elif is_docblog(caller[0]) and caller[2] not in WRAPPERS and depth < 20:
                hand_back(caller, part, depth + 1)

    for key, (_cc, _nc, tottime, cumtime, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if key[2] in WRAPPERS and is_docblog(key[0]) and cumtime > 0:
            own = tottime + wrapped_docblog.get(key, 0.0)
            for caller, c in callers.items():
                if is_docblog(caller[0]) and caller[2] not in WRAPPERS:
                    hand_back(caller, c[3] * (1 - own / cumtime))
    for (filename, line, name), (_cc, _nc, tottime, _cumtime, callers) in stats.stats.items():  # type: ignore[attr-defined]
        if not is_docblog(filename):
            continue
        from_outside = sum(c[3] for caller, c in callers.items()
                           if not is_docblog(caller[0]) and not is_transparent(caller[0]))
        if from_outside <= 0:
            continue
        if name in WRAPPERS:
            # only the wrapper's own work, and the docblog functions it calls
            from_outside = tottime + wrapped_docblog.get((filename, line, name), 0.0)
        else:
            from_outside -= handed_back.get((filename, line, name), 0.0)
        entries.append((from_outside, f"{filename.split('docblog/')[-1]}:{line} {name}"))
    entries.sort(reverse=True)
    return sum(seconds for seconds, _ in entries), stats.total_tt, entries  # type: ignore[attr-defined]


def add_build_options(parser: argparse.ArgumentParser, top: int) -> None:
    """The options of a measured build of the benchmark corpus (here and in ``bench.timers``)."""
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--setup", default="docblog")
    parser.add_argument("--top", type=int, default=top)
    parser.add_argument("--collector", choices=("on", "off"), default="on",
                        help="Python's cyclic garbage collector during the measured build")


def write_corpus(work: Path, args: argparse.Namespace) -> Path:
    """The benchmark corpus the options ask for, written in ``work``: its source folder."""
    site = work / "site"
    subprocess.run([sys.executable, "-m", "bench.corpus", str(site), "--posts", str(args.posts),
                    "--setup", args.setup], check=True, stdout=subprocess.DEVNULL)
    return site


def print_share(args: argparse.Namespace, measured: str, fraction: float, heading: str,
                entries: list[tuple[float, str]]) -> None:
    """The share of docblog's code in a measured build, then its heaviest entry points."""
    print(f"{args.posts} posts, setup {args.setup}, collector {args.collector}: {measured} "
          f"({100 * fraction:.1f} %)")
    print(heading)
    for seconds, where in entries[:args.top]:
        print(f"  {seconds:7.2f}  {where}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    add_build_options(parser, top=25)
    parser.add_argument("--keep", type=Path, help="write the profile here (pstats format)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="docblog-profile-"))
    try:
        site = write_corpus(work, args)
        out = args.keep or work / "build.prof"
        sphinx = (["-m", "sphinx"] if args.collector == "on"
                  else [str(Path(__file__).with_name("sphinx_without_collector.py"))])
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), *sphinx, "-b", "html",
                        "-q", str(site), str(work / "html")], check=True)
        stats = pstats.Stats(str(out))
        own, total, entries = share(stats)
        print_share(args, f"docblog's own code {own:.2f} s of {total:.2f} s profiled", own / total,
                    "\nentry points (cumulative s, less wrapped theme calls):", entries)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
