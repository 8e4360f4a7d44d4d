"""The blog in a real browser: category filtering, keyboard, accessibility, phones, validity.

A site with enough posts to paginate (``tests/roots/test-browser``, 3 cards a page) is
built once for the module and served on 127.0.0.1. Python Playwright drives Debian's
Chromium (``/usr/bin/chromium``); axe-core and the Nu HTML checker come from npm
(``tests/node_modules``, installed by ``.ci/run`` or, when missing, by the fixture below).

In CI (``CI`` set, as ``.ci/run`` runs them) these tests fail when a tool is missing. On a
developer's machine without Chromium (or npm, or Java for the Nu checker) they are reported
as skipped, with one line saying how to enable them: ``apt-get install chromium`` (or set
``DOCBLOG_CHROMIUM`` to a Chromium or Chrome binary).
The OpenGraph tests at the end need no browser.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import CHROMIUM_ARGS, NO_CHROMIUM, find_chromium, in_ci

ROOT = Path(__file__).parent / "roots" / "test-browser"
NODE_DIR = Path(__file__).parent  # npm install --prefix tests → tests/node_modules
NODE_PACKAGES = ("axe-core@4.14.1", "vnu-jar@26.9.27")  # keep in step with .ci/run
AXE_JS = NODE_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = NODE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PER_PAGE = 3
LISTED = 11  # posts in the test root, without the draft
CATEGORIES = {  # slug → name, as the chips show them
    "ci-cd": "CI/CD",
    "design": "Design",
    "données": "Données",
    "performance": "Performance",
    "release-notes": "Release Notes",
}
ALL_COUNT_LINE = f"{LISTED} posts so far."
BUILD_TIME = 1775001600  # 2026-04-01T00:00:00Z, after the newest post of the test root

browser_test = pytest.mark.browser


# --- the site, its server and the tools --------------------------------------------------------


def build_site(workdir: Path, confoverrides: dict[str, Any] | None = None) -> Path:
    """Build the test root into ``workdir``; the output folder (world-readable, for LinkChecker)."""
    from sphinx.testing.util import SphinxTestApp

    workdir.chmod(0o755)  # LinkChecker run as root reads the files as "nobody"
    srcdir = workdir / "src"
    shutil.copytree(ROOT, srcdir)
    status, warning = StringIO(), StringIO()
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("DOCBLOG_SHOW_DRAFTS", raising=False)
        environment.setenv("SOURCE_DATE_EPOCH", str(BUILD_TIME))  # every post is published
        app = SphinxTestApp("html", srcdir=srcdir, status=status, warning=warning,
                            confoverrides=confoverrides or {})
        try:
            app.build()
        finally:
            app.cleanup()
    assert warning.getvalue() == "", warning.getvalue()
    outdir = Path(app.outdir)
    for path in [outdir, *outdir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return outdir


@pytest.fixture(scope="module")
def site() -> Iterator[Path]:
    """The test root, built once with Furo."""
    workdir = Path(tempfile.mkdtemp(prefix="docblog-browser-"))
    try:
        yield build_site(workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A folder served on 127.0.0.1, on a free port; its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1, on a free port."""
    with serving(site) as url:
        yield url


def missing_tool(message: str) -> NoReturn:
    """In CI a missing tool fails the test; elsewhere the test is skipped, saying why."""
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def node_tools() -> Path:
    """axe-core and vnu-jar in tests/node_modules; installed with npm when missing."""
    if not (AXE_JS.is_file() and VNU_JAR.is_file()):
        npm = shutil.which("npm")
        if npm is None:
            missing_tool("npm is needed to install axe-core and vnu-jar "
                        f"(npm install --prefix tests {' '.join(NODE_PACKAGES)})")
        result = subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-save", "--no-package-lock",
             "--no-audit", "--no-fund", "--ignore-scripts", *NODE_PACKAGES],
            capture_output=True, text=True, timeout=600, check=False)
        if result.returncode != 0 or not (AXE_JS.is_file() and VNU_JAR.is_file()):
            pytest.fail(f"npm could not install {' '.join(NODE_PACKAGES)}:\n{result.stderr}")
    return NODE_DIR / "node_modules"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium_path = find_chromium()
    if chromium_path is None:
        missing_tool(NO_CHROMIUM)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            missing_tool(f"{chromium_path} did not start ({str(error).splitlines()[0]}); {NO_CHROMIUM}")
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


