"""An ABlog site that adds docblog keeps every address ABlog wrote, and ABlog's feed settings.

test-ablog-archives is built with ABlog alone, then with docblog added (nothing else
changed), with the html and the dirhtml builders; every page and feed ABlog wrote must still
be there, list the same posts (directly or through a redirect to docblog's page) and carry the
same feed entries.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import build_clean, card_titles
from docblog.collection import Blog
from sphinx.testing.util import SphinxTestApp

ROOT = "test-ablog-archives"
WITH_DOCBLOG = ["ablog", "myst_parser", "docblog"]
BUILDERS = ("html", "dirhtml")
BASE = "https://archives.example.org/"


def build(srcdir: Path, builder: str, **confoverrides: object) -> SphinxTestApp:
    return build_clean(builder, srcdir, confoverrides=confoverrides or None)


def copy_root(rootdir: Path, target: Path) -> Path:
    shutil.copytree(rootdir / ROOT, target)
    return target


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, rootdir: Path) -> dict[tuple[str, str], SphinxTestApp]:
    """(ablog | docblog, builder) → the built app."""
    built = {}
    for which in ("ablog", "docblog"):
        for builder in BUILDERS:
            srcdir = copy_root(rootdir, tmp_path_factory.mktemp(f"{which}-{builder}") / "site")
            overrides = {"extensions": WITH_DOCBLOG} if which == "docblog" else {}
            built[which, builder] = build(srcdir, builder, **overrides)
    return built


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def written_by_ablog(outdir: Path) -> list[str]:
    """Every file ABlog wrote under blog/, and its redirect pages (pages that only refresh)."""
    found = {str(p.relative_to(outdir)) for p in (outdir / "blog").rglob("*") if p.is_file()}
    for page in outdir.rglob("*.html"):
        if "_static" not in page.parts and parse(page).select_one('meta[http-equiv="refresh"]'):
            found.add(str(page.relative_to(outdir)))
    return sorted(found)


def follow(outdir: Path, relative: str) -> tuple[str, str]:
    """(final output path, refresh seconds or "") after a page's refresh redirect, if any."""
    refresh = parse(outdir / relative).select_one('meta[http-equiv="refresh"]')
    if refresh is None:
        return relative, ""
    seconds, _, url = refresh["content"].partition("; url=")
    target = unquote(urljoin(relative, url.split("#")[0]))
    if target.endswith("/") or target == "":
        target += "index.html"
    return target, seconds


def ablog_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".ablog-post-title a")]


def feed_links(path: Path) -> list[str]:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.bozo_exception)
    return [entry.link for entry in parsed.entries]


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_file_ablog_wrote_is_written_with_docblog(sites, builder):
    ablog_out = Path(sites["ablog", builder].outdir)
    docblog_out = Path(sites["docblog", builder].outdir)
    expected = written_by_ablog(ablog_out)
    # the root has every kind of address: years, catalogs, collections, drafts, feeds, redirects
    for sample in ("blog/2022", "blog/tag", "blog/category/cicd", "blog/location/paris",
                   "blog/language/english", "blog/author/grace-hopper", "blog/drafts", "old/pipelines"):
        page = f"{sample}.html" if builder == "html" else f"{sample}/index.html"
        assert page in expected, sample
    assert "blog/category/cicd/social.xml" in expected and "blog/2023/atom.xml" in expected
    missing = [path for path in expected if not (docblog_out / path).is_file()]
    assert missing == []


@pytest.mark.parametrize("builder", BUILDERS)
def test_ablog_pages_list_the_same_posts_directly_or_through_a_redirect(sites, builder):
    ablog_out = Path(sites["ablog", builder].outdir)
    docblog_out = Path(sites["docblog", builder].outdir)
    redirected = {}
    for path in written_by_ablog(ablog_out):
        if not path.endswith(".html"):
            continue
        if path.startswith("posts/someday"):
            # ABlog builds a post dated 2099 and lists it as a draft; docblog keeps a
            # scheduled post private until its date (no page, listed nowhere).
            assert not (docblog_out / path).exists()
            continue
        original = parse(ablog_out / path)
        target, seconds = follow(docblog_out, path)
        assert (docblog_out / target).is_file(), (path, target)
        if ablog_titles(original):  # a collection page: year, term, all posts, drafts
            expected = [title for title in ablog_titles(original) if title != "Someday"]
            assert card_titles(parse(docblog_out / target)) == expected, path
        if seconds:
            redirected[path] = (target, seconds)
    suffix = (lambda name: f"{name}.html") if builder == "html" else (lambda name: f"{name}/index.html")
    # ABlog's slugs that differ from docblog's forward at once to docblog's canonical page
    assert redirected[suffix("blog/category/cicd")] == (suffix("blog/category/ci-cd"), "0")
    assert redirected[suffix("blog/tag/cafe")] == (suffix("blog/tag/café"), "0")
    # a post's own redirect waits post_redirect_refresh (ABlog's default, 5 seconds)
    assert redirected[suffix("old/pipelines")] == (suffix("posts/pipelines"), "5")
    assert len(redirected) == 3


