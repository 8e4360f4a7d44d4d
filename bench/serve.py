"""Live preview: time from saving a file to the new HTML being served, and to the browser
having reloaded it, for ``docblog serve`` and for ``sphinx-autobuild`` as ``make livehtml``
ran it before (a new ``sphinx-build`` process per change), in the same run::

    python -m bench.serve --posts 200 1000 --edits 5 --out bench/results/serve.json
    python -m bench.serve --posts 200 --edits 3 --no-browser      # HTTP only, quicker

For each size a corpus is written (``bench.corpus``, setup ``docblog``) and built once cold;
each server gets a copy of that output, starts (its first build is then incremental) and
waits. Then, for each kind of edit — a body edit, a title edit, a new post, a category
change — and each server in turn, ``--edits`` edits (each to a different post): the file is
written, the HTTP server is polled every 10 ms until the page has the change ("served"),
and a headless Chromium (Playwright, ``/usr/bin/chromium``) that shows the page waits for
the reload that shows it ("reloaded"). A new post is served at its own address; the
browser shows the blog index and waits for its card. Between edits the bench waits
``--pause`` seconds, as a writer looks at the page (``docblog serve`` writes its saved
environment in such a pause). Medians are reported.

``--memory-edits N`` (default 100) then makes N body edits on ``docblog serve`` at the largest
size and reports the build process's peak RSS (VmHWM) after the first and after the last.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from . import corpus

REPO_ROOT = corpus.REPO_ROOT
KINDS = ("body", "title", "new-post", "category")
SERVERS = ("docblog-serve", "sphinx-autobuild")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
POLL = 0.01


#: Where the docblog both servers import comes from (set by ``main``: a snapshot of HEAD).
CODE: dict[str, str] = {}


def code_env() -> dict[str, str]:
    """Both servers, and the cold build, import docblog from one snapshot of the committed
    code: a new ``sphinx-build`` per change would otherwise pick up edits in progress."""
    if not CODE:
        return {}
    return {"PYTHONPATH": os.pathsep.join(filter(None, [CODE["path"], os.environ.get("PYTHONPATH")]))}


def snapshot_code(workdir: Path) -> str:
    target = workdir / "code"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", "HEAD", "_ext"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    CODE.update(path=str(target / "_ext"), commit=commit)
    return commit


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, OSError):
        return ""  # not there yet, or read while being written


class Server:
    """One live-preview server on a copy of the corpus's built output."""

    def __init__(self, name: str, source: Path, output: Path, log: Path) -> None:
        self.name = name
        self.source = source
        self.output = output
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {**os.environ, "DOCBLOG_SHOW_DRAFTS": "1", **code_env()}
        if name == "docblog-serve":
            command = [sys.executable, "-m", "docblog.cli", "serve", str(source), str(output),
                       "--host", "127.0.0.1", "--port", str(self.port), "--drafts"]
        else:  # the Makefile's livehtml target before docblog serve
            command = [sys.executable, "-m", "sphinx_autobuild", "-b", "html", "--host", "127.0.0.1",
                       "--port", str(self.port), str(source), str(output)]
        self.out = open(log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, stdout=self.out, stderr=subprocess.STDOUT,
                                        env=env, cwd=source, start_new_session=True)

    def wait_ready(self, timeout: float = 1800) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "Waiting to detect changes" in self.log.read_text(errors="replace") and fetch(
                    f"{self.base}/index.html"):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} ended: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout} s")

    def builds_done(self) -> int:
        text = self.log.read_text(errors="replace")
        if self.name == "docblog-serve":
            return len(re.findall(r"Built in |Build failed", text))
        return text.count("Serving on http")

    def build_process_pid(self) -> int | None:
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return None
        for child in children:  # not multiprocessing's resource tracker
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in cmdline:
                return int(child)
        return None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=300)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.out.close()


def proc_status(pid: int | None) -> dict[str, int]:
    found: dict[str, int] = {}
    if pid is None:
        return found
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


class Edit:
    """One planned edit: the file it writes, the page to poll, the page the browser shows."""

    def __init__(self, path: Path, text: str, poll_path: str, browser_path: str, marker: str) -> None:
        self.path, self.text = path, text
        self.poll_path, self.browser_path, self.marker = poll_path, browser_path, marker

    def apply(self) -> None:
        self.path.write_text(self.text, encoding="utf-8")


