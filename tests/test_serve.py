"""``docblog serve``: a warm application's output equals a fresh ``sphinx-build``, file by file.

The builds run in the server's own build process (:class:`docblog.serve.BuildProcess`), so
no Sphinx application lives in the test process; fresh builds are ``python -m sphinx``.
"""

from __future__ import annotations

import http.client
import json
import os
import pickle
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from docblog.serve import BuildProcess, ErrorOverlayMiddleware, Reloader, ServeState, WarmSite
from test_incremental import outputs

#: A local extension that fails the build on a post containing BOOM (a failed build).
BOOM_EXTENSION = '''
from sphinx.errors import ExtensionError

def check(app, doctree):
    if "BOOM" in doctree.astext():
        raise ExtensionError("the word BOOM is not allowed in " + app.env.docname)

def setup(app):
    app.connect("doctree-read", check)
    return {"parallel_read_safe": True}
'''


def fresh_build(srcdir: Path, outdir: Path, drafts: bool) -> None:
    env = {**os.environ, "DOCBLOG_SHOW_DRAFTS": "1" if drafts else ""}
    shutil.rmtree(outdir, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", str(srcdir), str(outdir)],
                   check=True, env=env, capture_output=True)


def assert_same_as_fresh(site: Path, served: Path, tmp_path: Path, drafts: bool,
                         deleted: tuple[str, ...] = ()) -> None:
    """Every page served equals a fresh build's (outputs of deleted sources aside: Sphinx
    leaves them in place in an incremental build too)."""
    fresh = tmp_path / "fresh"
    fresh_build(site, fresh, drafts)
    got, want = outputs(served), outputs(fresh)
    assert sorted(set(got) - set(deleted)) == sorted(want), "different files"
    different = [name for name in want if got[name] != want[name]]
    assert not different, f"pages differ from a fresh build: {different}"


def search_index(outdir: Path) -> dict:
    """The search index, less the terms left with no page (any incremental sphinx-build
    leaves those behind when a page is deleted)."""
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    for key in ("terms", "titleterms"):
        index[key] = {term: docs for term, docs in index[key].items() if docs != []}
    return index


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def replace(path: Path, old: str, new: str) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    return write(path, text.replace(old, new))


@pytest.fixture
def site(tmp_path, rootdir):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    write(srcdir / "boom.py", BOOM_EXTENSION)
    replace(srcdir / "conf.py", 'extensions = ["docblog"]',
            'import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\n'
            'extensions = ["docblog", "boom"]')
    return srcdir


@pytest.fixture
def builds(site, tmp_path):
    process = BuildProcess(site, tmp_path / "served")
    yield process
    process.stop()


def built(process: BuildProcess, *changed: Path) -> None:
    result = process.build([p.resolve() for p in changed])
    assert result.ok, result.error
    assert result.fresh == ""


def test_any_sequence_of_edits_serves_what_a_fresh_build_writes(site, builds, tmp_path, monkeypatch):
    monkeypatch.setenv("DOCBLOG_SHOW_DRAFTS", "1")  # the server's --drafts
    served = tmp_path / "served"
    built(builds)
    assert (served / "posts/draft.html").is_file()  # drafts shown
    assert_same_as_fresh(site, served, tmp_path, drafts=True)

    posts = site / "posts"
    # a body edit, a title edit, a category change, a new post, a draft published
    built(builds, replace(posts / "beta.md", "Beta first paragraph.", "Beta's first paragraph, edited."))
    built(builds, replace(posts / "alpha.md", "# Alpha post", "# Alpha, retitled"))
    built(builds, replace(posts / "gamma.md", "category: [Design]", "category: [Brand New, Design]"))
    built(builds, write(posts / "epsilon.md",
                        "---\ndate: 2026-04-01\ncategory: CI/CD\ntags: [sphinx]\nauthor: Ada Lovelace\n"
                        "summary: Epsilon summary.\n---\n\n# Epsilon post\n\nNew words.\n"))
    built(builds, replace(posts / "draft.md", "draft: true\n", ""))
    assert_same_as_fresh(site, served, tmp_path, drafts=True)

    # rename and delete posts; add, rename and delete docs pages
    (posts / "epsilon.md").rename(posts / "zeta.md")
    built(builds, posts / "epsilon.md", posts / "zeta.md")
    (posts / "delta.md").unlink()
    built(builds, posts / "delta.md")
    write(site / "howto.md", "# How-to\n\nSteps.\n")
    built(builds, replace(site / "index.md", "guide\n", "guide\nhowto\n"), site / "howto.md")
    built(builds, replace(site / "guide.md", "# Guide", "# The guide"))
    (site / "howto.md").rename(site / "recipes.md")
    built(builds, replace(site / "index.md", "howto\n", "recipes\n"), site / "recipes.md")
    assert_same_as_fresh(site, served, tmp_path, drafts=True,
                         deleted=("posts/epsilon.html", "posts/delta.html", "howto.html"))
    # the search index, which the server fills in after writing the pages, is the same too
    assert search_index(served) == search_index(tmp_path / "fresh")


