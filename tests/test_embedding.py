"""Teams: a blog added to existing docs, posts shown anywhere, the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zoneinfo

import pytest
from conftest import card_titles, soup
from docblog import cli

DOC_PAGES = ["index.html", "guide/install.html", "guide/usage.html", "reference/api.html"]


@pytest.fixture
def embedded(tmp_path, rootdir, make_app, monkeypatch):
    """Build test-embedded before (no blog) and after adding docblog; return both apps."""
    builds = {}
    for name, without in (("before", "1"), ("after", "0")):
        srcdir = tmp_path / name
        shutil.copytree(rootdir / "test-embedded", srcdir)
        monkeypatch.setenv("ACME_WITHOUT_BLOG", without)
        app = make_app("html", srcdir=srcdir)
        app.build()
        app.cleanup()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        builds[name] = app
    return builds


def navigation(app, page: str) -> list[str]:
    tree = soup(app, page).select_one(".sidebar-tree")
    return [element.get_text(strip=True) for element in tree.select("p.caption, a")]


def test_docs_navigation_gains_one_blog_entry_and_nothing_else(embedded):
    before, after = embedded["before"], embedded["after"]
    assert navigation(before, "index.html") == [
        "Guide", "Installing", "Using Acme", "Reference", "API reference"]
    for page in DOC_PAGES:
        assert navigation(after, page) == navigation(before, page) + ["Blog"], page
    # blog pages sit in the same layout: same navigation, same search box
    assert navigation(after, "blog.html") == navigation(before, "index.html") + ["Blog"]
    assert soup(after, "blog.html").select_one("form.sidebar-search-container")


def test_docs_pages_render_as_before(embedded):
    for page in DOC_PAGES:
        old = soup(embedded["before"], page).select_one("article")
        new = soup(embedded["after"], page).select_one("article")
        assert str(new) == str(old), page


def test_posts_directive_shows_latest_posts_of_a_category(embedded):
    app = embedded["after"]
    news = soup(app, "guide/news.html")
    embedded_cards = news.select(".docblog-embedded .docblog-card")
    assert [c.select_one(".docblog-card-title").get_text(strip=True) for c in embedded_cards] == [
        "Acme 1.2 released", "Acme 1.1 released"]
    assert embedded_cards[0].select_one(".docblog-card-title a")["href"] == "../blog/posts/v12.html"
    compact = [li.get_text(" ", strip=True) for li in news.select(".docblog-post-list li")]
    assert compact == ["February 20, 2026 – Why we rewrote the parser",
                       "December 1, 2025 – Dated by file name"]
    assert card_titles(soup(app, "blog.html")) == [
        "Acme 1.2 released", "Why we rewrote the parser", "Acme 1.1 released",
        "Acme 1.0 released", "Dated by file name"]


def test_date_taken_from_a_dated_file_name(embedded):
    page = soup(embedded["after"], "blog/posts/2025-12-01-file-dated.html")
    assert page.select_one(".docblog-post-header time").get_text() == "December 1, 2025"


def test_page_showing_latest_posts_is_rewritten_when_a_post_is_added(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-embedded", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    (srcdir / "blog/posts/v13.md").write_text(
        "---\ndate: 2026-04-10\ncategory: Release Notes\n---\n\n# Acme 1.3 released\n\nNew.\n",
        encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    cards = soup(app, "guide/news.html").select(".docblog-embedded .docblog-card-title")
    assert [c.get_text(strip=True) for c in cards] == ["Acme 1.3 released", "Acme 1.2 released"]


def test_several_blog_sections_are_rejected_clearly(tmp_path, rootdir, make_app):
    from sphinx.errors import ConfigError

    srcdir = tmp_path / "two-blogs"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\nblog_path = ["news", "engineering"]\n')
    with pytest.raises(ConfigError, match="docblog builds one blog per site"):
        make_app("html", srcdir=srcdir)


# --- command line --------------------------------------------------------------------------------


def test_check_prints_the_build_messages_and_fails(rootdir, capsys):
    from test_reliability import EXPECTED_NOTES, EXPECTED_WARNINGS

    assert cli.main(["check", str(rootdir / "test-faulty")]) == 1
    output = capsys.readouterr().out.splitlines()
    printed = [line for line in output if ": WARNING: " in line]
    expected_without_doctree = [w for w in EXPECTED_WARNINGS if w[2] != "body"]
    assert len(printed) == len(expected_without_doctree)
    assert len([line for line in output if ": NOTE: " in line]) == len(EXPECTED_NOTES)
    for filename, line, subtype, text in expected_without_doctree:
        assert any(
            out.startswith(f"posts/{filename}:{line}: WARNING: ") and text in out
            and out.endswith(f"[docblog.{subtype}]") for out in printed
        ), (filename, line, text)


def test_check_passes_a_correct_blog(rootdir, capsys):
    assert cli.main(["check", str(rootdir / "test-basic")]) == 0
    assert capsys.readouterr().out == ""


def test_new_writes_a_post_and_refuses_to_overwrite(tmp_path, rootdir, make_app, capsys):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('\ndocblog_timezone = "Pacific/Kiritimati"\n')
    args = ["new", "Tuning Postgres: a field guide", "--category", "Database", "--tag", "postgres",
            "--source-dir", str(srcdir)]
    assert cli.main(args) == 0
    path = srcdir / "posts/tuning-postgres-a-field-guide.md"
    text = path.read_text(encoding="utf-8")
    today = dt.datetime.now(zoneinfo.ZoneInfo("Pacific/Kiritimati")).date()
    assert text.startswith(f"---\ndate: {today.isoformat()}\ncategory: \"Database\"\n"
                           'tags: ["postgres"]\nsummary: ')
    assert "\n# Tuning Postgres: a field guide\n" in text
    assert cli.main(args) == 1
    assert "exists already" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == text
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    assert card_titles(soup(app, "blog/category/database.html")) == ["Tuning Postgres: a field guide"]


def test_help_is_plain_text(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    printed = capsys.readouterr().out
    assert "docblog new starts a post" in printed
    assert "``" not in printed and ":func:" not in printed


def test_check_reads_notebook_posts(rootdir, capsys, tmp_path):
    """Notebooks are posts to ``docblog check`` too: metadata, first-cell front matter,
    a ``post`` directive's date, the first heading as title."""
    assert cli.main(["check", str(rootdir / "test-ablog-pydata")]) == 0
    assert "4 posts, 0 problems" in capsys.readouterr().err
    site = tmp_path / "site"
    shutil.copytree(rootdir / "test-ablog-pydata", site)
    notebook = site / "posts/survey.ipynb"
    data = json.loads(notebook.read_text())
    data["metadata"]["date"] = "2023-13-45"
    notebook.write_text(json.dumps(data))
    assert cli.main(["check", str(site)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("posts/survey.ipynb:1: WARNING: 'date':") and "[docblog.date]" in out
