"""Lighthouse scores of docblog's pages, against a plain page of the same site::

    npm install --prefix bench --no-save --no-package-lock --no-audit --no-fund lighthouse@12.2.3
    python -m bench.lighthouse                       # Furo, pydata-sphinx-theme, sphinx-book-theme
    python -m bench.lighthouse --themes furo --runs 1 --name quick

The demo site (the repository root: ``conf.py``, ``posts/``, the docs) is built once per
theme (``-D html_theme=…``) with ``docblog_posts_per_page`` lowered so the index has a page
2, into a temporary folder with a ``favicon.ico`` added (a browser asks for one; a 404 would
be a console error that Best Practices counts). Each build is served on 127.0.0.1 by a
local HTTP server, and Lighthouse (from npm, ``bench/node_modules``; 12.x runs on Node 20)
runs with its default mobile settings on each docblog page type — index, index page 2,
category, tag, author, archive, series, post — and on a plain docs page, ``--runs`` times
(performance is noisy: the median is reported; the other categories are the same from run
to run). The runs go round the pages (run 1 of each page, then run 2, …), so that a change in
the machine's load during the benchmark falls on every page type alike. Chromium is Debian's
(``CHROME_PATH``, default ``/usr/bin/chromium``); nothing is fetched from another host.

Reported per page: the four scores, the audits that failed in accessibility, best practices
and SEO, the render-blocking requests docblog makes, and the bytes docblog adds to the page:
the transfer size of the requests for its files (``docblog*.css``/``.js``) plus its inline
``<style>``. Results go to ``bench/results/<date>-lighthouse[-<name>].json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import http.server
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
LIGHTHOUSE = Path(__file__).resolve().parent / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
THEMES = {"furo": "furo", "pydata": "pydata_sphinx_theme", "book": "sphinx_book_theme"}

#: Page type → path in the demo's HTML output (``docblog_posts_per_page`` = 6 gives page 2).
PAGES = {
    "plain": "docs/quickstart.html",
    "index": "blog.html",
    "page 2": "blog/page/2.html",
    "category": "blog/category/design.html",
    "tag": "blog/tag/sphinx.html",
    "author": "blog/author/mira-okafor.html",
    "archive": "blog/archive.html",
    "series": "blog/series/build-performance.html",
    "post": "posts/filter-chips-without-a-page-load.html",
}
PER_PAGE = 6

#: A 16 × 16 ICO of one colour (BMP inside), written as the site's /favicon.ico.
def _favicon() -> bytes:
    width = height = 16
    pixels = b"\x88\x57\x27\xff" * (width * height)  # BGRA
    mask = b"\x00" * (4 * height)  # 32-bit rows of the AND mask
    header = (40).to_bytes(4, "little") + width.to_bytes(4, "little") + (2 * height).to_bytes(4, "little")
    header += (1).to_bytes(2, "little") + (32).to_bytes(2, "little") + bytes(24)
    image = header + pixels + mask
    entry = bytes([width, height, 0, 0]) + (1).to_bytes(2, "little") + (32).to_bytes(2, "little")
    entry += len(image).to_bytes(4, "little") + (6 + 16).to_bytes(4, "little")
    return b"\x00\x00\x01\x00\x01\x00" + entry + image


def snapshot(workdir: Path) -> Path:
    """The committed site and code (``git archive HEAD``): edits in progress are not measured."""
    target = workdir / "site"
    target.mkdir()
    archive = subprocess.run(["git", "-C", str(REPO_ROOT), "archive", "HEAD"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def build(site: Path, theme: str, out: Path) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(site), str(out / "html"),
           "-d", str(out / "doctrees"), "-D", f"html_theme={THEMES[theme]}",
           "-D", f"docblog_posts_per_page={PER_PAGE}"]
    subprocess.run(cmd, check=True, cwd=site)
    (out / "html" / "favicon.ico").write_bytes(_favicon())


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
           "--max-wait-for-load=45000"]
    subprocess.run(cmd, check=True, env=env, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def inline_style_bytes(html: str) -> int:
    """Bytes of docblog's inline ``<style>`` elements in a page."""
    return sum(len(m.encode()) for m in re.findall(r'<style[^>]*data-docblog[^>]*>.*?</style>', html, re.S))


def blocking_tags(html: str) -> list[str]:
    """docblog's render-blocking tags in a page's ``<head>``: stylesheets for every medium and
    scripts that are neither deferred, async nor modules."""
    head = html.split("</head>", 1)[0]
    found = []
    for tag in re.findall(r"<link\b[^>]*>|<script\b[^>]*>", head):
        if "docblog" not in tag:
            continue
        if tag.startswith("<link") and "stylesheet" in tag and not re.search(r'media="(print|not all)"', tag):
            found.append(tag)
        elif tag.startswith("<script") and "src=" in tag and not re.search(r"\b(defer|async)\b|module", tag):
            found.append(tag)
    return found