@pytest.mark.parametrize("builder", BUILDERS)
def test_year_pages_list_exactly_that_years_posts(sites, builder):
    outdir = Path(sites["docblog", builder].outdir)
    page = "blog/{}.html" if builder == "html" else "blog/{}/index.html"
    years = {year: card_titles(parse(outdir / page.format(year))) for year in (2022, 2023, 2024)}
    assert years == {2022: ["Faster pipelines"], 2023: ["Release 1.0"],
                     2024: ["Release 2.0", "Safer deploys"]}
    assert parse(outdir / page.format(2024)).h1.get_text(strip=True) == "Posts in 2024"
    assert not (outdir / page.format(2099)).exists()  # the scheduled post's year has no page yet


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_feed_ablog_wrote_has_the_same_entries(sites, builder):
    ablog_out = Path(sites["ablog", builder].outdir)
    docblog_out = Path(sites["docblog", builder].outdir)
    feeds = [p for p in written_by_ablog(ablog_out) if p.endswith(".xml")]
    assert len(feeds) == 2 * 14  # blog, 3 years, 2 categories, 4 tags, 2 authors, place, language
    for path in feeds:
        assert feed_links(docblog_out / path) == feed_links(ablog_out / path), path
    assert feed_links(docblog_out / "blog/tag/cafe/atom.xml") == [f"{BASE}posts/release-2" + (
        ".html" if builder == "html" else "/")]


@pytest.mark.parametrize("builder", BUILDERS)
def test_docblog_build_has_no_warnings(sites, builder):
    assert sites["docblog", builder].warning.getvalue() == ""


def test_feed_templates_render_with_the_posts_values(sites):
    outdir = Path(sites["docblog", "html"].outdir)
    entries = {e.link: e for e in feedparser.parse((outdir / "blog/social.xml").read_bytes()).entries}
    release = entries[f"{BASE}posts/release-1.html"]
    assert release.title == "Release 1.0 (Ada Lovelace)"
    assert release.content[0].value == "Release 1.0 #Python #C++"  # autoescape off, as in ABlog
    assert entries[f"{BASE}posts/pipelines.html"].content[0].value == "Faster pipelines #SphinxTips #Python"
    # the "atom" key has no templates: plain titles, summaries and no content
    plain = feedparser.parse((outdir / "blog/atom.xml").read_bytes()).entries
    assert [e.title for e in plain] == ["Release 2.0", "Safer deploys", "Release 1.0", "Faster pipelines"]
    assert all("content" not in e for e in plain)
    assert plain[-1].summary == "Our pipelines got faster."


def test_locations_languages_and_defaults(sites):
    app = sites["docblog", "html"]
    outdir = Path(app.outdir)
    paris = parse(outdir / "blog/location/paris.html")
    assert paris.h1.get_text(strip=True) == "Posts from Paris"
    assert card_titles(paris) == ["Safer deploys", "Faster pipelines"]
    # blog_default_language applies to every post that names none
    english = parse(outdir / "blog/language/english.html")
    assert english.h1.get_text(strip=True) == "Posts in English"
    assert card_titles(english) == ["Release 2.0", "Safer deploys", "Release 1.0", "Faster pipelines"]
    overview = parse(outdir / "blog/location.html")
    assert overview.h1.get_text(strip=True) == "Locations"
    assert [a.get_text() for a in overview.select(".docblog-terms a")] == ["Paris"]
    assert parse(outdir / "blog/language.html").h1.get_text(strip=True) == "Languages"
    # The post dated 2099 is scheduled: private until then, on an ABlog site too.
    assert card_titles(parse(outdir / "blog/drafts.html")) == []
    assert not (outdir / "posts/someday.html").exists()


