"""Comments that load nothing until a reader asks (issue 19).

Built sites (``tests/roots/test-comments``, giscus by default) are checked with BeautifulSoup:
which posts show the button, that no page makes the browser request anything of the
provider, that settings are escaped, the configuration's warnings, ABlog's Disqus settings
and incremental builds. In Chromium, a stub provider on 127.0.0.1 stands for giscus: it is
asked for nothing before the button is pressed, and for its script after.
"""

from __future__ import annotations

import http.server
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import build_once, soup, warnings_of
from test_browser import AXE_JS, THEMES_OWN_ISSUES, Session, axe_violations, browser, node_tools, serving
from test_incremental import assert_same_site, edit

__all__ = ["browser", "node_tools"]  # fixtures of test_browser, used here

GISCUS = {
    "provider": "giscus",
    "repo": "example/comments-blog",
    "repo_id": "R_kgDOExample",
    "category": 'Q&A "Blog" <comments>',
    "category_id": "DIC_kwDOExample",
}
WITH = ["posts/hello.html", "posts/draft-asked.html"]
WITHOUT = ["posts/quiet.html", "posts/legacy.html", "posts/draft.html", "posts/unlisted.html"]
PROVIDER_HOSTS = ("giscus.app", "utteranc.es", "disqus.com", "comments.example.net")


def html_files(outdir: Path) -> list[Path]:
    return sorted(p for p in Path(outdir).rglob("*.html") if "_static" not in p.parts)


def requests_named(page: BeautifulSoup, hosts: tuple[str, ...]) -> list[str]:
    """Places in a page that would make the browser ask one of ``hosts`` (or show its
    address outside ``data-*`` attributes): every attribute but data-*, and scripts' text."""
    found = []
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            values = value if isinstance(value, list) else [value]
            if not name.startswith("data-") and any(h in v for v in values for h in hosts):
                found.append(f"<{tag.name} {name}={value!r}>")
        if tag.name in ("script", "style") and any(h in (tag.string or "") for h in hosts):
            found.append(f"<{tag.name}>{tag.string[:80]}")
    return found


def section(page: BeautifulSoup) -> Any:
    return page.select_one("section.docblog-comments")


@pytest.fixture(scope="module")
def giscus_site(rootdir, sphinx_test_tempdir) -> Any:
    return build_once(rootdir, sphinx_test_tempdir, "comments", "comments-giscus")


# --- which posts show comments -----------------------------------------------------------------


def test_the_site_builds_without_warnings(giscus_site):
    assert warnings_of(giscus_site) == ""


@pytest.mark.parametrize("page", WITH)
def test_posts_with_comments_show_the_button(giscus_site, page):
    html = soup(giscus_site, page)
    found = section(html)
    assert found is not None
    assert found["data-docblog-comments"] == "giscus"
    assert found["data-script"] == "https://giscus.app/client.js"
    button = found.select_one(".docblog-comments-button")
    assert button.get_text(strip=True) == "Show comments"
    assert html.find("script", src=re.compile(r"docblog-comments\.js"))


@pytest.mark.parametrize("page", WITHOUT)
def test_posts_without_comments_have_no_button_and_no_script(giscus_site, page):
    html = soup(giscus_site, page)
    assert section(html) is None
    assert not html.find("script", src=re.compile(r"docblog-comments\.js"))
    assert "giscus" not in str(html)


def test_listing_pages_show_no_comments(giscus_site):
    for page in ("blog.html", "index.html", "blog/tag/welcome.html"):
        html = soup(giscus_site, page)
        assert section(html) is None, page
        assert not html.find("script", src=re.compile(r"docblog-comments\.js")), page


def test_no_page_requests_anything_of_the_provider(giscus_site):
    for path in html_files(giscus_site.outdir):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert requests_named(page, ("giscus.app",)) == [], path
        for tag in page.find_all(["script", "link", "img", "iframe"]):
            address = tag.get("src") or tag.get("href") or ""
            assert not urlsplit(address).netloc, (path, address)


def test_settings_are_escaped_in_data_attributes(giscus_site):
    raw = (Path(giscus_site.outdir) / "posts/hello.html").read_text(encoding="utf-8")
    assert 'data-option-category="Q&amp;A &#34;Blog&#34; &lt;comments&gt;"' in raw
    assert "<comments>" not in raw
    found = section(soup(giscus_site, "posts/hello.html"))
    assert found["data-option-category"] == GISCUS["category"]
    assert found["data-option-repo"] == "example/comments-blog"
    assert found["data-option-repo-id"] == "R_kgDOExample"
    assert found["data-option-mapping"] == "pathname"
    assert found["data-option-lang"] == "en"