class Session:
    """Browser contexts that refuse every request off 127.0.0.1 and record console errors."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.expected_errors: list[str] = []  # substrings of console errors a test provokes

    def _route(self, route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob", "about"):
            route.continue_()
        elif url.hostname != "127.0.0.1":
            self.foreign.append(route.request.url)
            route.abort()
        elif url.path == "/favicon.ico":
            route.fulfill(status=204)  # the browser asks for it on its own; the site has none
        else:
            route.continue_()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def page(self, theme: str | None = None, **options: Any) -> Any:
        context = self.browser.new_context(**options)
        self.contexts.append(context)
        context.route("**/*", self._route)
        if theme is not None:
            # Furo reads "theme"; pydata-sphinx-theme reads "mode", and "theme" before its script runs
            context.add_init_script(
                f"window.localStorage.setItem('theme', {json.dumps(theme)});"
                f"window.localStorage.setItem('mode', {json.dumps(theme)});")
        page = context.new_page()
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        return page

    def url(self, path: str) -> str:
        return self.base_url + path

    def check(self) -> None:
        errors = [e for e in self.errors if not any(s in e for s in self.expected_errors)]
        assert not self.foreign, f"requests left 127.0.0.1: {self.foreign}"
        assert not errors, "\n".join(errors)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def session(browser: Any, base_url: str) -> Iterator[Session]:
    session = Session(browser, base_url)
    try:
        yield session
        session.check()
    finally:
        session.close()


# --- reading pages -----------------------------------------------------------------------------

CARDS_JS = """() => Array.from(document.querySelectorAll('.docblog-listing .docblog-card'))
  .filter(card => card.getClientRects().length > 0)
  .map(card => {
    const title = card.querySelector('.docblog-card-title a');
    const summary = card.querySelector('.docblog-card-summary');
    const time = card.querySelector('time');
    return {
      title: title.textContent,
      href: title.href,
      meta: card.querySelector('.docblog-meta').textContent.replace(/\\s+/g, ' ').trim(),
      categories: Array.from(card.querySelectorAll('.docblog-meta-category'))
        .map(a => [a.textContent, a.href]),
      summary: summary ? summary.textContent : null,
      datetime: time ? time.getAttribute('datetime') : null,
      className: card.className,
      slugs: card.getAttribute('data-categories'),
    };
  })"""


def visible_cards(page: Any) -> list[dict[str, Any]]:
    return page.evaluate(CARDS_JS)


def titles(cards: list[dict[str, Any]]) -> list[str]:
    return [card["title"] for card in cards]


def count_line(page: Any) -> str:
    return page.text_content("#docblog-count").strip()


def wait_for_count(page: Any, text: str) -> None:
    page.wait_for_function("""text => {
        const count = document.querySelector('#docblog-count');
        return Boolean(count) && count.textContent.trim() === text; }""", arg=text)


def current_chips(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        '.docblog-chip[aria-current="page"]', "chips => chips.map(c => c.dataset.category)")


def pagination_visible(page: Any) -> bool:
    return page.evaluate("""() => {
        const nav = document.querySelector('.docblog-pagination');
        return Boolean(nav) && nav.getClientRects().length > 0; }""")


def category_of(url: str) -> str | None:
    values = parse_qs(urlsplit(url).query).get("category")
    return values[0] if values else None


def category_page_cards(session: Session, page: Any, slug: str) -> list[dict[str, Any]]:
    """Every card of a category's pages (1, 2, …), as its server-rendered pages show them."""
    page.goto(session.url(f"blog/category/{quote(slug)}.html"))
    cards = visible_cards(page)
    while (older := page.query_selector(".docblog-pagination-older")) is not None:
        with page.expect_navigation():
            older.click()
        cards += visible_cards(page)
    return cards


def expected_count_line(slug: str, number: int) -> str:
    return f"{number} post{'' if number == 1 else 's'} in {CATEGORIES[slug]}"


def choose(page: Any, slug: str) -> None:
    page.click(f'.docblog-chip[data-category="{slug}"]')


# --- filtering by category ---------------------------------------------------------------------


