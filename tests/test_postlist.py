"""ABlog's ``postlist``: with docblog added, every list renders as ABlog renders it.

The root ``test-postlist`` is an ABlog site (reStructuredText and MyST posts, authors,
locations and languages with full names, a default author, an external link, a future
post) whose ``lists.rst`` holds one ``postlist`` variant per section. It is built with
ABlog alone and with docblog added; each list is paired by its section and compared.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import card_titles, soup, warnings_of
from sphinx.util.console import strip_colors

ABLOG = ["ablog", "myst_parser"]
DOCBLOG = [*ABLOG, "docblog"]
#: Pages with postlists, and how many each holds.
PAGES = {"lists.html": 16, "posts/release.html": 1, "posts/talk.html": 1}


def _clear_ablog_singleton() -> None:
    import ablog.blog

    ablog.blog.Blog._dict.clear()


def build(make_app, srcdir: Path, extensions: list[str], builder: str = "html"):
    _clear_ablog_singleton()
    try:
        app = make_app(builder, srcdir=srcdir, confoverrides={"extensions": extensions})
        app.build()
        app.cleanup()
    finally:
        _clear_ablog_singleton()
    return app


@pytest.fixture
def builds(tmp_path, rootdir, make_app):
    apps = {}
    for name, extensions in (("ablog", ABLOG), ("docblog", DOCBLOG)):
        srcdir = tmp_path / name
        shutil.copytree(rootdir / "test-postlist", srcdir)
        apps[name] = build(make_app, srcdir, extensions)
    return apps


def postlists(page: BeautifulSoup) -> dict[str, Tag]:
    """Each ``ul.postlist`` by the id of the section holding it."""
    found = {}
    for ul in page.select("ul.postlist"):
        section = ul.find_parent("section")["id"]
        assert section not in found
        found[section] = ul
    return found


def text(element: Tag) -> str:
    return " ".join(element.get_text().split())


def items(ul: Tag) -> list[Tag]:
    return ul.find_all("li", recursive=False)


def target(app, page: str, href: str) -> Path | None:
    """The output file a relative link points to (None for an absolute address)."""
    if re.match(r"^[a-z]+:", href):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return Path(app.outdir) / path


def test_every_postlist_renders_as_with_ablog_alone(builds):
    ablog_app, docblog_app = builds["ablog"], builds["docblog"]
    assert warnings_of(ablog_app) == ""
    assert warnings_of(docblog_app) == ""
    for page, count in PAGES.items():
        expected, actual = postlists(soup(ablog_app, page)), postlists(soup(docblog_app, page))
        assert len(expected) == count, page
        assert list(actual) == list(expected), page
        for section, old in expected.items():
            new = actual[section]
            where = f"{page}#{section}"
            assert new["class"] == old["class"], where
            assert len(items(new)) == len(items(old)), where
            for old_item, new_item in zip(items(old), items(new), strict=True):
                assert new_item.get("class") == old_item.get("class"), where
                assert [(c.name, c.get("class")) for c in new_item.find_all(recursive=False)] == [
                    (c.name, c.get("class")) for c in old_item.find_all(recursive=False)], where
                assert text(new_item) == text(old_item), where
                old_links, new_links = old_item.select("a"), new_item.select("a")
                assert [text(a) for a in new_links] == [text(a) for a in old_links], where
                assert [a.get("class") for a in new_links] == [a.get("class") for a in old_links]
                for app, links in ((ablog_app, old_links), (docblog_app, new_links)):
                    for link in links:
                        path = target(app, page, link["href"])
                        assert path is None or path.is_file(), (where, link["href"])
                # a post's title points to the same post (or the same external address)
                old_title = old_item.select_one("p.ablog-post-title > a.reference")
                new_title = new_item.select_one("p.ablog-post-title > a.reference")
                assert (new_title is None) == (old_title is None), where
                if old_title is not None:
                    old_to = target(ablog_app, page, old_title["href"])
                    new_to = target(docblog_app, page, new_title["href"])
                    if old_to is None:
                        assert new_title["href"] == old_title["href"], where
                    else:
                        assert new_to is not None, where
                        assert new_to.relative_to(docblog_app.outdir) == old_to.relative_to(
                            ablog_app.outdir), where


def test_term_links_lead_to_docblog_pages_listing_the_post(builds):
    app = builds["docblog"]
    every_field = postlists(soup(app, "lists.html"))["every-field"]
    checked = 0
    for item in items(every_field):
        title = text(item.select_one("a"))
        for link in item.select("a[title]"):
            page = soup(app, str(target(app, "lists.html", link["href"]).relative_to(app.outdir)))
            assert title in card_titles(page), (title, link["href"])
            assert link["title"] == text(link)
            checked += 1
    assert checked == 28


def test_the_lists_show_ablogs_choice_order_and_text(builds):
    """The expected lists spelled out, so a change on both sides cannot pass unseen."""
    lists = postlists(soup(builds["docblog"], "lists.html"))

    def lines(section: str) -> list[str]:
        return [text(li) for li in items(lists[section])]

    # newest first; on one day, by title (not by file name: zz-meetup is "Berlin meetup")
    assert lines("all-recent") == [
        "10 March - Version 2 is out", "20 February - Rewriting the parser",
        "20 February - Berlin meetup", "15 January - A talk about documentation",
        "01 December - Hello, blog"]
    assert lines("latest-two") == lines("all-recent")[:2]
    # all filters intersect; the future post (tagged python) is never listed
    assert lines("python-news") == [
        "10 March - Version 2 is out", "15 January - A talk about documentation",
        "01 December - Hello, blog"]
    assert lines("someday-only") == []
    # blog_default_author gives the meetup its author; names come from blog_authors
    assert lines("by-ada") == [
        "Berlin meetup by Ada Lovelace in Events",
        "A talk about documentation by Ada Lovelace in News",
        "Hello, blog by Ada Lovelace, Bob Builder in News"]
    assert lines("every-field")[0] == (
        "2024-03-10 | Version 2 is out | Bob Builder | News | release, python | Paris, France | English")
    assert lines("long-dates")[0] == "Sunday 10 March 2024 - Version 2 is out"
    assert lines("oldest-first") == [
        "15 January - A talk about documentation", "20 February - Rewriting the parser",
        "10 March - Version 2 is out"]
    assert lines("from-paris-in-french") == ["Hello, blog (Paris, France; English, French)"]
    assert lines("bob-s-engineering") == ["[Engineering] Rewriting the parser -- python, internals"]
    excerpts = items(lists["excerpts"])
    assert lists["excerpts"]["class"] == ["postlist-style-disc", "postlist"]
    assert [text(p) for p in excerpts[0].select("p.ablog-post-excerpt")] == [
        "Version 2 brings a new parser and faster builds."]
    assert excerpts[3].select_one("p.ablog-post-title a")["href"] == "https://example.org/talks/docs"
    assert excerpts[3].select_one("p.ablog-post-expand a em").get_text() == "Read more"
    assert excerpts[3].select_one("p.ablog-post-expand a")["href"] == "posts/talk.html"
    assert not postlists(soup(builds["docblog"], "lists.html"))["excerpts-without-link"].select(
        "p.ablog-post-expand")
    # without filters, a post's own list leaves the post out
    own = postlists(soup(builds["docblog"], "posts/release.html"))["other-posts"]
    assert [text(li.select_one("a")) for li in items(own)] == [
        "Rewriting the parser", "Berlin meetup", "A talk about documentation"]


def test_unknown_format_field_and_unknown_name_are_warned(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-postlist", srcdir)
    lists = srcdir / "lists.rst"
    source = lists.read_text(encoding="utf-8")
    first = source.count("\n") + 5  # the line of the first directive added below
    source += ("\nUnknown field\n-------------\n\n.. postlist:: 2\n   :format: {title} on {weekday}\n"
               "\nUnknown tag\n-----------\n\n.. postlist::\n   :tags: nosuch\n")
    lists.write_text(source, encoding="utf-8")
    app = build(make_app, srcdir, DOCBLOG)
    warnings = strip_colors(warnings_of(app)).splitlines()
    assert len(warnings) == 2, warnings
    assert re.search(rf"lists\.rst:{first}: WARNING: postlist: unknown field\(s\) \{{weekday\}} "
                     r"in :format: .*\[docblog\.directive\]$", warnings[0]), warnings[0]
    assert re.search(rf"lists\.rst:{first + 6}: WARNING: postlist: no post has the tag 'nosuch'.*"
                     r"\[docblog\.directive\]$", warnings[1]), warnings[1]
    found = postlists(soup(app, "lists.html"))
    assert [text(li) for li in items(found["unknown-field"])] == [
        "Version 2 is out on", "Rewriting the parser on"]
    # ABlog ignores a name no post uses: the list is the recent posts
    assert [text(li) for li in items(found["unknown-tag"])] == [
        text(li) for li in items(found["all-recent"])]


def test_a_pdf_links_posts_on_the_published_site(tmp_path, rootdir, make_app):
    """ABlog's postlist stops a LaTeX build (its posts are no part of the document)."""
    srcdir = tmp_path / "pdf"
    shutil.copytree(rootdir / "test-postlist", srcdir)
    app = build(make_app, srcdir, DOCBLOG, "latex")
    assert warnings_of(app) == ""
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"\sphinxhref{https://postlist.example.org/posts/release.html}{Version 2 is out}" in tex
    assert r"\sphinxhref{https://postlist.example.org/blog/author/ada-lovelace.html}" in tex
