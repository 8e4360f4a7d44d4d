"""Every ABlog setting is honoured, replaced, or named in a ``docblog.compat`` warning."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import ablog.blog
import pytest
from conftest import soup, warnings_of
from sphinx.testing.util import SphinxTestApp

MIGRATION = Path(__file__).parent.parent / "docs" / "migration.md"

#: Lines a site adds to ask for what docblog does not do (one line each, so each has a number).
UNHONOURED_LINES = {
    "disqus_shortname": 'disqus_shortname = "legacy-blog"',
    "disqus_pages": "disqus_pages = True",
    "fontawesome_link_cdn": 'fontawesome_link_cdn = "https://cdn.example.com/fa.css"',
    "fontawesome_css_file": 'fontawesome_css_file = "https://cdn.example.com/fa-all.css"',
}


def copy_root(rootdir: Path, tempdir: Path, name: str, extra_lines: list[str] = ()) -> Path:
    srcdir = tempdir / name
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(rootdir / "test-ablog-settings", srcdir)
    if extra_lines:
        with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("\n" + "\n".join(extra_lines) + "\n")
    return srcdir


def built(srcdir: Path, **confoverrides: object):
    """A built app shared by a module's tests (Sphinx's make_app is per test)."""
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=confoverrides)
    try:
        app.build()
    finally:
        app.cleanup()  # restores docutils' global state for the next app; the output stays
    return app


def line_of(srcdir: Path, text: str) -> int:
    lines = (srcdir / "conf.py").read_text(encoding="utf-8").splitlines()
    return lines.index(text) + 1


def compat_warnings(app) -> list[str]:
    return [line for line in warnings_of(app).splitlines() if "[docblog.compat]" in line]


# --- honoured settings ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def honoured(rootdir, sphinx_test_tempdir):
    app = built(copy_root(rootdir, sphinx_test_tempdir, "ablog-settings-honoured"))
    return app


def test_a_site_with_only_honoured_settings_builds_without_warnings(honoured):
    assert warnings_of(honoured) == ""


def test_posts_link_their_neighbours_by_default(honoured):
    nav = soup(honoured, "posts/post-2.html").select_one(".docblog-post-nav")
    assert nav.select_one("a.docblog-post-nav-newer .docblog-post-nav-title").get_text() == "Post number 3"
    assert nav.select_one("a.docblog-post-nav-older .docblog-post-nav-title").get_text() == "Post number 1"
    sidebar = soup(honoured, "posts/post-2.html").select_one(".ablog__prev-next")
    assert [a.get_text(strip=True) for a in sidebar.select("a")] == ["Post number 1", "Post number 3"]


def test_fontawesome_css_file_is_linked_on_every_page(honoured):
    for page in ("index.html", "posts/post-1.html", "blog.html"):
        hrefs = [link.get("href", "") for link in soup(honoured, page).find_all("link", rel="stylesheet")]
        assert any(re.search(r"(^|/)_static/fontawesome/all\.css(\?|$)", h) for h in hrefs), (page, hrefs)
    assert (Path(honoured.outdir) / "_static/fontawesome/all.css").is_file()


def test_post_show_prev_next_false_removes_the_neighbour_links(make_app, rootdir, sphinx_test_tempdir):
    srcdir = copy_root(rootdir, sphinx_test_tempdir, "ablog-settings-no-prev-next")
    app = make_app("html", srcdir=srcdir, confoverrides={"post_show_prev_next": False})
    app.build()
    assert warnings_of(app) == ""
    for number in (1, 2, 3):
        nav = soup(app, f"posts/post-{number}.html").select_one(".docblog-post-nav")
        assert nav.select("a.docblog-post-nav-newer, a.docblog-post-nav-older, a[rel]") == []
        assert nav.select_one("a.docblog-post-nav-index").get_text() == "All posts"
        # ABlog's postnavy sidebar reads the same setting.
        assert soup(app, f"posts/post-{number}.html").select(".ablog__prev-next") == []


# --- unhonoured settings ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def unhonoured(rootdir, sphinx_test_tempdir):
    srcdir = copy_root(rootdir, sphinx_test_tempdir, "ablog-settings-unhonoured",
                       list(UNHONOURED_LINES.values()))
    # post_always_section is set as on the command line (-D), so conf.py has no line for it.
    app = built(srcdir, post_always_section=True)
    return app


@pytest.mark.parametrize(("setting", "text"), [
    ("disqus_pages",
     "disqus_pages = True is not used: docblog shows comments under posts only (loaded when a "
     "reader asks), not on the site's other pages"),
    ("fontawesome_link_cdn",
     "fontawesome_link_cdn = 'https://cdn.example.com/fa.css' is not used: docblog makes no "
     "request to a third-party host, so this stylesheet is not linked. Copy Font Awesome's CSS "
     "into html_static_path and name it in fontawesome_css_file"),
    ("fontawesome_css_file",
     "fontawesome_css_file = 'https://cdn.example.com/fa-all.css' is not used: docblog makes no "
     "request to a third-party host, so this stylesheet is not linked. Copy the file into "
     "html_static_path and give its path there"),
])
def test_each_unhonoured_setting_is_named_once_at_its_line_in_conf_py(unhonoured, setting, text):
    srcdir = Path(unhonoured.srcdir)
    line = line_of(srcdir, UNHONOURED_LINES[setting])
    expected = f"{srcdir / 'conf.py'}:{line}: WARNING: {text} [docblog.compat]"
    named = [w for w in compat_warnings(unhonoured) if f"WARNING: {setting} = " in w]
    assert [re.sub(r"\x1b\[[0-9;]*m", "", w) for w in named] == [expected]


def test_a_setting_from_the_command_line_is_named_without_a_location(unhonoured):
    named = [re.sub(r"\x1b\[[0-9;]*m", "", w) for w in compat_warnings(unhonoured)
             if "post_always_section" in w]
    assert named == [
        "WARNING: post_always_section = True is not used: docblog makes each document one post, "
        "titled and linked as a whole page; sections are not posts. Give each post its own "
        "document [docblog.compat]"
    ]


def test_only_the_unhonoured_settings_are_warned_about(unhonoured):
    # disqus_shortname is honoured: it chooses Disqus comments, loaded on request.
    assert len(compat_warnings(unhonoured)) == 4
    assert not [w for w in compat_warnings(unhonoured) if "disqus_shortname" in w]
    assert [w for w in warnings_of(unhonoured).splitlines() if "[docblog.compat]" not in w] == []


def test_no_third_party_stylesheet_or_script_is_linked(unhonoured):
    page = soup(unhonoured, "posts/post-1.html")
    assert not page.find("link", href=re.compile(r"example\.com"))
    assert not page.find("script", src=re.compile(r"disqus|example\.com"))
    # disqus_shortname gives Disqus comments, loaded only when the reader asks: its address
    # is in data-* attributes only.
    comments = page.select_one("section.docblog-comments")
    assert comments["data-script"] == "https://legacy-blog.disqus.com/embed.js"
    for tag in page.find_all(True):
        assert not [name for name, value in tag.attrs.items()
                    if not name.startswith("data-") and "disqus" in str(value).lower()], tag.name
    assert not [s for s in page.find_all("script") if "disqus" in (s.string or "").lower()]


def test_compat_warnings_can_be_silenced(make_app, rootdir, sphinx_test_tempdir):
    srcdir = copy_root(rootdir, sphinx_test_tempdir, "ablog-settings-silenced",
                       [UNHONOURED_LINES["disqus_pages"], 'suppress_warnings = ["docblog.compat"]'])
    app = make_app("html", srcdir=srcdir)  # the warnings are given when the app is set up
    assert warnings_of(app) == ""


# --- the migration guide's table --------------------------------------------------------------


def migration_table() -> dict[str, tuple[str, str]]:
    """``setting -> (status, what happens)`` from the rows of docs/migration.md's table."""
    rows = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \| ([^|]+) \| (.+) \|$",
                      MIGRATION.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: (status.strip(), text) for names, status, text in rows
            for name in re.findall(r"`([a-z_]+)`", names)}


def test_the_migration_table_names_every_ablog_setting():
    installed = {entry[0] for entry in ablog.blog.CONFIG}
    assert installed - set(migration_table()) == set()


def test_the_migration_table_gives_each_setting_a_known_status():
    statuses = {status for status, _text in migration_table().values()}
    assert statuses <= {"Honoured", "Replaced", "Warning"}, statuses


def test_the_migration_table_marks_exactly_the_warned_settings():
    from docblog.ablog_settings import UNHONOURED

    table = migration_table()
    checked = {setting.name for setting in UNHONOURED}
    # A "Warning" row is a setting docblog checks, or one named inside another's warning.
    warned = {name for name, (status, _text) in table.items() if status == "Warning"}
    assert warned <= checked
    # Every setting docblog checks says so: a "Warning" row, or one that says when it warns.
    for name in checked:
        status, text = table[name]
        assert status == "Warning" or "warning" in text, name
