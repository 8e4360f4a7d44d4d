"""Drafts, slugs, feeds, builders, themes and ABlog compatibility."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import feedparser
import pytest
from conftest import card_titles, soup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
PUBLISHED = {"Alpha post", "Beta post", "Gamma post", "Delta post", "CJK post", "Release post"}


def all_listing_titles(app) -> set[str]:
    titles: set[str] = set()
    for path in Path(app.outdir, "blog").rglob("*.html"):
        if path.name != "drafts.html":
            titles |= set(card_titles(soup(app, str(path.relative_to(app.outdir)))))
    titles |= set(card_titles(soup(app, "blog.html")))
    return titles


# --- drafts ------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="drafts-hidden")
def test_drafts_and_future_posts_are_left_out_everywhere(app):
    app.build()
    assert app.warning.getvalue() == ""
    assert all_listing_titles(app) == PUBLISHED
    assert not (app.outdir / "blog/category/secret-plans.html").exists()
    assert not (app.outdir / "blog/tag/hidden.html").exists()
    # Scheduled means private: no page, no source copy, nothing in the search index, feeds,
    # posts.json or the drafts page; no file of the output holds the title or the summary.
    assert card_titles(soup(app, "blog/drafts.html")) == []
    for name in ("draft", "future"):
        assert not (app.outdir / f"posts/{name}.html").exists()
        assert not list((app.outdir / "_sources/posts").glob(f"{name}.*"))
    for path in app.outdir.rglob("*"):
        if path.is_file() and ".doctrees" not in path.parts:
            text = path.read_bytes()
            for secret in (b"Draft post", b"Future post", b"Draft summary", b"Future summary"):
                assert secret not in text, (path, secret)


@pytest.mark.sphinx("html", testroot="basic", srcdir="drafts-published",
                    confoverrides={"docblog_publish_drafts": True})
def test_a_site_may_build_its_drafts_but_never_a_scheduled_post(app):
    """As ABlog does by default: a draft gets its page, marked, and the drafts page lists it;
    a post dated in the future still leaves no trace."""
    app.build()
    assert app.warning.getvalue() == ""
    assert all_listing_titles(app) == PUBLISHED
    assert card_titles(soup(app, "blog/drafts.html")) == ["Draft post"]
    header = soup(app, "posts/draft.html").select_one(".docblog-post-header")
    assert header.select_one(".docblog-badge").get_text() == "Draft"
    assert not (app.outdir / "posts/future.html").exists()


@pytest.mark.sphinx("html", testroot="basic", srcdir="drafts-shown",
                    confoverrides={"docblog_show_drafts": True})
def test_drafts_are_listed_when_shown(app):
    app.build()
    assert all_listing_titles(app) == PUBLISHED | {"Draft post", "Future post"}
    index = soup(app, "blog.html")
    assert index.select_one(".docblog-count").get_text() == "8 posts so far."
    draft_card = [c for c in index.select(".docblog-card") if "Draft post" in c.get_text()][0]
    assert "docblog-card--draft" in draft_card["class"]
    # feeds never carry drafts
    assert "Draft post" not in (app.outdir / "blog/atom.xml").read_text()


@pytest.mark.sphinx("html", testroot="basic", srcdir="drafts-env")
def test_drafts_shown_by_environment_variable(app, monkeypatch):
    monkeypatch.setenv("DOCBLOG_SHOW_DRAFTS", "1")
    app.build()
    assert "Draft post" in card_titles(soup(app, "blog.html"))


# --- slugs ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="slugs")
def test_names_sharing_a_slug_get_distinct_pages_and_a_warning(app):
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(r"posts/csharp\.md:3: WARNING: category 'C#' and 'C' would share the page "
                     r"name 'c'; 'C#' gets 'c-2'.*\[docblog\.slug\]", warnings)
    assert "posts/cpp.md:3: WARNING: category 'C++' and 'C' would share" in warnings
    pages = {name: card_titles(soup(app, f"blog/category/{name}.html")) for name in ("c", "c-2", "c-3")}
    assert pages == {"c": ["Post about C"], "c-2": ["Post about C#"], "c-3": ["Post about C++"]}
    assert card_titles(soup(app, "blog/tag/c-3.html")) == ["Post about C++"]


# --- feeds ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="feeds")
def test_blog_feed_is_valid_atom_with_entries(app):
    app.build()
    path = app.outdir / "blog/atom.xml"
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{ATOM}feed"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    titles = [e.title for e in parsed.entries]
    assert titles == ["Beta post", "Alpha post", "Gamma post", "Delta post", "CJK post", "Release post"]
    beta = parsed.entries[0]
    assert beta.link == "https://blog.example.org/posts/beta.html"
    assert beta.summary == "Beta first paragraph. Beta second paragraph."
    assert [a.name for a in beta.authors] == ["Ada Lovelace", "Grace Hopper"]
    assert {t.label for t in beta.tags} == {"Machine Learning", "Design", "ml"}
    assert beta.published == "2026-03-16T14:30:00+00:00"
    assert beta.updated == "2026-03-20T00:00:00+00:00"
    gamma = parsed.entries[2]
    assert gamma.published == "2026-01-01T04:30:00+00:00"  # -05:00 offset, in UTC


@pytest.mark.sphinx("html", testroot="basic", srcdir="feeds-category")
def test_category_feeds_and_head_links(app):
    app.build()
    parsed = feedparser.parse((app.outdir / "blog/category/design/atom.xml").read_bytes())
    assert not parsed.bozo
    assert [e.title for e in parsed.entries] == ["Beta post", "Gamma post", "CJK post"]
    head = soup(app, "blog/category/design.html").select('link[rel="alternate"]')
    hrefs = {link["href"] for link in head}
    assert hrefs == {f"{folder}/{name}" for folder in ("design", "..") for name in ("atom.xml", "rss.xml", "feed.json")}
    for href in hrefs:
        assert (app.outdir / "blog/category" / href).resolve().is_file()
    post_head = soup(app, "posts/alpha.html").select_one('link[rel="alternate"]')
    assert post_head["href"] == "../blog/atom.xml"


@pytest.mark.sphinx("html", testroot="basic", srcdir="feeds-off", confoverrides={"blog_baseurl": ""})
def test_no_feeds_without_baseurl_and_one_note(app):
    app.build()
    # ABlog writes no feeds without blog_baseurl and says nothing; docblog says it once,
    # as a note rather than a warning (an ABlog site must not gain warnings by switching)
    assert app.warning.getvalue() == ""
    assert app.status.getvalue().count("blog_baseurl is not set") == 1
    assert not (app.outdir / "blog/atom.xml").exists()
    assert soup(app, "blog.html").select_one(".docblog-feed") is None


# --- builders and themes ---------------------------------------------------------------------


@pytest.mark.sphinx("dirhtml", testroot="basic", srcdir="dirhtml")
def test_dirhtml_builder(app):
    app.build()
    assert app.warning.getvalue() == ""
    index = soup(app, "blog/index.html")
    assert index.select_one(".docblog-count").get_text() == "6 posts so far."
    chips = {c.find(string=True, recursive=False).strip(): c["href"] for c in index.select(".docblog-chip")}
    assert chips["CI/CD"] == "category/ci-cd/"
    assert card_titles(soup(app, "blog/category/ci-cd/index.html")) == ["Alpha post"]
    link = index.select_one(".docblog-card-title a")["href"]
    assert link == "../posts/beta/"
    assert (app.outdir / "blog/atom.xml").is_file()
    assert (app.outdir / "blog/category/ci-cd/atom.xml").is_file()
    head = index.select_one('link[rel="alternate"]')["href"]
    assert head == "atom.xml"
    post = soup(app, "posts/beta/index.html")
    category = post.select_one(".docblog-meta-category")["href"]
    assert (app.outdir / "posts/beta" / unquote(category) / "index.html").resolve().is_file()


def build_with_theme(make_app, rootdir, tempdir, root: str, theme: str):
    """Build a copy of ``tests/roots/test-<root>`` with another ``html_theme``."""
    import shutil

    srcdir = tempdir / f"{root}-{theme}"
    shutil.rmtree(srcdir, ignore_errors=True)
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={"html_theme": theme})
    app.build()
    return app


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"])
def test_other_themes_build_with_cards(make_app, rootdir, sphinx_test_tempdir, theme):
    app = build_with_theme(make_app, rootdir, sphinx_test_tempdir, "basic", theme)
    assert app.warning.getvalue() == ""
    page = soup(app, "blog.html")
    assert card_titles(page)[0] == "Beta post"
    # docblog.css, inline where its link would be (docblog.theme), also with this theme.
    assert page.head.find("style", attrs={"data-docblog": True}) is not None
    assert not page.find("link", href=re.compile(r"_static/docblog\.css"))


# --- ABlog compatibility -----------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["alabaster", "furo"])
def test_existing_ablog_site_builds_unchanged(make_app, rootdir, sphinx_test_tempdir, theme):
    app = build_with_theme(make_app, rootdir, sphinx_test_tempdir, "ablog", theme)
    assert app.warning.getvalue() == ""
    index = soup(app, "blog.html")
    assert card_titles(index) == [
        "A MyST post in ABlog style",
        "A post with docinfo fields",
        "A post with the post directive",
    ]
    cards = {c.select_one(".docblog-card-title").get_text(strip=True): c for c in index.select(".docblog-card")}
    directive = cards["A post with the post directive"]
    assert directive.select_one("time").get_text() == "January 15, 2024"
    assert directive.select_one(".docblog-card-summary").get_text() == "This is the excerpt given in the directive."
    assert [a.get_text() for a in directive.select(".docblog-meta-category")] == ["Announcements"]
    assert card_titles(soup(app, "blog/tag/legacy.html")) == card_titles(index)
    assert card_titles(soup(app, "blog/category/engineering.html")) == [
        "A MyST post in ABlog style", "A post with docinfo fields"]
    # blog_authors maps ABlog's short author name to the full name
    assert card_titles(soup(app, "blog/author/ada-lovelace.html")) == card_titles(index)
    myst = soup(app, "posts/myst-post.html")
    assert myst.select_one(".docblog-post-header time").get_text() == "March 3, 2024"
    # ABlog's postlist directive still works, from docblog's records, in ABlog's markup
    postlist = soup(app, "index.html").select("ul.postlist li.ablog-post")
    assert [li.get_text(" ", strip=True) for li in postlist] == [
        "2024-03-03 - A MyST post in ABlog style", "2024-02-20 - A post with docinfo fields"]


@pytest.mark.sphinx("html", testroot="ablog", srcdir="ablog-redirect")
def test_ablog_redirect_pages_forward_to_the_post(app):
    app.build()
    page = soup(app, "old/myst-post.html")
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    # after ABlog's post_redirect_refresh (5 seconds unless the site sets it), as ABlog does
    assert refresh == "5; url=../posts/myst-post.html"
    assert page.select_one(".docblog-redirect a")["href"] == "../posts/myst-post.html"


def test_a_source_document_wins_over_a_generated_page(tmp_path, rootdir, make_app):
    import shutil

    srcdir = tmp_path / "own-archive"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "blog").mkdir()
    (srcdir / "blog/archive.md").write_text("---\norphan: true\n---\n# My own archive\n\nHand made.\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "docblog generates the page 'blog/archive', but a document of that name exists" in (
        app.warning.getvalue())
    assert "[docblog.page]" in app.warning.getvalue()
    assert soup(app, "blog/archive.html").h1.get_text(strip=True).startswith("My own archive")


@pytest.mark.parametrize("suffix", [".md", ".rst"])
def test_ablogs_update_directive_dates_the_post_and_titles_the_note(tmp_path, rootdir, make_app, suffix):
    """ABlog's ``update`` directive: its date is the post's updated date (when the front matter
    gives none) and the note is titled "Updated on …", in Markdown and in reStructuredText."""
    import shutil

    srcdir = tmp_path / "updates"
    shutil.copytree(rootdir / "test-basic", srcdir)
    if suffix == ".md":
        text = ("---\ndate: 2026-03-01\ncategory: Design\n---\n# Revised post\n\nFirst text.\n\n"
                "```{update} 2026-04-02\nA correction.\n```\n")
    else:
        text = (":date: 2026-03-01\n:category: Design\n\nRevised post\n============\n\nFirst text.\n\n"
                ".. update:: 2026-04-02\n\n   A correction.\n")
    (srcdir / f"posts/revised{suffix}").write_text(text, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    page = soup(app, "posts/revised.html")
    assert page.select_one(".docblog-updated time")["datetime"].startswith("2026-04-02")
    note = page.select_one(".update")
    assert note is not None and "Updated on 2026-04-02" in note.get_text(" ", strip=True)
    assert "A correction." in note.get_text(" ", strip=True)
