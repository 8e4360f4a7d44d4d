"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``, and HTML helpers."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"

#: Where Chromium or Chrome usually is; ``DOCBLOG_CHROMIUM`` names another.
CHROMIUM_CANDIDATES = (
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
    "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
NO_CHROMIUM = ("no working Chromium found: install it (apt-get install chromium) or set DOCBLOG_CHROMIUM "
               "to a Chromium/Chrome binary to run the browser tests")
#: The flags the browser tests start Chromium with (a closed network, no first-run work).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def find_chromium() -> Path | None:
    """The first Chromium/Chrome file found (``DOCBLOG_CHROMIUM`` first); it may not run."""
    named = os.environ.get("DOCBLOG_CHROMIUM")
    found = [named] if named else [
        *CHROMIUM_CANDIDATES, *(shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome"))]
    return next((Path(c) for c in found if c and Path(c).is_file()), None)


@functools.cache
def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when a Chromium starts and loads a page.

    A file at the usual place is not enough: it may not be executable, or be a wrapper of a
    browser that is gone; so the browser is started once, headless, on an empty page."""
    path = find_chromium()
    if path is None:
        return NO_CHROMIUM
    try:
        with tempfile.TemporaryDirectory() as profile:  # the browser's profile, removed after
            result = subprocess.run([str(path), *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                                     "--dump-dom", "about:blank"],
                                    capture_output=True, text=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError) as error:
        return f"{path} cannot start ({error}); {NO_CHROMIUM}"
    if result.returncode != 0 or "<html" not in result.stdout:
        last = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        return f"{path} did not start ({last[:200]}); {NO_CHROMIUM}"
    return None


#: Test modules of pure functions, which build no site: ``pytest -m "not sphinx"`` runs them alone.
PURE_TEST_MODULES = {"test_units", "test_bench_timers", "test_bench_profile"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test outside :data:`PURE_TEST_MODULES` is marked ``sphinx`` (it builds sites or
    runs commands). Without a working Chromium on a developer's machine, the browser tests are
    skipped, said in one line at the end; in CI (``CI`` set) they run and fail instead."""
    for item in items:
        if item.path.stem not in PURE_TEST_MODULES:
            item.add_marker(pytest.mark.sphinx)  # (a bare mark: sphinx.testing reads no arguments from it)
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or in_ci():
        return
    problem = chromium_problem()
    if problem is None:
        return
    items[:] = [item for item in items if not item.get_closest_marker("browser")]
    config.hook.pytest_deselected(items=browser_items)
    config.stash[_SKIPPED_BROWSER_TESTS] = (len(browser_items), problem)


_SKIPPED_BROWSER_TESTS = pytest.StashKey[tuple[int, str]]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    skipped, problem = config.stash.get(_SKIPPED_BROWSER_TESTS, (0, ""))
    if skipped:
        terminalreporter.write_line(f"SKIPPED {skipped} browser tests: {problem}", yellow=True)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _no_drafts_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``make livehtml`` sets DOCBLOG_SHOW_DRAFTS; tests decide it themselves."""
    monkeypatch.delenv("DOCBLOG_SHOW_DRAFTS", raising=False)


def soup(app, page: str) -> BeautifulSoup:
    """Parsed HTML of an output file, e.g. ``soup(app, "blog.html")``."""
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def card_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".docblog-card .docblog-card-title a")]


def warnings_of(app) -> str:
    return app.warning.getvalue() if hasattr(app.warning, "getvalue") else app._warning.getvalue()


def build_clean(builder: str, srcdir: Path, **kwargs):
    """One ``SphinxTestApp`` build of ``srcdir``, with ABlog's process-wide table of posts emptied
    before and after it (it would carry one site's posts into the next build)."""
    import ablog.blog
    from sphinx.testing.util import SphinxTestApp

    ablog.blog.Blog._dict.clear()
    app = SphinxTestApp(builder, srcdir=srcdir, **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
        ablog.blog.Blog._dict.clear()
    return app


def build_once(rootdir: Path, tempdir: Path, name: str, srcname: str | None = None):
    """Build the root ``test-<name>`` once (for a whole module) in a copy, cleaned up at once so
    later apps start clean."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = tempdir / (srcname or name)
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(rootdir / f"test-{name}", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    return app