@browser_test
def test_chips_are_the_categories(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    slugs = page.eval_on_selector_all(".docblog-chip",
                                      "chips => chips.map(c => c.dataset.category)")
    assert slugs == ["", *CATEGORIES]
    assert current_chips(page) == [""]
    assert count_line(page) == ALL_COUNT_LINE
    assert len(visible_cards(page)) == PER_PAGE
    assert pagination_visible(page)


@browser_test
@pytest.mark.parametrize("start", ["blog.html", "blog/page/3.html"])
@pytest.mark.parametrize("slug", list(CATEGORIES))
def test_chip_filters_all_posts_of_its_category_in_place(session: Session, slug: str,
                                                         start: str) -> None:
    page = session.page()
    expected = category_page_cards(session, page, slug)
    assert expected, slug
    page.goto(session.url(start))
    page.evaluate("window.docblogSamePage = true")
    choose(page, slug)
    wait_for_count(page, expected_count_line(slug, len(expected)))
    assert page.evaluate("window.docblogSamePage") is True  # no page load
    # the same posts, in the same order, with the same meta lines and links as the category page
    assert visible_cards(page) == expected
    assert current_chips(page) == [slug]
    assert category_of(page.url) == slug
    assert urlsplit(page.url).path == "/" + start
    assert not pagination_visible(page)


@browser_test
def test_filter_covers_posts_on_other_pages(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    on_first_page = titles(visible_cards(page))
    choose(page, "ci-cd")
    wait_for_count(page, "4 posts in CI/CD")
    shown = titles(visible_cards(page))
    assert shown == ["Caching builds in CI", "Parallel CI runners", "Deploying docs from CI",
                     "Release 1.0"]
    assert set(shown) - set(on_first_page)  # from pages 2, 3 and 4
    assert "Unfinished thoughts" not in shown  # drafts are not listed


@browser_test
@pytest.mark.parametrize("slug", list(CATEGORIES))
def test_deep_link_shows_the_filtered_view(session: Session, slug: str) -> None:
    page = session.page()
    expected = category_page_cards(session, page, slug)
    page.goto(session.url(f"blog.html?category={quote(slug)}"))
    wait_for_count(page, expected_count_line(slug, len(expected)))
    assert visible_cards(page) == expected
    assert current_chips(page) == [slug]
    assert not pagination_visible(page)


@browser_test
def test_deep_link_to_an_unknown_category_shows_everything(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html?category=no-such-thing"))
    page.wait_for_load_state("load")
    assert count_line(page) == ALL_COUNT_LINE
    assert current_chips(page) == [""]
    assert len(visible_cards(page)) == PER_PAGE


@browser_test
def test_back_and_forward_restore_the_filter(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    first_page = visible_cards(page)
    choose(page, "ci-cd")
    wait_for_count(page, "4 posts in CI/CD")
    choose(page, "design")
    wait_for_count(page, "3 posts in Design")

    page.go_back()
    wait_for_count(page, "4 posts in CI/CD")
    assert category_of(page.url) == "ci-cd"
    assert current_chips(page) == ["ci-cd"]
    assert len(visible_cards(page)) == 4

    page.go_back()
    wait_for_count(page, ALL_COUNT_LINE)
    assert category_of(page.url) is None
    assert current_chips(page) == [""]
    assert visible_cards(page) == first_page
    assert pagination_visible(page)

    page.go_forward()
    wait_for_count(page, "4 posts in CI/CD")
    assert current_chips(page) == ["ci-cd"]
    page.go_forward()
    wait_for_count(page, "3 posts in Design")
    assert category_of(page.url) == "design"
    assert titles(visible_cards(page)) == [
        "Designing the category chips", "Ampersands & “quotes” in titles",
        "Colour and contrast"]


@browser_test
def test_all_restores_the_full_list(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog/page/2.html?category=performance"))
    wait_for_count(page, "2 posts in Performance")
    page.click('.docblog-chip[data-category=""]')
    wait_for_count(page, ALL_COUNT_LINE)
    assert category_of(page.url) is None
    assert urlsplit(page.url).path == "/blog/page/2.html"
    assert current_chips(page) == [""]
    assert titles(visible_cards(page)) == ["Release 1.2", "Parallel CI runners",
                                           "Ampersands & “quotes” in titles"]
    assert pagination_visible(page)


@browser_test
def test_cards_from_the_index_keep_author_text_as_text(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    choose(page, "design")
    wait_for_count(page, "3 posts in Design")
    card = next(c for c in visible_cards(page) if c["title"].startswith("Ampersands"))
    assert card["summary"] == ("Angle <script>window.docblogInjected = 1</script> & <b>bold</b> "
                               "text stays text.")
    assert page.evaluate("window.docblogInjected") is None
    assert page.eval_on_selector_all(".docblog-card-summary b, .docblog-card-summary script",
                                     "nodes => nodes.length") == 0


@browser_test
def test_modified_clicks_are_left_to_the_browser(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    with page.context.expect_page() as new_tab:
        page.click('.docblog-chip[data-category="design"]', modifiers=["Control"])
    new_tab.value.wait_for_load_state()
    assert urlsplit(new_tab.value.url).path == "/blog/category/design.html"
    assert count_line(page) == ALL_COUNT_LINE
    assert current_chips(page) == [""]
    assert category_of(page.url) is None


@browser_test
def test_without_the_posts_index_the_page_cards_are_filtered(session: Session) -> None:
    page = session.page()
    page.route("**/blog/posts.json", lambda route: route.fulfill(status=404, body="gone"))
    session.expected_errors.append("404")  # the failed fetch of posts.json is logged
    page.goto(session.url("blog/page/2.html"))
    choose(page, "ci-cd")
    wait_for_count(page, "4 posts in CI/CD")  # the chip's count, as the page's count line says
    assert titles(visible_cards(page)) == ["Parallel CI runners"]  # this page's only CI/CD post
    assert current_chips(page) == ["ci-cd"]
    # the pagination stays, and keeps the filter
    assert pagination_visible(page)
    older = page.get_attribute(".docblog-pagination-older", "href")
    assert category_of(older) == "ci-cd"
    with page.expect_navigation():
        page.click(".docblog-pagination-older")
    wait_for_count(page, "4 posts in CI/CD")
    assert titles(visible_cards(page)) == ["Deploying docs from CI"]
    page.click('.docblog-chip[data-category=""]')
    wait_for_count(page, ALL_COUNT_LINE)
    assert len(visible_cards(page)) == PER_PAGE
    assert category_of(page.get_attribute(".docblog-pagination-older", "href")) is None


@browser_test
def test_without_javascript_chips_open_category_pages(session: Session) -> None:
    page = session.page(java_script_enabled=False)
    expected = {}
    for slug in CATEGORIES:
        page.goto(session.url(f"blog/category/{quote(slug)}.html"))
        expected[slug] = visible_cards(page)
    for slug in CATEGORIES:
        page.goto(session.url("blog/page/2.html"))
        with page.expect_navigation():
            choose(page, slug)
        assert urlsplit(page.url).path == f"/blog/category/{quote(slug)}.html"
        assert visible_cards(page) == expected[slug]
        assert current_chips(page) == [slug]


# --- keyboard ----------------------------------------------------------------------------------

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    chip: el.matches('.docblog-chip') ? el.dataset.category : null,
    cardLink: Boolean(el.closest('.docblog-card')),
    focusVisible: el.matches(':focus-visible'),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
}"""


def tab(page: Any) -> dict[str, Any] | None:
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED_JS)


@browser_test
def test_keyboard_reaches_chips_in_order_and_activates_them(session: Session) -> None:
    page = session.page()
    page.goto(session.url("blog.html"))
    focused = None
    for _ in range(80):  # past the skip link, the sidebar and the header
        focused = tab(page)
        if focused and focused["chip"] is not None:
            break
    assert focused and focused["chip"] == "", "Tab never reached the chips"
    order = [focused["chip"]]
    for _ in CATEGORIES:
        focused = tab(page)
        assert focused["focusVisible"], focused
        assert focused["outlineStyle"] == "solid" and focused["outlineWidth"] >= 2, focused
        order.append(focused["chip"])
    assert order == ["", *CATEGORIES]
    # after the chips, the cards, with a visible focus ring too
    focused = tab(page)
    assert focused["cardLink"] and focused["focusVisible"], focused
    assert focused["outlineStyle"] == "solid" and focused["outlineWidth"] >= 2, focused

    # Enter activates a chip; focus stays on it
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_JS)["chip"] == "release-notes"
    page.keyboard.press("Enter")
    wait_for_count(page, "3 posts in Release Notes")
    assert current_chips(page) == ["release-notes"]
    assert page.evaluate(FOCUSED_JS)["chip"] == "release-notes"
    # Space too, without scrolling the page
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED_JS)["chip"] == "performance"
    scroll = page.evaluate("window.scrollY")
    page.keyboard.press("Space")
    wait_for_count(page, "2 posts in Performance")
    assert page.evaluate("window.scrollY") == scroll
    assert category_of(page.url) == "performance"
    # and Tab goes on from the chips to the filtered cards
    for _ in range(2):
        focused = tab(page)
    assert focused["cardLink"] and focused["focusVisible"], focused


# --- accessibility -----------------------------------------------------------------------------

AXE_PAGES = ["blog.html", "blog/page/2.html", "blog/category/ci-cd.html", "blog/archive.html",
             "posts/escaping.html", "posts/deploy.html"]
BLOCKING = ("serious", "critical")


def axe_violations(page: Any, axe_js: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    """Serious and critical violations on the page, but in the elements of ``exclude``."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    result = page.evaluate("""exclude => axe.run(
        exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document,
        {resultTypes: ['violations']})""", list(exclude))
    found = []
    for violation in result["violations"]:
        if violation["impact"] in BLOCKING:
            for node in violation["nodes"]:
                found.append(f"{violation['id']} ({violation['impact']}): {node['target']} "
                             f"{node.get('failureSummary', '')}")
    return found


@browser_test
@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_accessibility_violations(session: Session, node_tools: Path, path: str,
                                             theme: str) -> None:
    page = session.page(theme=theme, color_scheme=theme)
    page.goto(session.url(path))
    assert page.evaluate("document.body.dataset.theme") == theme
    assert axe_violations(page, node_tools / "axe-core" / "axe.min.js") == []


@browser_test
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_no_serious_accessibility_violations_when_filtered(session: Session, node_tools: Path,
                                                           theme: str) -> None:
    page = session.page(theme=theme, color_scheme=theme)
    page.goto(session.url("blog.html"))
    choose(page, "design")
    wait_for_count(page, "3 posts in Design")
    page.focus('.docblog-chip[data-category="design"]')
    assert axe_violations(page, node_tools / "axe-core" / "axe.min.js") == []


@browser_test
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_auto_theme_follows_the_system_colour_scheme(session: Session, node_tools: Path,
                                                     theme: str) -> None:
    page = session.page(color_scheme=theme)
    page.goto(session.url("blog.html"))
    assert page.evaluate("document.body.dataset.theme") in ("auto", None)
    assert axe_violations(page, node_tools / "axe-core" / "axe.min.js") == []


# --- phones ------------------------------------------------------------------------------------

PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}


def assert_no_horizontal_scroll(page: Any) -> None:
    sizes = page.evaluate(
        "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert sizes["scroll"] <= sizes["inner"], sizes


@browser_test
@pytest.mark.parametrize("path", ["blog.html", "blog/category/ci-cd.html", "blog/archive.html",
                                  "posts/escaping.html", "posts/incremental.html"])
def test_phone_width_has_no_horizontal_scroll(session: Session, path: str) -> None:
    page = session.page(**PHONE)
    page.goto(session.url(path))
    assert page.evaluate("window.innerWidth") == 375
    assert_no_horizontal_scroll(page)


@browser_test
def test_phone_chips_wrap_and_filtering_fits(session: Session) -> None:
    page = session.page(**PHONE)
    page.goto(session.url("blog.html"))
    boxes = page.eval_on_selector_all(".docblog-chip", """chips => chips.map(c => {
        const r = c.getBoundingClientRect(); return {top: r.top, right: r.right}; })""")
    assert len({round(box["top"]) for box in boxes}) > 1  # more than one row
    assert all(box["right"] <= 375 for box in boxes), boxes
    page.tap('.docblog-chip[data-category="performance"]')
    wait_for_count(page, "2 posts in Performance")
    assert_no_horizontal_scroll(page)


# --- pydata-sphinx-theme and sphinx-book-theme ------------------------------------------------

THEMES = {"pydata": "pydata_sphinx_theme", "book": "sphinx_book_theme"}
THEMED_PAGES = ["blog.html", "blog/category/ci-cd.html", "posts/escaping.html"]
MODES = ["light", "dark"]
BLOG_TITLE = "Browser Blog"
# The themes' own markup, on every page of theirs: pydata-sphinx-theme's search button (also
# in sphinx-book-theme) reads "Search Ctrl+K" but is labelled "Search", which axe reports
# as label-content-name-mismatch (serious). Left out of the checks, since docblog writes none of it.
THEMES_OWN_ISSUES = (".search-button-field",)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module", params=list(THEMES))
def themed(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """The test root built with another theme and served: (short name, base URL)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"docblog-browser-{request.param}-"))
    try:
        outdir = build_site(workdir, {"html_theme": THEMES[request.param]})
        with serving(outdir) as url:
            yield request.param, url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def themed_session(browser: Any, themed: tuple[str, str]) -> Iterator[Session]:
    session = Session(browser, themed[1])
    try:
        yield session
        session.check()
    finally:
        session.close()


def themed_page(session: Session, path: str, mode: str, **options: Any) -> Any:
    """A page in light or dark mode, as pydata-sphinx-theme's switch leaves it."""
    page = session.page(theme=mode, color_scheme=mode, **options)
    page.goto(session.url(path))
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    return page


# Colours as the browser computes them. A chip's background is the first painted one among
# it and its ancestors (composited over them when translucent), as the reader sees it.
COLOURS_JS = """() => {
  const parse = value => {
    const m = value.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const background = element => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let base = {r: 255, g: 255, b: 255};
    for (const c of layers.reverse()) {
      base = {r: c.r * c.a + base.r * (1 - c.a), g: c.g * c.a + base.g * (1 - c.a),
              b: c.b * c.a + base.b * (1 - c.a)};
    }
    return [base.r, base.g, base.b];
  };
  const colour = element => {
    const c = parse(getComputedStyle(element).color);
    return [c.r, c.g, c.b];
  };
  const root = getComputedStyle(document.documentElement);
  const resolve = name => {  // a custom property's value, as a computed rgb()
    const raw = root.getPropertyValue(name).trim();
    if (!raw) return null;
    const probe = document.createElement('span');
    probe.style.color = raw;
    document.body.append(probe);
    const value = colour(probe);
    probe.remove();
    return value;
  };
  const visible = e => e.getClientRects().length > 0;
  return {
    primary: resolve('--pst-color-primary'),
    textBase: resolve('--pst-color-text-base'),
    chips: Array.from(document.querySelectorAll('.docblog-chip')).filter(visible).map(chip => ({
      slug: chip.dataset.category,
      current: chip.getAttribute('aria-current') === 'page',
      colour: colour(chip),
      background: background(chip),
      fill: parse(getComputedStyle(chip).backgroundColor),
    })),
    cards: Array.from(document.querySelectorAll('.docblog-card')).filter(visible).map(card => ({
      background: background(card),
      title: colour(card.querySelector('.docblog-card-title a')),
      meta: colour(card.querySelector('.docblog-meta')),
    })),
  };
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG relative luminance of an sRGB colour (0-255 channels)."""
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: list[float], second: list[float]) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_is_wcag_s() -> None:
    assert contrast([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert contrast([119, 119, 119], [255, 255, 255]) == pytest.approx(4.48, abs=0.01)
    assert luminance([20, 24, 30]) < 0.2 < luminance([243, 244, 245])


@browser_test
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", THEMED_PAGES)
def test_themed_pages_have_no_serious_accessibility_violations(
        themed_session: Session, node_tools: Path, path: str, mode: str) -> None:
    page = themed_page(themed_session, path, mode)
    violations = axe_violations(page, node_tools / "axe-core" / "axe.min.js",
                                exclude=THEMES_OWN_ISSUES)
    assert violations == []


@browser_test
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("path", "selected"), [("blog.html", ""),
                                                 ("blog/category/ci-cd.html", "ci-cd")])
def test_themed_chips_and_cards_take_the_theme_colours(themed_session: Session, path: str,
                                                       selected: str, mode: str) -> None:
    page = themed_page(themed_session, path, mode, **DESKTOP)
    colours = page.evaluate(COLOURS_JS)
    assert colours["primary"] is not None, "the theme defines no --pst-color-primary"
    chips = colours["chips"]
    assert [chip["slug"] for chip in chips] == ["", *CATEGORIES]
    for chip in chips:  # readable, selected or not
        ratio = contrast(chip["colour"], chip["background"])
        assert ratio >= 4.5, (mode, chip, ratio)
    current = [chip for chip in chips if chip["current"]]
    assert [chip["slug"] for chip in current] == [selected]
    # the selected chip is filled with the theme's primary colour; the others with none,
    # their text in the theme's text colour
    assert current[0]["background"] == colours["primary"], (current[0], colours["primary"])
    assert all(chip["fill"]["a"] == 0 for chip in chips if not chip["current"]), chips
    assert all(chip["colour"] == colours["textBase"] for chip in chips if not chip["current"])
    cards = colours["cards"]
    assert cards
    for card in cards:
        if mode == "dark":
            assert luminance(card["background"]) < 0.2, card
        else:
            assert luminance(card["background"]) > 0.8, card
        assert contrast(card["title"], card["background"]) >= 4.5, card
        assert contrast(card["meta"], card["background"]) >= 4.5, card


@browser_test
@pytest.mark.parametrize("mode", MODES)
def test_themed_selected_chip_follows_a_filter(themed_session: Session, mode: str) -> None:
    page = themed_page(themed_session, "blog.html", mode, **DESKTOP)
    choose(page, "design")
    wait_for_count(page, "3 posts in Design")
    colours = page.evaluate(COLOURS_JS)
    current = [chip for chip in colours["chips"] if chip["current"]]
    assert [chip["slug"] for chip in current] == ["design"]
    assert current[0]["background"] == colours["primary"]
    assert contrast(current[0]["colour"], current[0]["background"]) >= 4.5, current[0]


# docblog's elements inside the theme's main column, and that column within the page.
FITS_JS = """() => {
  const column = document.querySelector('.bd-article-container');
  const box = column.getBoundingClientRect();
  const outside = Array.from(document.querySelectorAll(
      '.docblog-listing, .docblog-listing *, .docblog-post-header, .docblog-post-header *, '
      + '.docblog-post-nav, .docblog-post-nav *'))
    .filter(e => e.getClientRects().length > 0)
    .map(e => ({element: e.tagName + '.' + e.className, rect: e.getBoundingClientRect()}))
    .filter(({rect}) => rect.left < box.left - 0.5 || rect.right > box.right + 0.5)
    .map(({element, rect}) => `${element} ${rect.left}-${rect.right}`);
  return {outside, column: [box.left, box.right], inner: window.innerWidth,
          scroll: document.documentElement.scrollWidth,
          chips: Array.from(document.querySelectorAll('.docblog-chip'))
            .map(c => c.getBoundingClientRect().right)};
}"""


@browser_test
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", THEMED_PAGES)
def test_themed_phone_width_has_no_horizontal_scroll(themed_session: Session, path: str,
                                                     mode: str) -> None:
    # pydata-sphinx-theme's header and its hidden page-contents sidebar are wider than
    # 375px by themselves, on any page, so the phone lays the page out a little wider, by an
    # amount that depends on when its icons and fonts have loaded (402 or 422 px on the same
    # page in two runs). What docblog owns is checked instead: the theme's main column fits
    # the phone's 375px, and nothing of docblog's leaves it.
    page = themed_page(themed_session, path, mode, **PHONE)
    fits = page.evaluate(FITS_JS)
    assert fits["scroll"] <= fits["inner"], fits
    assert fits["column"][1] - fits["column"][0] <= 375.5, fits
    assert fits["outside"] == [], fits
    assert fits["column"][0] >= 0 and fits["column"][1] <= fits["inner"], fits
    assert all(right <= fits["column"][1] for right in fits["chips"]), fits
    if path.startswith("blog"):
        assert len(fits["chips"]) == 1 + len(CATEGORIES)


# Where each theme lists the site's first-level pages: pydata in its header, the book
# theme in its sidebar.
NAV_OF_THEME = {
    "pydata": ".bd-header .navbar-header-items .navbar-nav",
    "book": ".bd-sidebar-primary .bd-docs-nav",
}
NAV_ENTRIES_JS = """selector => {
  const nav = document.querySelector(selector);
  if (!nav || nav.getClientRects().length === 0) return null;
  return Array.from(nav.querySelectorAll('a')).map(a => ({
    text: a.textContent.trim(), href: a.href, visible: a.getClientRects().length > 0,
    current: a.closest('li').classList.contains('current'),
  }));
}"""


@browser_test
@pytest.mark.parametrize(("path", "current"), [("guide.html", False), ("blog.html", True),
                                               ("blog/category/ci-cd.html", True),
                                               ("posts/escaping.html", True)])
def test_themed_navigation_has_the_blog_entry_once(themed: tuple[str, str],
                                                   themed_session: Session, path: str,
                                                   current: bool) -> None:
    page = themed_page(themed_session, path, "light", **DESKTOP)
    entries = page.evaluate(NAV_ENTRIES_JS, NAV_OF_THEME[themed[0]])
    assert entries is not None, f"no visible {NAV_OF_THEME[themed[0]]} on {path}"
    blog = [entry for entry in entries if entry["text"] == BLOG_TITLE]
    assert len(blog) == 1, entries
    assert blog[0]["visible"]
    assert urlsplit(blog[0]["href"]).path == "/blog.html"
    assert blog[0]["current"] is current
    assert [entry["text"] for entry in entries][-1] == BLOG_TITLE  # after the site's pages
    assert "Guide" in [entry["text"] for entry in entries]


# --- the navigation entry in each theme (no browser) -------------------------------------------

NAV_SELECTORS = {  # the site's first-level navigation, as each theme writes it
    "furo": ".sidebar-tree",
    "pydata_sphinx_theme": ".bd-header .navbar-header-items .navbar-nav",
    "sphinx_book_theme": ".bd-sidebar-primary .bd-docs-nav",
    "alabaster": ".sphinxsidebar",
}


def nav_links(outdir: Path, page: str, theme: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one(NAV_SELECTORS[theme])
    assert nav is not None, (theme, page)
    return [(a.get_text(strip=True), a["href"]) for a in nav.select("li.toctree-l1 > a, "
                                                                     "li.nav-item > a")]


@pytest.mark.parametrize("theme", list(NAV_SELECTORS))
def test_site_listing_its_blog_page_gets_no_second_entry(tmp_path: Path, rootdir: Path,
                                                         make_app: Callable[..., Any],
                                                         theme: str) -> None:
    # an ABlog-style site: its own page at blog_path ("News") is in the root toctree
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-browser-listed", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": theme})
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    outdir = Path(app.outdir)
    for page, blog_href in (("guide.html", "blog.html"), ("posts/first.html", "../blog.html")):
        links = nav_links(outdir, page, theme)
        assert links == [("Guide", links[0][1]), ("News", blog_href)], (theme, page, links)
        assert "Listed Blog" not in (outdir / page).read_text(encoding="utf-8").split("<body")[1]


@pytest.mark.parametrize("theme", list(NAV_SELECTORS))
@pytest.mark.parametrize("nav_entry", [True, False])
def test_blog_entry_is_added_once_in_each_theme(tmp_path: Path, rootdir: Path,
                                                make_app: Callable[..., Any], theme: str,
                                                nav_entry: bool) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-browser-listed", srcdir)
    (srcdir / "blog.md").unlink()
    (srcdir / "index.md").write_text("# Listed docs\n\n```{toctree}\nguide\n```\n",
                                     encoding="utf-8")
    app = make_app("html", srcdir=srcdir,
                   confoverrides={"html_theme": theme, "docblog_nav_entry": nav_entry})
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    for page, blog_href in (("guide.html", "blog.html"), ("posts/first.html", "../blog.html")):
        links = nav_links(Path(app.outdir), page, theme)
        expected = [("Listed Blog", blog_href)] if nav_entry else []
        assert links == [("Guide", links[0][1]), *expected], (theme, page, links)


def test_pydata_blog_entry_goes_last_into_the_more_dropdown(tmp_path: Path, rootdir: Path,
                                                            make_app: Callable[..., Any]) -> None:
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-browser-listed", srcdir)
    (srcdir / "blog.md").unlink()
    for name in ("setup", "usage"):
        (srcdir / f"{name}.md").write_text(f"# {name.title()}\n\nText.\n", encoding="utf-8")
    (srcdir / "index.md").write_text("# Listed docs\n\n```{toctree}\nguide\nsetup\nusage\n```\n",
                                     encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={
        "html_theme": "pydata_sphinx_theme",
        "html_theme_options": {"header_links_before_dropdown": 1}})
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == "", app.warning.getvalue()
    for page, current in (("guide.html", False), ("posts/first.html", True)):
        soup = BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")
        header = soup.select_one(NAV_SELECTORS["pydata_sphinx_theme"])
        shown = [a.get_text(strip=True) for a in header.select(":scope > li.nav-item > a")]
        more = header.select(".dropdown-menu > li > a")
        assert shown == ["Guide"], (page, shown)
        assert [a.get_text(strip=True) for a in more] == ["Setup", "Usage", "Listed Blog"], page
        blog = more[-1]
        assert blog["class"] == ["nav-link", "dropdown-item", "nav-internal"]
        assert ("current" in blog.parent.get("class", [])) is current, page


# --- the whole site: valid HTML, no broken links -------------------------------------------------


@browser_test
def test_site_is_valid_html(site: Path, node_tools: Path) -> None:
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is needed to run the Nu HTML checker (vnu.jar): apt-get install default-jre")
    result = subprocess.run(
        [java, "-jar", str(node_tools / "vnu-jar" / "build" / "dist" / "vnu.jar"),
         "--errors-only", "--skip-non-html", str(site)],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr + result.stdout


@browser_test
def test_site_has_no_broken_links_or_anchors(site: Path) -> None:
    # LinkChecker, offline: local files only, and every #fragment (its AnchorCheck plugin).
    # next to the site, readable by "nobody", whom LinkChecker becomes when run as root
    config = site.parent / "linkcheckerrc"
    config.write_text("[filtering]\ncheckextern=0\n\n[AnchorCheck]\n", encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    result = subprocess.run(
        [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status",
         "--threads", "4", *(p.as_uri() for p in pages)],
        capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"\b0 warnings found\. 0 errors found\.", result.stdout), result.stdout


def test_posts_index_is_every_listed_post(site: Path) -> None:
    data = json.loads((site / "blog" / "posts.json").read_text(encoding="utf-8"))
    index = BeautifulSoup((site / "blog.html").read_text(encoding="utf-8"), "html.parser")
    listing = index.select_one(".docblog-listing")
    assert listing["data-docblog-posts"] == "blog/posts.json"
    assert len(data["posts"]) == LISTED
    assert [c["slug"] for c in data["categories"]] == list(CATEGORIES)
    first = data["posts"][0]
    assert first == {
        "title": "Caching builds in CI",
        "url": "../posts/ci-caching.html",
        "date_iso": "2026-03-10T00:00:00+00:00",
        "date_display": "March 10, 2026",
        "categories": [{"name": "CI/CD", "slug": "ci-cd", "url": "category/ci-cd.html"}],
        "minutes": 1,
        "reading_time": "1 min read",
        "summary": first["summary"],
        "image": "",
        "draft": False,
        "card": first["card"],
    }
    # the card's markup is the pages' own card (docblog/card.html), URLs relative to the file
    card = BeautifulSoup(first["card"], "html.parser").select_one("article.docblog-card")
    on_page = next(c for c in index.select(".docblog-card")
                   if c.select_one(".docblog-card-title a").get_text() == first["title"])
    assert card["data-categories"] == on_page["data-categories"] == "ci-cd"
    assert card.select_one(".docblog-card-title a")["href"] == "../posts/ci-caching.html"
    assert card.get_text(" ", strip=True) == on_page.get_text(" ", strip=True)
    for post in data["posts"]:
        assert (site / "blog" / post["url"]).resolve().is_file()
        for category in post["categories"]:
            assert (site / "blog" / category["url"].replace("%C3%A9", "é")).resolve().is_file()
    page2 = BeautifulSoup((site / "blog/page/2.html").read_text(encoding="utf-8"), "html.parser")
    assert page2.select_one(".docblog-listing")["data-docblog-posts"] == "../posts.json"


# --- OpenGraph (no browser) --------------------------------------------------------------------


def head_meta(outdir: Path, page: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup((outdir / page).read_text(encoding="utf-8"), "html.parser")
    return [(m.get("property") or m.get("name"), m.get("content"))
            for m in soup.head.find_all("meta") if m.get("property") or m.get("name")]


@pytest.mark.sphinx("html", testroot="browser")
def test_post_pages_carry_opengraph_tags(app: Any) -> None:
    app.build()
    meta = dict(head_meta(Path(app.outdir), "posts/escaping.html"))
    summary = "Angle <script>window.docblogInjected = 1</script> & <b>bold</b> text stays text."
    assert meta["description"] == summary
    assert meta["og:title"] == "Ampersands & “quotes” in titles"
    assert meta["og:description"] == summary
    assert meta["og:type"] == "article"
    assert meta["og:site_name"] == "Browser blog"
    assert meta["og:url"] == "https://blog.example.org/posts/escaping.html"
    assert meta["og:image"] == "https://blog.example.org/posts/cover.png"  # next to the post
    assert meta["article:published_time"] == "2026-01-20T00:00:00Z"
    assert "article:modified_time" not in meta
    deploy = dict(head_meta(Path(app.outdir), "posts/deploy.html"))
    assert deploy["og:image"] == "https://blog.example.org/_static/cover.png"  # from the root
    assert deploy["article:modified_time"] == "2025-12-12T00:00:00Z"
    html = (Path(app.outdir) / "posts/escaping.html").read_text(encoding="utf-8")
    assert "<script>window.docblogInjected" not in html
    # listing pages and other documents get none
    assert not any(k.startswith("og:") for k, _v in head_meta(Path(app.outdir), "blog.html"))
    assert not any(k.startswith("og:") for k, _v in head_meta(Path(app.outdir), "guide.html"))


@pytest.mark.sphinx("html", testroot="browser", confoverrides={"blog_baseurl": ""})
def test_without_baseurl_no_relative_urls_are_claimed(app: Any) -> None:
    app.build()
    meta = dict(head_meta(Path(app.outdir), "posts/deploy.html"))
    assert meta["og:title"] == "Deploying docs from CI"
    assert "og:url" not in meta
    assert "og:image" not in meta  # a relative image needs blog_baseurl to become absolute


@pytest.mark.parametrize("extensions", [["docblog", "sphinxext.opengraph"],
                                        ["sphinxext.opengraph", "docblog"]])
@pytest.mark.sphinx("html", testroot="browser")
def test_sphinxext_opengraph_alongside_writes_each_tag_once(make_app: Callable[..., Any],
                                                             app_params: Any,
                                                             extensions: list[str]) -> None:
    args, kwargs = app_params
    kwargs["confoverrides"] = {"extensions": extensions,
                               "ogp_site_url": "https://blog.example.org/"}
    app = make_app(*args, **kwargs)
    app.build()
    for page in ("posts/escaping.html", "posts/deploy.html"):
        keys = [k for k, _v in head_meta(Path(app.outdir), page)
                if k.startswith(("og:", "article:")) or k == "description"]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        assert repeated == [], (extensions, page, repeated)
        meta = dict(head_meta(Path(app.outdir), page))
        assert meta["og:title"]
        assert meta["article:published_time"].endswith("Z")
        assert meta["og:url"].startswith("https://blog.example.org/posts/")
    meta = dict(head_meta(Path(app.outdir), "posts/deploy.html"))
    if extensions[0] == "docblog":  # docblog first: sphinxext-opengraph gets the post's values
        assert meta["og:type"] == "article"
        assert meta["og:image"] == "https://blog.example.org/_static/cover.png"


# --- the posts index (no browser) --------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="browser")
def test_posts_index_is_written_only_when_it_changes(app: Any, make_app: Callable[..., Any],
                                                     app_params: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_TIME))
    app.build()
    index = Path(app.outdir) / "blog" / "posts.json"
    written = index.stat().st_mtime_ns
    args, kwargs = app_params
    again = make_app(*args, **kwargs)
    again.build()
    assert index.stat().st_mtime_ns == written
    post = Path(again.srcdir) / "posts" / "release-1-0.md"
    post.write_text(post.read_text(encoding="utf-8").replace("# Release 1.0", "# Release 1.0.1"),
                    encoding="utf-8")
    try:
        make_app(*args, **kwargs).build()
        titles_now = [p["title"] for p in json.loads(index.read_text(encoding="utf-8"))["posts"]]
        assert "Release 1.0.1" in titles_now
    finally:
        restored = post.read_text(encoding="utf-8").replace("# Release 1.0.1", "# Release 1.0")
        post.write_text(restored, encoding="utf-8")


@pytest.mark.sphinx("html", testroot="browser", confoverrides={"docblog_show_drafts": True})
def test_posts_index_marks_drafts_when_they_are_listed(app: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(BUILD_TIME))
    app.build()
    data = json.loads((Path(app.outdir) / "blog" / "posts.json").read_text(encoding="utf-8"))
    drafts = [p["title"] for p in data["posts"] if p["draft"]]
    assert drafts == ["Unfinished thoughts"]
    assert data["labels"]["draft"] == "Draft"


@browser_test
def test_a_site_card_template_is_used_in_the_filtered_view_too(browser: Any, tmp_path: Path) -> None:
    """The filter shows the cards docblog rendered with the site's own docblog/card.html."""
    templates = tmp_path / "templates" / "docblog"
    templates.mkdir(parents=True)
    (templates / "card.html").write_text(
        '{% macro card(post) %}<article class="docblog-card site-card" '
        'data-categories="{{ post.category_slugs|join(\' \') }}"><h2 class="docblog-card-title">'
        '<a href="{{ post.url }}">{{ post.title }}</a></h2><p class="site-card-note">'
        '{{ post.minutes }} minutes</p></article>{% endmacro %}\n', encoding="utf-8")
    (tmp_path / "work").mkdir()
    site = build_site(tmp_path / "work", {"templates_path": [str(tmp_path / "templates")]})
    with serving(site) as url, contextlib.closing(Session(browser, url)) as session:
        page = session.page()
        page.goto(session.url("blog/page/2.html"))
        assert page.locator(".site-card").count() == PER_PAGE
        choose(page, "ci-cd")
        wait_for_count(page, "4 posts in CI/CD")
        shown = page.locator(".docblog-cards--filtered .site-card")
        assert shown.count() == 4
        assert all(note.endswith(" minutes") for note in shown.locator(".site-card-note").all_inner_texts())
        first = shown.first.locator("a")
        first.click()
        page.wait_for_load_state()
        assert urlsplit(page.url).path.startswith("/posts/")
        session.check()


# --- the count line in a language with three plural forms --------------------------------------


def build_russian_site(workdir: Path) -> Path:
    """A Russian blog whose categories have 1, 2 and 5 posts (Russian "one", "few", "many")."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = workdir / "src"
    (srcdir / "posts").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        'extensions = ["docblog"]\nproject = "Блог"\nhtml_theme = "furo"\nlanguage = "ru"\n'
        'blog_title = "Блог"\nblog_baseurl = "https://blog.example.org/"\n'
        'docblog_posts_per_page = 3\nexclude_patterns = ["_build"]\n', encoding="utf-8")
    (srcdir / "index.md").write_text("# Блог\n\nЗаписи.\n", encoding="utf-8")
    categories = ["Notes"] * 5 + ["Code"] * 2 + ["Data"]
    for number, category in enumerate(categories, start=1):
        (srcdir / "posts" / f"post-{number}.md").write_text(
            f"---\ndate: 2026-01-{number:02d}\ncategory: {category}\n---\n\n# Запись {number}\n\nТекст.\n",
            encoding="utf-8")
    status, warning = StringIO(), StringIO()
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("DOCBLOG_SHOW_DRAFTS", raising=False)
        environment.setenv("SOURCE_DATE_EPOCH", str(BUILD_TIME))
        app = SphinxTestApp("html", srcdir=srcdir, status=status, warning=warning)
        try:
            app.build()
        finally:
            app.cleanup()
    assert warning.getvalue() == "", warning.getvalue()
    return Path(app.outdir)


@browser_test
def test_filter_count_line_takes_the_russian_plural_forms(browser: Any, tmp_path: Path) -> None:
    """1 запись, 2 записи, 5 записей: the form Intl.PluralRules gives, not "one or other"."""
    site = build_russian_site(tmp_path)
    with serving(site) as url, contextlib.closing(Session(browser, url)) as session:
        page = session.page()
        page.goto(session.url("blog.html"))
        assert count_line(page) == "Опубликовано 8 записей."
        for slug, expected in [
            ("data", "1 запись в категории «Data»"),
            ("code", "2 записи в категории «Code»"),
            ("notes", "5 записей в категории «Notes»"),
        ]:
            choose(page, slug)
            wait_for_count(page, expected)
            assert len(visible_cards(page)) == int(expected.split()[0])
            assert current_chips(page) == [slug]
        session.check()