def summarize(lhr: dict[str, Any], html: str) -> dict[str, Any]:
    audits = lhr["audits"]
    scores = {c: round(100 * (lhr["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = {}
    for category in CATEGORIES[1:]:
        names = []
        for ref in lhr["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                names.append(ref["id"])
        failed[category] = names
    requests = audits["network-requests"]["details"]["items"]
    ours = [r for r in requests if re.search(r"/_static/docblog[^/]*\.(css|js)", r["url"])]
    blocking = [i["url"] for i in (audits["render-blocking-resources"].get("details") or {}).get("items", [])]
    return {
        "scores": scores,
        "failed": failed,
        "total_bytes": audits["total-byte-weight"]["numericValue"],
        "docblog_requests": {r["url"].rsplit("/", 1)[-1]: r.get("transferSize", 0) for r in ours},
        "docblog_inline_bytes": inline_style_bytes(html),
        "docblog_blocking": blocking_tags(html),
        "render_blocking": len(blocking),
        "metrics": {k: audits[k]["numericValue"] for k in
                    ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                     "cumulative-layout-shift", "speed-index")},
    }


def measure(site: Path, theme: str, runs: int, workdir: Path, only: list[str]) -> dict[str, Any]:
    out = workdir / theme
    build(site, theme, out)
    server, base = serve(out / "html")
    kinds = []
    for kind, path in PAGES.items():
        if only and kind not in only:
            continue
        if not (out / "html" / path).is_file():
            print(f"  {theme}: no {path}, skipped", file=sys.stderr)
            continue
        kinds.append(kind)
    html = {kind: (out / "html" / PAGES[kind]).read_text(encoding="utf-8") for kind in kinds}
    results: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    try:
        # Run-major: run 1 of every page, then run 2 …, so that a change in the machine's load
        # (other jobs) reaches every page type alike instead of the pages measured during it.
        for run in range(runs):
            for kind in kinds:
                lhr = lighthouse(base + PAGES[kind], workdir / f"{theme}-{kind.replace(' ', '')}-{run}.json")
                results[kind].append(summarize(lhr, html[kind]))
    finally:
        server.shutdown()
    pages = {}
    for kind in kinds:
        median = statistics.median(r["scores"]["performance"] for r in results[kind])
        chosen = min(results[kind], key=lambda r: abs(r["scores"]["performance"] - median))
        pages[kind] = {**chosen, "path": PAGES[kind],
                       "performance_runs": [r["scores"]["performance"] for r in results[kind]],
                       "metrics_runs": [{"fcp": round(r["metrics"]["first-contentful-paint"]),
                                         "lcp": round(r["metrics"]["largest-contentful-paint"])}
                                        for r in results[kind]],
                       "scores": {**chosen["scores"], "performance": median}}
        s = pages[kind]["scores"]
        print(f"  {theme:6} {kind:8} {s['performance']:>5} {s['accessibility']:>4} "
              f"{s['best-practices']:>4} {s['seo']:>4}  runs {pages[kind]['performance_runs']}",
              file=sys.stderr, flush=True)
    return pages


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("sphinx", "furo", "pydata-sphinx-theme", "sphinx-book-theme", "myst-parser", "ablog"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    found["lighthouse"] = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True,
                                         text=True).stdout.strip()
    found["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    found["chromium"] = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip()
    return found


def markdown(data: dict[str, Any]) -> str:
    lines = [f"Lighthouse {data['versions']['lighthouse']} (mobile), {data['versions']['chromium']}, "
             f"{data['runs']} run(s) per page (performance: median), commit {data['commit']}.", ""]
    lines += ["| Theme | Page | Performance | Accessibility | Best practices | SEO | Total kB "
              "| docblog kB (requests + inline) | docblog render-blocking tags | Failed audits |",
              "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for theme, pages in data["themes"].items():
        for kind, page in pages.items():
            s = page["scores"]
            ours = sum(page["docblog_requests"].values()) + page["docblog_inline_bytes"]
            failed = ", ".join(f"{c}: {' '.join(a)}" for c, a in page["failed"].items() if a) or "—"
            lines.append(f"| {theme} | {kind} | {s['performance']:g} | {s['accessibility']} | "
                         f"{s['best-practices']} | {s['seo']} | {page['total_bytes'] / 1000:.1f} | "
                         f"{ours / 1000:.1f} | {len(page['docblog_blocking'])} | {failed} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--themes", default="furo,pydata,book", help="comma-separated: " + ", ".join(THEMES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="", help="suffix of the results' file names")
    parser.add_argument("--pages", default="", help="comma-separated page types (default: all): "
                        + ", ".join(PAGES))
    parser.add_argument("--keep", action="store_true", help="keep the builds and reports (printed)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"no {LIGHTHOUSE}: npm install --prefix bench --no-save lighthouse@12.2.3")
    workdir = Path(tempfile.mkdtemp(prefix="docblog-lighthouse-"))
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    data: dict[str, Any] = {"date": datetime.date.today().isoformat(), "commit": commit, "runs": args.runs,
                            "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                            "versions": versions(), "themes": {}}
    only = [p for p in args.pages.split(",") if p]
    try:
        site = snapshot(workdir)
        for theme in args.themes.split(","):
            data["themes"][theme] = measure(site, theme, args.runs, workdir, only)
    finally:
        if args.keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    stem = f"{data['date']}-lighthouse" + (f"-{args.name}" if args.name else "")
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    report = markdown(data)
    (RESULTS / f"{stem}.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