def test_without_javascript_the_button_links_to_the_discussion(giscus_site):
    button = section(soup(giscus_site, "posts/hello.html")).select_one(".docblog-comments-button")
    assert button.name == "a"
    assert button["href"] == ("https://github.com/example/comments-blog/discussions"
                              "?discussions_q=in%3Atitle%20posts/hello")
    assert "nofollow" in button["rel"]
    note = section(soup(giscus_site, "posts/hello.html")).select_one(".docblog-comments-note")
    assert note.get_text(strip=True) == "Comments are loaded from giscus.app only when you ask for them."


# --- other providers and the site's default ----------------------------------------------------


@pytest.mark.parametrize(("settings", "script", "options", "link"), [
    ({"provider": "utterances", "repo": "example/blog", "label": "comments"},
     "https://utteranc.es/client.js",
     {"data-option-repo": "example/blog", "data-option-issue-term": "pathname",
      "data-option-label": "comments"},
     "https://github.com/example/blog/issues?q=is%3Aissue%20in%3Atitle%20posts/hello"),
    ({"provider": "disqus", "shortname": "comments-blog"},
     "https://comments-blog.disqus.com/embed.js",
     {"data-option-shortname": "comments-blog", "data-option-identifier": "/posts/hello/",
      "data-option-url": "https://comments.example.org/posts/hello",
      "data-option-title": "Hello, comments"},
     None),
    ({"provider": "isso", "url": "https://comments.example.net/isso"},
     "https://comments.example.net/isso/js/embed.min.js", {"data-option-lang": "en"}, None),
    ({"provider": "remark42", "url": "https://comments.example.net", "site_id": "blog"},
     "https://comments.example.net/web/embed.mjs",
     {"data-option-site-id": "blog", "data-option-locale": "en"}, None),
])
def test_each_provider(make_app, rootdir, sphinx_test_tempdir, settings, script, options, link):
    app = make_app("html", srcdir=copy_of(rootdir, sphinx_test_tempdir, settings["provider"]),
                   confoverrides={"docblog_comments": settings})
    app.build()
    assert warnings_of(app) == ""
    found = section(soup(app, "posts/hello.html"))
    assert found["data-docblog-comments"] == settings["provider"]
    assert found["data-script"] == script
    assert {k: v for k, v in found.attrs.items() if k.startswith("data-option-")} == options
    button = found.select_one(".docblog-comments-button")
    if link is None:  # no page of its own for a thread: shown by the script only
        assert button.name == "button" and found.has_attr("hidden")
    else:
        assert button.name == "a" and button["href"] == link and not found.has_attr("hidden")
    for path in html_files(app.outdir):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert requests_named(page, PROVIDER_HOSTS) == [], path


def copy_of(rootdir: Path, tempdir: Path, name: str) -> Path:
    srcdir = tempdir / f"comments-{name}"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(rootdir / "test-comments", srcdir)
    return srcdir


def test_off_by_default_a_post_can_ask_for_comments(make_app, rootdir, sphinx_test_tempdir):
    srcdir = copy_of(rootdir, sphinx_test_tempdir, "default-off")
    edit(srcdir / "posts/quiet.md", "comments: false", "comments: true")
    app = make_app("html", srcdir=srcdir, confoverrides={"docblog_comments": {**GISCUS, "default": False}})
    app.build()
    assert warnings_of(app) == ""
    assert section(soup(app, "posts/hello.html")) is None
    assert section(soup(app, "posts/quiet.html")) is not None


def test_drafts_get_comments_when_the_site_asks(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=copy_of(rootdir, sphinx_test_tempdir, "drafts"),
                   confoverrides={"docblog_comments": {**GISCUS, "drafts": True}})
    app.build()
    assert section(soup(app, "posts/draft.html")) is not None
    assert section(soup(app, "posts/unlisted.html")) is None  # unlisted: only when it asks
    assert section(soup(app, "posts/legacy.html")) is None


