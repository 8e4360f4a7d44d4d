"""Screenshots of the demo blog's index for the README and the docs: light, dark and phone
with Furo, and light and dark with pydata-sphinx-theme.

Usage (``make screenshots`` builds the demo first)::

    python tests/screenshots.py _build/html docs/_static/screenshots

Serves the built site on 127.0.0.1 and photographs ``blog.html`` with Debian's Chromium
(``/usr/bin/chromium``) through Playwright; no request leaves the machine. For the
pydata-sphinx-theme pictures, the demo's sources (``--source``, the current folder by
default) are built again with ``html_theme = "pydata_sphinx_theme"`` into a temporary
folder; ``--no-pydata`` leaves them out.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--font-render-hinting=none",
]
SHOTS = {
    # file name: (theme, browser context options)
    "index-light.png": ("light", {"viewport": {"width": 1280, "height": 860}}),
    "index-dark.png": ("dark", {"viewport": {"width": 1280, "height": 860}}),
    "index-phone.png": ("light", {"viewport": {"width": 375, "height": 812},
                                  "device_scale_factor": 2, "is_mobile": True, "has_touch": True}),
}


PYDATA_SHOTS = {
    "index-pydata-light.png": ("light", {"viewport": {"width": 1280, "height": 860}}),
    "index-pydata-dark.png": ("dark", {"viewport": {"width": 1280, "height": 860}}),
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def local_only(route: Any) -> None:
    url = urlsplit(route.request.url)
    if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """The built site on 127.0.0.1, on a free port: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def photograph(browser: Any, url: str, shots: dict[str, tuple[str, dict[str, Any]]],
               outdir: Path) -> None:
    for name, (theme, options) in shots.items():
        context = browser.new_context(color_scheme=theme, reduced_motion="reduce", **options)
        context.route("**/*", local_only)
        # Furo keeps the mode in "theme"; pydata-sphinx-theme in "mode" (and "theme")
        context.add_init_script(f"window.localStorage.setItem('theme', '{theme}');"
                                f"window.localStorage.setItem('mode', '{theme}');")
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.screenshot(path=str(outdir / name), animations="disabled", caret="hide")
        print(f"wrote {outdir / name}")
        context.close()


def build_with_theme(source: Path, theme: str, outdir: Path) -> None:
    """Build the demo's sources with another HTML theme; warnings are errors, as in make html."""
    from sphinx.cmd.build import build_main

    status = build_main(["-b", "html", "-q", "-W", "--keep-going", "-D", f"html_theme={theme}",
                         str(source), str(outdir)])
    if status != 0:
        raise SystemExit(f"building {source} with {theme} failed")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site, e.g. _build/html")
    parser.add_argument("outdir", type=Path, help="where to write the PNGs")
    parser.add_argument("--page", default="blog.html", help="page to photograph")
    parser.add_argument("--source", type=Path, default=Path("."),
                        help="the demo's sources, built again with pydata-sphinx-theme")
    parser.add_argument("--no-pydata", action="store_true",
                        help="leave out the pydata-sphinx-theme pictures")
    args = parser.parse_args(argv)
    if not (args.site / args.page).is_file():
        parser.error(f"{args.site / args.page} is missing: build the site first (make html)")
    if not args.no_pydata and not (args.source / "conf.py").is_file():
        parser.error(f"{args.source / 'conf.py'} is missing: pass the demo's sources with "
                     "--source, or --no-pydata")
    if not Path(CHROMIUM).is_file():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium")

    from playwright.sync_api import sync_playwright

    args.outdir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serving(args.site) as base:
                photograph(browser, base + args.page, SHOTS, args.outdir)
            if not args.no_pydata:
                with tempfile.TemporaryDirectory(prefix="docblog-pydata-") as built:
                    build_with_theme(args.source, "pydata_sphinx_theme", Path(built))
                    with serving(Path(built)) as base:
                        photograph(browser, base + args.page, PYDATA_SHOTS, args.outdir)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