def test_unsafe_changes_use_a_fresh_application_and_a_failed_build_recovers(site, builds, tmp_path):
    served = tmp_path / "served"
    built(builds)
    result = builds.build([replace(site / "conf.py", 'blog_title = "Test Blog"',
                                   'blog_title = "Renamed Blog"').resolve()])
    assert result.ok and result.fresh == "conf.py changed"
    assert_same_as_fresh(site, served, tmp_path, drafts=False)

    broken = builds.build([replace(site / "posts/alpha.md", "# Alpha post", "# Alpha BOOM").resolve()])
    assert not broken.ok
    assert "the word BOOM is not allowed in posts/alpha" in broken.error
    # the next good save recovers, with a fresh application, to the output of a fresh build
    fixed = builds.build([replace(site / "posts/alpha.md", "# Alpha BOOM", "# Alpha fixed").resolve()])
    assert fixed.ok and fixed.fresh == "the last build failed"
    assert_same_as_fresh(site, served, tmp_path, drafts=False)

    # a static file: copied by a fresh application
    write(site / "_static/extra.css", "body { color: black; }\n")
    result = builds.build([replace(site / "conf.py", 'blog_title = "Renamed Blog"',
                                   'blog_title = "Renamed Blog"\nhtml_static_path = ["_static"]').resolve()])
    assert result.ok and result.fresh == "conf.py changed"
    result = builds.build([write(site / "_static/extra.css", "body { color: navy; }\n").resolve()])
    assert result.ok and result.fresh == "a static file changed (_static/extra.css)"
    assert (served / "_static/extra.css").read_text() == "body { color: navy; }\n"

    # a local extension: a fresh build process imports the new code
    old_process = builds.process.pid
    result = builds.build([replace(site / "boom.py", '"BOOM" in', '"KABOOM" in').resolve()])
    assert result.ok and builds.process.pid != old_process
    built(builds, replace(site / "posts/alpha.md", "# Alpha fixed", "# Alpha BOOM is fine now"))
    assert_same_as_fresh(site, served, tmp_path, drafts=False)


def test_a_cold_build_after_warm_builds_sees_a_consistent_environment(site, tmp_path):
    """Until the build process saves it (idle, or stopping), the saved environment is empty:
    a cold sphinx-build then starts afresh instead of trusting a stale one."""
    served = tmp_path / "served"
    process = BuildProcess(site, served)
    try:
        built(process)
        built(process, replace(site / "posts/alpha.md", "# Alpha post", "# Alpha, warm"))
        pickle_file = served / ".doctrees/environment.pickle"
        assert pickle_file.stat().st_size == 0  # deferred: not written after the warm build
        subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(site), str(served)],
                       check=True, capture_output=True)
        assert_same_as_fresh(site, served, tmp_path, drafts=False)
        built(process, replace(site / "posts/beta.md", "# Beta post", "# Beta, warm"))
        # idle: a forked copy of the build process saves the environment as it is now
        wait_for(lambda: pickle_file.stat().st_size > 0, seconds=60)
        with open(pickle_file, "rb") as file:
            assert pickle.load(file).titles["posts/beta"].astext() == "Beta, warm"
        built(process, replace(site / "posts/gamma.md", "# Gamma post", "# Gamma, warm"))
        assert pickle_file.stat().st_size == 0
    finally:
        process.stop()  # saves the environment
    with open(served / ".doctrees/environment.pickle", "rb") as file:
        env = pickle.load(file)
    assert env.titles["posts/gamma"].astext() == "Gamma, warm"  # saved when stopping
    replace(site / "posts/gamma.md", "# Gamma, warm", "# Gamma, cold")
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(site), str(served)],
                   check=True, capture_output=True)
    assert_same_as_fresh(site, served, tmp_path, drafts=False)