def test_the_button_is_translated(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=copy_of(rootdir, sphinx_test_tempdir, "es"),
                   confoverrides={"language": "es"})
    app.build()
    found = section(soup(app, "posts/hello.html"))
    assert found.select_one(".docblog-comments-button").get_text(strip=True) == "Mostrar comentarios"
    assert found.select_one("h2").get_text(strip=True) == "Comentarios"
    assert found["data-option-lang"] == "es"


# --- configuration warnings --------------------------------------------------------------------


def conf_line(srcdir: Path, text: str) -> int:
    return next(number for number, line in enumerate(
        (srcdir / "conf.py").read_text(encoding="utf-8").splitlines(), start=1) if text in line)


@pytest.mark.parametrize(("replace", "message"), [
    ('"provider": "giscus"', "docblog_comments['provider'] = 'gitter' must be one of 'giscus', "
     "'utterances', 'disqus', 'isso', 'remark42'; no comments are shown"),
    ('"repo": "example/comments-blog"', "docblog_comments['repo'] = 'not a repo' must be a GitHub "
     "repository as 'owner/name'; no comments are shown"),
    ('"repo_id": "R_kgDOExample",', "docblog_comments: giscus needs 'repo_id'; no comments are shown"),
])
def test_a_bad_setting_is_named_at_its_line_and_turns_comments_off(
        make_app, rootdir, sphinx_test_tempdir, replace, message):
    srcdir = copy_of(rootdir, sphinx_test_tempdir, "bad")
    wrong = {'"provider": "giscus"': '"provider": "gitter"',
             '"repo": "example/comments-blog"': '"repo": "not a repo"',
             '"repo_id": "R_kgDOExample",': ""}[replace]
    edit(srcdir / "conf.py", replace, wrong)
    app = make_app("html", srcdir=srcdir)
    app.build()
    line = conf_line(srcdir, "docblog_comments")
    expected = f"{srcdir / 'conf.py'}:{line}: WARNING: {message} [docblog.config]"
    assert [re.sub(r"\x1b\[[0-9;]*m", "", w) for w in warnings_of(app).splitlines()] == [expected]
    assert section(soup(app, "posts/hello.html")) is None


def test_an_unknown_key_is_named_and_ignored(make_app, rootdir, sphinx_test_tempdir):
    app = make_app("html", srcdir=copy_of(rootdir, sphinx_test_tempdir, "unknown"),
                   confoverrides={"docblog_comments": {**GISCUS, "theme": "dark",
                                                       "url": "javascript:alert(1)"}})
    app.build()
    warnings = warnings_of(app)
    assert "docblog_comments: unknown key 'theme' for giscus" in warnings
    assert "docblog_comments['url'] = 'javascript:alert(1)' must be an http(s) address" in warnings
    assert section(soup(app, "posts/hello.html"))["data-script"] == "https://giscus.app/client.js"


def test_a_bad_front_matter_value_is_named_at_its_line(make_app, rootdir, sphinx_test_tempdir):
    srcdir = copy_of(rootdir, sphinx_test_tempdir, "bad-flag")
    edit(srcdir / "posts/quiet.md", "comments: false", "comments: sometimes")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "quiet.md:4: WARNING: 'comments' must be true or false" in warnings_of(app)


# --- ABlog's Disqus settings -------------------------------------------------------------------


def test_an_ablog_site_with_disqus_keeps_its_comments(make_app, rootdir, sphinx_test_tempdir):
    srcdir = sphinx_test_tempdir / "comments-ablog"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(rootdir / "test-ablog", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"disqus_shortname": "legacy-blog"})
    app.build()
    assert warnings_of(app) == ""
    found = section(soup(app, "posts/directive-post.html"))
    assert found["data-docblog-comments"] == "disqus"
    assert found["data-script"] == "https://legacy-blog.disqus.com/embed.js"
    # ABlog's identifier and address, so the site's existing threads are found
    assert found["data-option-identifier"] == "/posts/directive-post/"
    assert found["data-option-url"] == "https://legacy.example.org/posts/directive-post"
    for path in html_files(app.outdir):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert requests_named(page, ("disqus.com",)) == [], path
        assert "disqus_shortname" not in str(page)


# --- incremental builds ------------------------------------------------------------------------