def test_blog_records_for_templates(tmp_path, rootdir):
    app = build(copy_root(rootdir, tmp_path / "site"), "html", extensions=WITH_DOCBLOG)
    blog = Blog.from_app(app)
    assert list(blog.years) == [2024, 2023, 2022]
    assert [p.title for p in blog.years[2024]] == ["Release 2.0", "Safer deploys"]
    assert blog.year_pagename(2023) == "blog/2023"
    assert blog.terms["location"]["paris"].link == "https://example.org/paris"
    assert blog.terms["author"]["ada-lovelace"].link == "https://example.org/ada"
    assert blog.terms["author"]["grace-hopper"].link == ""
    assert blog.terms["language"]["english"].link == ""
    assert sorted(blog.terms["category"]) == ["ci-cd", "release-notes"]


def test_drafts_page_is_written_when_there_are_none(tmp_path, rootdir):
    srcdir = copy_root(rootdir, tmp_path / "site")
    (srcdir / "posts/someday.md").unlink()
    app = build(srcdir, "html", extensions=WITH_DOCBLOG)
    drafts = parse(Path(app.outdir) / "blog/drafts.html")
    assert card_titles(drafts) == []
    assert drafts.select_one(".docblog-empty").get_text() == "No drafts or scheduled posts."
    assert app.warning.getvalue() == ""


def test_a_document_at_an_ablog_address_is_kept_without_a_redirect(tmp_path, rootdir):
    srcdir = copy_root(rootdir, tmp_path / "site")
    (srcdir / "blog/category").mkdir(parents=True)
    (srcdir / "blog/category/cicd.rst").write_text(":orphan:\n\nOur CI/CD notes\n===============\n\nNotes.\n")
    app = build(srcdir, "html", extensions=WITH_DOCBLOG)
    page = parse(Path(app.outdir) / "blog/category/cicd.html")
    assert page.select_one('meta[http-equiv="refresh"]') is None
    assert page.h1.get_text(strip=True).startswith("Our CI/CD notes")
    assert app.warning.getvalue() == ""


# --- feed settings ------------------------------------------------------------------------


def entries(outdir: Path, feed: str = "blog/atom.xml") -> list[feedparser.FeedParserDict]:
    parsed = feedparser.parse((outdir / feed).read_bytes())
    assert not parsed.bozo
    return parsed.entries


def test_blog_feed_titles_gives_titles_only(tmp_path, rootdir):
    app = build(copy_root(rootdir, tmp_path / "site"), "html", extensions=WITH_DOCBLOG,
                blog_feed_titles=True, blog_feed_fulltext=True)
    outdir = Path(app.outdir)
    for feed in ("blog/atom.xml", "blog/social.xml", "blog/2024/atom.xml"):
        found = entries(outdir, feed)
        assert found and all("content" not in e and "summary" not in e for e in found), feed
    assert entries(outdir, "blog/social.xml")[0].title == "Release 2.0 (Ada Lovelace)"


def test_blog_feed_length_limits_every_feed(tmp_path, rootdir):
    app = build(copy_root(rootdir, tmp_path / "site"), "html", extensions=WITH_DOCBLOG,
                blog_feed_length=1)
    outdir = Path(app.outdir)
    assert [e.title for e in entries(outdir)] == ["Release 2.0"]
    assert [e.title for e in entries(outdir, "blog/category/cicd/atom.xml")] == ["Safer deploys"]
    assert [e.title for e in entries(outdir, "blog/category/ci-cd/atom.xml")] == ["Safer deploys"]


def xml_mtimes(outdir: Path) -> Iterator[tuple[str, int]]:
    for path in sorted(outdir.rglob("*.xml")):
        yield str(path.relative_to(outdir)), path.stat().st_mtime_ns