def test_a_warm_build_after_edits_of_documents_takes_the_changes_from_the_watcher(site, tmp_path, monkeypatch):
    """Sphinx's looks at every file of the site (the walk of the source folder, the times of
    every document and of every page: most of a 5,000-post body edit) are skipped when the
    watcher reports only edits of documents the site has; anything else looks again."""
    import io

    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project
    from sphinx.util.docutils import docutils_namespace

    looks: list[str] = []

    def counted(name: str, real):
        def look(self, *args, **kwargs):
            looks.append(name)
            return real(self, *args, **kwargs)
        return look

    for cls, name in ((Project, "discover"), (BuildEnvironment, "get_outdated_files"),
                      (StandaloneHTMLBuilder, "get_outdated_docs")):
        monkeypatch.setattr(cls, name, counted(name, getattr(cls, name)))
    posts, served = site / "posts", tmp_path / "served"
    # A document another one includes: editing it is an edit of a document, and both are read.
    write(site / "snippet.md", "---\norphan: true\n---\n\nShared words.\n")
    write(site / "guide.md", (site / "guide.md").read_text(encoding="utf-8")
          + "\n```{include} snippet.md\n```\n")
    with docutils_namespace():  # (the nodes this application registers are let go after)
        warm = WarmSite(site, served, warning=io.StringIO())
        assert warm.build().ok and set(looks) == {"discover", "get_outdated_files", "get_outdated_docs"}

        def build(*changed: Path) -> set[str]:
            looks.clear()
            result = warm.build([p.resolve() for p in changed])
            assert result.ok and result.fresh == "", result.error
            return set(looks)

        assert build(replace(posts / "beta.md", "Beta first paragraph.", "Beta, edited.")) == set()
        assert build(replace(posts / "alpha.md", "# Alpha post", "# Alpha, retitled"),
                     replace(site / "guide.md", "# Guide", "# The guide")) == set()
        assert build(replace(site / "snippet.md", "Shared words.", "Shared, edited.")) == set()
        assert "Shared, edited." in (served / "guide.html").read_text(encoding="utf-8")
        everything = {"discover", "get_outdated_files", "get_outdated_docs"}
        new_post = "---\ndate: 2026-04-01\n---\n\n# Epsilon post\n\nNew.\n"
        assert build(write(posts / "epsilon.md", new_post)) == everything
        (posts / "epsilon.md").rename(posts / "zeta.md")
        assert build(posts / "epsilon.md", posts / "zeta.md") == everything
        assert build(write(site / "notes.txt", "not a document\n")) == everything
        assert build() == everything
        # nothing of docblog's stays on the environment (it is pickled) or the builder
        assert not {"find_files", "get_outdated_files"} & set(vars(warm.app.env))
        assert "get_outdated_docs" not in vars(warm.app.builder)
    assert (served / "posts/zeta.html").is_file()
    assert "Beta, edited." in (served / "posts/beta.html").read_text(encoding="utf-8")
    assert_same_as_fresh(site, served, tmp_path, drafts=False, deleted=("posts/epsilon.html",))


def test_which_changes_need_a_fresh_application(tmp_path):
    site = WarmSite(tmp_path, tmp_path / "out")
    assert site.fresh_reason([tmp_path / "posts/a.md"]) == ""
    assert site.fresh_reason([tmp_path / "conf.py"]) == "conf.py changed"
    site.app = SimpleNamespace(config=SimpleNamespace(  # type: ignore[assignment]
        templates_path=["_templates"], html_theme_path=[], html_static_path=["_static"],
        html_extra_path=[]))
    assert site.fresh_reason([tmp_path / "_templates/page.html"]) == "a template changed (_templates/page.html)"
    assert site.fresh_reason([tmp_path / "_static/a.css"]) == "a static file changed (_static/a.css)"
    assert site.fresh_reason([tmp_path / "posts/a.md", tmp_path / "guide.md"]) == ""
    site.failed = True
    assert site.fresh_reason([tmp_path / "posts/a.md"]) == "the last build failed"