def test_a_changed_switch_is_picked_up_incrementally(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-comments", srcdir)

    def build(where: Path, **kwargs: Any) -> Any:
        app = make_app("html", srcdir=where, **kwargs)
        app.build()
        app.cleanup()
        assert warnings_of(app) == ""
        return app

    build(srcdir)
    edit(srcdir / "posts/quiet.md", "comments: false", "comments: true")
    edit(srcdir / "posts/hello.md", "tags: [welcome]\n", "tags: [welcome]\ncomments: false\n")
    app = build(srcdir)
    assert section(soup(app, "posts/quiet.html")) is not None
    assert section(soup(app, "posts/hello.html")) is None
    fresh = tmp_path / "fresh"
    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    assert_same_site(Path(app.outdir), Path(build(fresh, freshenv=True).outdir))


# --- in the browser ----------------------------------------------------------------------------

browser_test = pytest.mark.browser
STUB_CLIENT = """(function () {
  var me = document.currentScript;
  var frame = document.createElement("iframe");
  frame.className = "giscus-frame";
  frame.title = "Stub comments";
  frame.src = new URL("frame.html", me.src).href;
  me.parentNode.insertBefore(frame, me.nextSibling);
  window.stubTheme = me.getAttribute("data-theme");
  window.stubRepo = me.getAttribute("data-repo");
})();
"""
STUB_ISSO = """(function () {
  var me = document.currentScript;
  var thread = document.getElementById("isso-thread");
  thread.textContent = "Stub Isso comments";
  window.stubIsso = me.getAttribute("data-isso");
})();
"""
STUB_FRAME = """<!doctype html><html lang="en"><title>Stub comments</title>
<body data-theme="unset"><p>Stub comments</p>
<script>window.addEventListener("message", function (event) {
  var config = event.data && event.data.giscus && event.data.giscus.setConfig;
  if (config) document.body.setAttribute("data-theme", config.theme);
});</script></body></html>
"""


class StubProvider:
    """giscus on 127.0.0.1: serves a client.js and a frame, and remembers every request."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                stub.requests.append(self.path)
                path = urlsplit(self.path).path
                body, kind = {"/client.js": (STUB_CLIENT, "text/javascript"),
                              "/frame.html": (STUB_FRAME, "text/html"),
                              "/isso/js/embed.min.js": (STUB_ISSO, "text/javascript")}.get(path, ("", ""))
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind or "text/plain")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(body.encode())

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def stub() -> Iterator[StubProvider]:
    provider = StubProvider()
    try:
        yield provider
    finally:
        provider.close()


def build_with_stub(workdir: Path, stub_url: str, theme: str,
                    settings: dict[str, Any] | None = None) -> Path:
    from sphinx.testing.util import SphinxTestApp

    srcdir = workdir / "src"
    shutil.copytree(Path(__file__).parent / "roots" / "test-comments", srcdir)
    warning = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=warning,
                        confoverrides={"html_theme": theme,
                                       "docblog_comments": settings or {**GISCUS, "url": stub_url}})
    try:
        app.build()
    finally:
        app.cleanup()
    assert warning.getvalue() == "", warning.getvalue()
    return Path(app.outdir)


@pytest.fixture(scope="module", params=["furo", "pydata_sphinx_theme"])
def themed_comments(request: pytest.FixtureRequest, stub: StubProvider) -> Iterator[tuple[str, str]]:
    """The comments root built with a theme, its giscus pointed at the stub; (theme, URL)."""
    workdir = Path(tempfile.mkdtemp(prefix="docblog-comments-"))
    try:
        with serving(build_with_stub(workdir, stub.url, request.param)) as url:
            yield request.param, url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def comments_session(browser: Any, themed_comments: tuple[str, str], stub: StubProvider) -> Iterator[Session]:
    stub.requests.clear()
    session = Session(browser, themed_comments[1])
    try:
        yield session
        session.check()
    finally:
        session.close()


def theme_of(page: Any, theme: str) -> str | None:
    selector = "document.body.dataset.theme" if theme == "furo" else "document.documentElement.dataset.theme"
    return page.evaluate(selector)


def open_post(session: Session, theme: str, mode: str) -> Any:
    page = session.page(theme=mode, color_scheme=mode)
    page.goto(session.url("posts/hello.html"))
    page.wait_for_selector("button.docblog-comments-button")
    assert theme_of(page, theme) == mode
    return page


def wait_for_stub(page: Any) -> None:
    page.wait_for_function("() => window.stubTheme !== undefined")
    page.wait_for_selector("iframe.giscus-frame")


@browser_test
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_nothing_is_requested_before_the_click(comments_session: Session, themed_comments, stub,
                                               node_tools: Path, mode: str) -> None:
    theme = themed_comments[0]
    page = open_post(comments_session, theme, mode)
    page.wait_for_load_state("networkidle")
    assert stub.requests == []
    assert axe_violations(page, AXE_JS, exclude=THEMES_OWN_ISSUES) == []
    page.click("button.docblog-comments-button")
    wait_for_stub(page)
    assert stub.requests[0] == "/client.js"
    assert page.evaluate("window.stubTheme") == mode
    assert page.evaluate("window.stubRepo") == "example/comments-blog"
    assert page.is_hidden("button.docblog-comments-button")
    assert page.evaluate("document.activeElement.className") == "docblog-comments-thread"
    assert axe_violations(page, AXE_JS, exclude=THEMES_OWN_ISSUES) == []


@browser_test
def test_the_button_works_with_the_keyboard(comments_session: Session, themed_comments, stub) -> None:
    page = open_post(comments_session, themed_comments[0], "light")
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.docblog-comments-button')"):
            break
    else:
        pytest.fail("Tab never reached the Show comments button")
    assert page.evaluate("document.activeElement.tagName") == "BUTTON"
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    assert stub.requests == []
    page.keyboard.press("Enter")
    wait_for_stub(page)
    assert "/client.js" in stub.requests


@browser_test
def test_a_loaded_thread_follows_the_theme(comments_session: Session, themed_comments, stub) -> None:
    theme = themed_comments[0]
    page = open_post(comments_session, theme, "light")
    page.click("button.docblog-comments-button")
    wait_for_stub(page)
    frame = page.frame_locator("iframe.giscus-frame")
    frame.locator("body").wait_for()
    target = "document.body" if theme == "furo" else "document.documentElement"
    page.evaluate(f"{target}.dataset.theme = 'dark'")
    frame.locator("body[data-theme='dark']").wait_for()


@browser_test
def test_without_javascript_the_button_is_a_link(comments_session: Session, themed_comments, stub) -> None:
    page = comments_session.page(theme="light", java_script_enabled=False)
    page.goto(comments_session.url("posts/hello.html"))
    link = page.locator("a.docblog-comments-button")
    assert link.is_visible()
    assert link.get_attribute("href").startswith("https://github.com/example/comments-blog/discussions")
    assert stub.requests == []


@browser_test
def test_a_post_without_comments_loads_no_comment_script(comments_session: Session, themed_comments,
                                                         stub) -> None:
    loaded: list[str] = []
    page = comments_session.page(theme="light", color_scheme="light")
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(comments_session.url("posts/quiet.html"))
    page.wait_for_load_state("networkidle")
    assert not [u for u in loaded if "docblog-comments.js" in u]
    assert page.locator(".docblog-comments").count() == 0
    assert stub.requests == []



@pytest.fixture(scope="module")
def isso_site(stub: StubProvider) -> Iterator[str]:
    """The comments root with Isso on the stub (a provider with no page for a thread)."""
    workdir = Path(tempfile.mkdtemp(prefix="docblog-comments-isso-"))
    try:
        outdir = build_with_stub(workdir, stub.url, "furo",
                                 {"provider": "isso", "url": stub.url + "isso/"})
        with serving(outdir) as url:
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@browser_test
def test_a_provider_without_a_thread_page_shows_only_with_javascript(browser: Any, isso_site: str,
                                                                     stub: StubProvider) -> None:
    stub.requests.clear()
    session = Session(browser, isso_site)
    try:
        page = session.page(java_script_enabled=False)
        page.goto(session.url("posts/hello.html"))
        assert page.locator("section.docblog-comments").is_hidden()
        page = session.page()
        page.goto(session.url("posts/hello.html"))
        page.wait_for_selector("button.docblog-comments-button")
        page.wait_for_load_state("networkidle")
        assert stub.requests == []
        page.click("button.docblog-comments-button")
        page.wait_for_function("() => window.stubIsso !== undefined")
        assert stub.requests == ["/isso/js/embed.min.js"]
        assert page.evaluate("window.stubIsso") == stub.url + "isso"
        assert page.text_content("#isso-thread") == "Stub Isso comments"
        session.check()
    finally:
        session.close()