def test_blog_feed_fulltext_gives_the_post_with_absolute_links(tmp_path, rootdir):
    srcdir = copy_root(rootdir, tmp_path / "site")
    app = build(srcdir, "html", extensions=WITH_DOCBLOG, blog_feed_fulltext=True,
                blog_feed_subtitle="Notes from the team")
    outdir = Path(app.outdir)
    assert app.warning.getvalue() == ""
    parsed = feedparser.parse((outdir / "blog/atom.xml").read_bytes())
    assert parsed.feed.subtitle == "Notes from the team"
    release = {e.title: e for e in parsed.entries}["Release 1.0"]
    body = BeautifulSoup(release.content[0].value, "html.parser")
    assert "More about the release." in body.get_text()
    assert body.find("h1") is None  # the title is the entry's title
    # docblog's header and footer belong to the page, not to the post's text; the page has them
    page = BeautifulSoup((outdir / "posts/release-1.html").read_text(encoding="utf-8"), "html.parser")
    chrome = ".docblog-post-header, .docblog-post-nav, .docblog-related"
    assert len(page.select(chrome)) == 3
    assert body.select_one(chrome) is None
    assert "Related posts" not in body.get_text()
    links = {a.get_text(strip=True): a["href"] for a in body.find_all("a")}
    assert links["the pipelines post"] == f"{BASE}posts/pipelines.html"
    assert links["about page"] == f"{BASE}about.html"
    assert body.find("img")["src"] == f"{BASE}_images/pixel.png"

    # a rebuild with nothing changed rewrites no feed
    before = dict(xml_mtimes(outdir))
    assert len(before) == 2 * 14 + 1 + 3  # ABlog's, docblog's blog/category/ci-cd, 3 rss.xml
    build(srcdir, "html", extensions=WITH_DOCBLOG, blog_feed_fulltext=True,
          blog_feed_subtitle="Notes from the team")
    assert dict(xml_mtimes(outdir)) == before

    # editing the body (not the summary) changes the full text in the feeds that list the post
    post = srcdir / "posts/release-1.md"
    post.write_text(post.read_text().replace("More about the release.", "Much more about it."))
    build(srcdir, "html", extensions=WITH_DOCBLOG, blog_feed_fulltext=True,
          blog_feed_subtitle="Notes from the team")
    after = dict(xml_mtimes(outdir))
    changed = sorted(path for path in before if after[path] != before[path])
    assert "blog/atom.xml" in changed and "blog/2023/atom.xml" in changed
    assert "blog/2022/atom.xml" not in changed and "blog/social.xml" not in changed
    release = {e.title: e for e in entries(outdir)}["Release 1.0"]
    assert "Much more about it." in release.content[0].value


def test_pages_link_the_feed_ablog_writes_for_them(sites):
    outdir = Path(sites["docblog", "html"].outdir)

    def feeds_linked(page: str) -> list[str]:
        return [link["href"] for link in parse(outdir / page).select('link[type="application/atom+xml"]')]

    assert feeds_linked("blog/2024.html") == ["2024/atom.xml", "atom.xml"]
    assert feeds_linked("blog/tag/café.html") == ["cafe/atom.xml", "../atom.xml"]
    assert feeds_linked("blog/category/ci-cd.html") == ["ci-cd/atom.xml", "../atom.xml"]
    for page in ("blog/2024.html", "blog/tag/café.html", "blog/location/paris.html"):
        href = feeds_linked(page)[0]
        assert (outdir / urljoin(page, href)).is_file(), page


def test_a_dirhtml_document_at_a_year_page_is_kept(tmp_path, rootdir):
    srcdir = copy_root(rootdir, tmp_path / "site")
    (srcdir / "blog/2022").mkdir(parents=True)
    (srcdir / "blog/2022/index.rst").write_text(":orphan:\n\nOur 2022\n========\n\nA summary of the year.\n")
    app = build(srcdir, "dirhtml", extensions=WITH_DOCBLOG)
    assert parse(Path(app.outdir) / "blog/2022/index.html").h1.get_text(strip=True).startswith("Our 2022")
    # On an ABlog site the document is kept silently, as ABlog keeps it (a docblog-only site
    # is told: test_scenarios).
    assert "docblog generates the page" not in app.warning.getvalue()


def test_bad_feed_templates_are_named_in_warnings(tmp_path, rootdir):
    app = build(copy_root(rootdir, tmp_path / "site"), "html", extensions=WITH_DOCBLOG,
                blog_feed_templates={"../outside": {}, "atom": {"title": "{{ post.title "}})
    warnings = app.warning.getvalue()
    assert "blog_feed_templates key '../outside' is not a file name inside the blog folder" in warnings
    assert "blog_feed_templates['atom']['title'] cannot be rendered" in warnings
    assert warnings.count("WARNING") == 2  # one per problem, not one per entry or feed
    assert not (Path(app.outdir) / "outside.xml").exists()
    assert [e.title for e in entries(Path(app.outdir))][0] == "Release 2.0"  # the default title