def test_the_open_pages_are_the_last_page_served_per_open_tab():
    state = ServeState()
    for path in ("/index.html", "/posts/a.html", "/blog.html", "/posts/a.html"):
        state.served_page(path)
    assert state.open_pages() == set()  # no tab open: nothing to reload early
    state.connections = 1
    assert state.open_pages() == {"/posts/a.html"}
    state.connections = 2
    assert state.open_pages() == {"/posts/a.html", "/blog.html"}


def test_the_browser_reloads_early_only_when_every_open_page_is_final(tmp_path):
    post, listing = tmp_path / "posts/a.html", tmp_path / "blog.html"
    write(post, "old")
    write(listing, "old")
    started = time.time_ns() + 1_000_000_000  # a build that starts after both were written
    reloader = Reloader(tmp_path, {"/posts/a.html"}, started)
    assert not reloader.documents_written()  # the page is not written yet
    assert reloader.at_end()

    os.utime(post, ns=(started + 1, started + 1))
    reloader = Reloader(tmp_path, {"/posts/a.html"}, started)
    assert reloader.documents_written()
    assert not reloader.at_end()  # the early reload showed the final page
    os.utime(post, ns=(started + 2, started + 2))
    assert reloader.at_end()  # written again after the early reload

    reloader = Reloader(tmp_path, {"/posts/a.html", "/blog.html"}, started)
    assert not reloader.documents_written()  # the listing is written later, if at all
    assert reloader.at_end()


def test_the_error_overlay_escapes_the_message():
    overlay = ErrorOverlayMiddleware.overlay("<script>alert(1)</script> in posts/a").decode()
    assert "&lt;script&gt;" in overlay and "<script>" not in overlay
    assert 'id="docblog-serve-error"' in overlay


# -- the server, end to end ------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8")
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError):
        return 0, ""  # not up yet, or read while Sphinx was writing the page: asked again


def wait_for(condition, seconds: float = 90.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_the_server_rebuilds_on_save_shows_errors_on_the_page_and_recovers(site, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    served = tmp_path / "served"
    log = tmp_path / "serve.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "docblog.cli", "serve", str(site), str(served), "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, cwd=site)
    try:
        status, page = wait_for(lambda: (r := fetch(f"{base}/posts/alpha.html"))[0] == 200 and r)
        assert "/websocket-reload" in page  # sphinx-autobuild's reload script

        replace(site / "posts/alpha.md", "# Alpha post", "# Alpha, saved")
        wait_for(lambda: "Alpha, saved" in fetch(f"{base}/posts/alpha.html")[1])
        wait_for(lambda: "Alpha, saved" in fetch(f"{base}/blog.html")[1])

        replace(site / "posts/alpha.md", "# Alpha, saved", "# Alpha BOOM")
        page = wait_for(lambda: "docblog-serve-error" in (p := fetch(f"{base}/posts/alpha.html")[1]) and p)
        assert "the word BOOM is not allowed in posts/alpha" in page
        assert "Alpha, saved" in page  # the last good build, under the error
        status, missing = fetch(f"{base}/no-such-page.html")
        assert status == 500 and "the word BOOM is not allowed" in missing and "/websocket-reload" in missing
        wait_for(lambda: "Build failed" in log.read_text())
        assert "the word BOOM is not allowed in posts/alpha" in log.read_text()

        replace(site / "posts/alpha.md", "# Alpha BOOM", "# Alpha, fixed")
        wait_for(lambda: "Alpha, fixed" in (p := fetch(f"{base}/posts/alpha.html")[1])
                 and "docblog-serve-error" not in p)
        assert "the last build failed: built with a fresh Sphinx application" in log.read_text()
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=120) == 0, log.read_text()
    assert (served / ".doctrees/environment.pickle").stat().st_size > 0
    assert_same_as_fresh(site, served, tmp_path, drafts=False)