class Editor:
    """Edits to the corpus, each to a different post."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.posts = sorted((source / "posts").glob("*.md"))
        self.used = 0

    def next_post(self) -> Path:
        post = self.posts[(37 * self.used + 11) % len(self.posts)]
        self.used += 1
        return post

    @staticmethod
    def page_of(post: Path) -> str:
        return f"/posts/{post.stem}.html"

    def plan(self, kind: str, marker: str) -> Edit:
        if kind == "new-post":
            path = self.source / "posts" / f"live-{marker.lower()}.md"
            text = ("---\ndate: 2030-01-01 12:00\ncategory: \"Performance\"\ntags: [sphinx]\n"
                    f"author: \"Ada Lovelace\"\nsummary: \"A post written live.\"\norphan: true\n---\n\n"
                    f"# Written live {marker}\n\nA new post, written while the server runs.\n")
            # served: the new page; reloaded: the blog index the browser shows, with its card
            return Edit(path, text, self.page_of(path), "/blog.html", marker)
        post = self.next_post()
        text = post.read_text(encoding="utf-8")
        if kind == "body":
            head, sep, body = text.partition("\n---\n")
            text = head + sep + body.replace("\n\n", f"\n\nLive edit {marker}.\n\n", 2)
        elif kind == "title":
            text = re.sub(r"^# (.+)$", lambda m: f"# {m[1]} {marker}", text, count=1, flags=re.M)
        elif kind == "category":
            text = re.sub(r"^category: .*$", f'category: "Live {marker}"', text, count=1, flags=re.M)
        return Edit(post, text, self.page_of(post), self.page_of(post), marker)


def measure_edit(server: Server, edit: Edit, browser: Any, timeout: float = 600) -> dict[str, float | None]:
    """Seconds from writing the file to the page served with the change, and to the browser
    (showing the page before the save) having reloaded it with the change."""
    page = None
    if browser is not None:
        page = browser.new_page()
        page.goto(server.base + edit.browser_path, wait_until="load")
    before = server.builds_done()
    served_at: list[float] = []
    started = time.perf_counter()
    edit.apply()

    def poll() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if edit.marker in fetch(server.base + edit.poll_path):
                served_at.append(time.perf_counter() - started)
                return
            time.sleep(POLL)

    poller = threading.Thread(target=poll)
    poller.start()
    reloaded = None
    if page is not None:
        deadline = time.monotonic() + timeout
        while reloaded is None and time.monotonic() < deadline:
            try:
                page.wait_for_event("load", timeout=timeout * 1000)
            except Exception:  # noqa: BLE001 - no reload within the timeout: reported as none
                break
            loaded = time.perf_counter() - started
            try:
                if edit.marker in page.content():
                    reloaded = loaded
            except Exception:  # noqa: BLE001 - navigating again already
                continue
        page.close()
    poller.join()
    # the build has ended before the next edit
    deadline = time.monotonic() + timeout
    while server.builds_done() <= before and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"served": served_at[0] if served_at else None, "reloaded": reloaded}


def median(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return statistics.median(real) if real else None


def run_size(posts: int, args: argparse.Namespace, workdir: Path, playwright: Any) -> dict[str, Any]:
    source = workdir / f"n{posts}" / "site"
    subprocess.run([sys.executable, "-m", "bench.corpus", str(source), "--posts", str(posts),
                    "--setup", "docblog"], check=True, cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
    result: dict[str, Any] = {"posts": posts, "edits": {}}
    servers = {}
    editors = {}
    for name in args.servers:
        # Each server watches its own copy: a save to a shared folder would start both builds.
        own = source.parent / f"site-{name}"
        shutil.copytree(source, own)
        output = source.parent / f"out-{name}"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(own), str(output)],
                       check=True, env={**os.environ, "DOCBLOG_SHOW_DRAFTS": "1", **code_env()},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"[{posts} posts] cold build for {name}: {time.perf_counter() - started:.1f} s", flush=True)
        editors[name] = Editor(own)
    try:
        # one server at a time runs its first build (they share the cores otherwise)
        for name in args.servers:
            server = servers[name] = Server(name, editors[name].source, source.parent / f"out-{name}",
                                            source.parent / f"{name}.log")
            started = time.perf_counter()
            server.wait_ready()
            print(f"[{posts} posts] {name} ready ({time.perf_counter() - started:.1f} s)", flush=True)
        time.sleep(args.pause)
        browser = None
        if playwright is not None:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        counter = 0
        for kind in KINDS:
            for name, server in servers.items():
                times = []
                for _ in range(args.edits):
                    counter += 1
                    marker = f"M{posts}x{counter}"
                    times.append(measure_edit(server, editors[name].plan(kind, marker), browser))
                    time.sleep(args.pause)
                served = median([t["served"] for t in times])
                reloaded = median([t["reloaded"] for t in times])
                result["edits"].setdefault(kind, {})[name] = {
                    "served": served, "reloaded": reloaded, "runs": times}
                print(f"[{posts} posts] {kind:9} {name:17} served {fmt(served)}  reloaded {fmt(reloaded)}",
                      flush=True)
        if browser is not None:
            browser.close()
        if args.memory_edits and posts == max(args.posts) and "docblog-serve" in servers:
            result["memory"] = memory(servers["docblog-serve"], editors["docblog-serve"], args)
    finally:
        for server in servers.values():
            server.stop()
    return result


def memory(server: Server, editor: Editor, args: argparse.Namespace) -> dict[str, Any]:
    """Peak RSS of the build process after the first and after the last of N body edits."""
    pid = server.build_process_pid()
    samples = {}
    for i in range(1, args.memory_edits + 1):
        measure_edit(server, editor.plan("body", f"R{i}"), None)
        if i in (1, args.memory_edits):
            time.sleep(args.pause)  # include the idle save of the environment
            samples[i] = proc_status(pid)
    first, last = samples[1], samples[args.memory_edits]
    growth = (last.get("VmHWM", 0) - first.get("VmHWM", 0)) / max(first.get("VmHWM", 1), 1)
    print(f"memory: peak RSS after edit 1 {first.get('VmHWM', 0) / 1024:.0f} MiB, after edit "
          f"{args.memory_edits} {last.get('VmHWM', 0) / 1024:.0f} MiB ({growth:+.1%}); RSS now "
          f"{last.get('VmRSS', 0) / 1024:.0f} MiB", flush=True)
    return {"edits": args.memory_edits, "after_first": first, "after_last": last, "growth": growth}


def fmt(value: float | None) -> str:
    return "   —  " if value is None else f"{value:5.2f} s"


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| posts | edit | server | served | reloaded |", "|---|---|---|---|---|"]
    for result in results:
        for kind, by_server in result["edits"].items():
            for name, figures in by_server.items():
                lines.append(f"| {result['posts']:,} | {kind} | {name} | {fmt(figures['served']).strip()} "
                             f"| {fmt(figures['reloaded']).strip()} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--edits", type=int, default=5, help="edits per kind and server (median)")
    parser.add_argument("--servers", default=",".join(SERVERS))
    parser.add_argument("--pause", type=float, default=3.0,
                        help="seconds between edits, as a writer looks at the page")
    parser.add_argument("--memory-edits", type=int, default=100)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the projects (printed)")
    parser.add_argument("--working-tree", action="store_true",
                        help="import docblog from the working tree, not a snapshot of HEAD")
    args = parser.parse_args(argv)
    args.servers = [s for s in args.servers.split(",") if s]
    workdir = Path(tempfile.mkdtemp(prefix="docblog-serve-bench-"))
    if not args.working_tree:
        print(f"docblog from a snapshot of commit {snapshot_code(workdir)}", flush=True)
    results = []
    playwright = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
    try:
        for posts in args.posts:
            results.append(run_size(posts, args, workdir, playwright))
            if args.out:
                save(args.out, results, args)
    finally:
        if playwright is not None:
            playwright.stop()
        if args.keep:
            print(f"projects kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(markdown(results))
    return 0


def save(path: Path, results: list[dict[str, Any]], args: argparse.Namespace) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {"machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
            "python": platform.python_version(), "edits": args.edits, "pause": args.pause,
            "commit": CODE.get("commit", "working tree"),
            "date": time.strftime("%Y-%m-%d")}
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
