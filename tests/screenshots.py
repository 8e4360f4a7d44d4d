"""Screenshots of the demo blog's index for the README: light, dark and phone.

Usage (``make screenshots`` builds the demo first)::

    python tests/screenshots.py _build/html docs/_static/screenshots

Serves the built site on 127.0.0.1 and photographs ``blog.html`` with Debian's Chromium
(``/usr/bin/chromium``) through Playwright; no request leaves the machine.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def local_only(route: Any) -> None:
    url = urlsplit(route.request.url)
    if url.scheme in ("data", "blob") or url.hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML site, e.g. _build/html")
    parser.add_argument("outdir", type=Path, help="where to write the PNGs")
    parser.add_argument("--page", default="blog.html", help="page to photograph")
    args = parser.parse_args(argv)
    if not (args.site / args.page).is_file():
        parser.error(f"{args.site / args.page} is missing: build the site first (make html)")
    if not Path(CHROMIUM).is_file():
        parser.error(f"{CHROMIUM} is missing: apt-get install chromium")

    from playwright.sync_api import sync_playwright

    args.outdir.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(QuietHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{args.page}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, (theme, options) in SHOTS.items():
                context = browser.new_context(color_scheme=theme, reduced_motion="reduce",
                                              **options)
                context.route("**/*", local_only)
                context.add_init_script(f"window.localStorage.setItem('theme', '{theme}');")
                page = context.new_page()
                page.goto(url, wait_until="networkidle")
                page.screenshot(path=str(args.outdir / name), animations="disabled", caret="hide")
                print(f"wrote {args.outdir / name}")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
