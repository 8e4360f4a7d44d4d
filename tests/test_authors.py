"""Authors as people: avatar, name, bio and links from docblog_authors (or ABlog's blog_authors)
on cards, post headers and author pages; bad entries named with conf.py's line."""

from __future__ import annotations

import shutil

import pytest
from conftest import soup, warnings_of
from docblog.authors import clean_authors
from docblog.diagnostics import Subtype


@pytest.fixture
def built(app):
    app.build()
    return app


def cards_by_title(page):
    return {c.select_one(".docblog-card-title").get_text(strip=True): c
            for c in page.select(".docblog-listing .docblog-card")}


@pytest.mark.sphinx("html", testroot="people")
def test_correct_site_builds_without_warnings(built):
    assert warnings_of(built) == ""


@pytest.mark.sphinx("html", testroot="people")
def test_cards_show_small_avatar_and_display_name(built):
    page = soup(built, "blog/page/2.html")
    card = cards_by_title(page)["Writing the first post"]
    authors = card.select(".docblog-card-author")
    assert [a.get_text(strip=True) for a in authors] == ["Ana Souza", "Ben Okoro"]
    avatars = [a.select_one("img.docblog-avatar") for a in authors]
    assert [img["src"] for img in avatars] == ["../../_static/ana.svg", "../../_static/ben.svg"]
    assert all(img["alt"] == "" for img in avatars)  # the name next to it says who it is
    assert authors[0].a["href"] == "../author/ana-souza.html"
    # the avatar files are in the output, where the pages point
    assert (built.outdir / "_static/ana.svg").read_text().startswith("<svg")


@pytest.mark.sphinx("html", testroot="people")
def test_avatars_load_at_low_priority_and_decode_off_the_main_thread(built):
    """An avatar is decorative (alt="", the name beside it says who it is): it is fetched at low
    priority so that it does not share the connection's bandwidth with the theme's stylesheets
    before the first paint, and decoded asynchronously. Cards' avatars are also lazy; the post
    header's and the author page's are near the top of the page and are not."""
    card_avatars = soup(built, "blog/page/2.html").select(".docblog-card-author img.docblog-avatar")
    header_avatars = soup(built, "posts/writing.html").select(".docblog-post-header img.docblog-avatar")
    large = soup(built, "blog/author/ana-souza.html").select(".docblog-listing img.docblog-avatar--large")
    assert card_avatars and header_avatars and len(large) == 1
    for img in card_avatars + header_avatars + large:
        assert img["fetchpriority"] == "low" and img["decoding"] == "async"
        assert img["width"] == img["height"]  # its box is known before the file arrives: no shift
    assert all(img["loading"] == "lazy" for img in card_avatars)
    assert not any(img.has_attr("loading") for img in header_avatars + large)


@pytest.mark.sphinx("html", testroot="people")
def test_post_header_shows_avatar_name_and_links(built):
    header = soup(built, "posts/writing.html").select_one(".docblog-post-header")
    ana, ben = header.select(".docblog-author")
    assert ana.select_one("img.docblog-avatar")["src"] == "../_static/ana.svg"
    assert ana.select_one(".docblog-author-name a").get_text() == "Ana Souza"
    links = {a.get_text(): a["href"] for a in ana.select(".docblog-author-link")}
    assert links == {"GitHub": "https://github.com/ana-example", "Website": "https://ana.example.org/"}
    assert ben.select(".docblog-author-link") == []


@pytest.mark.sphinx("html", testroot="people")
def test_several_authors_read_as_one_line(built):
    header = soup(built, "posts/writing.html").select_one(".docblog-post-header")
    lines = header.select(".docblog-authors")
    assert len(lines) == 1
    assert " ".join(lines[0].get_text().split()) == "By Ana Souza GitHub Website and Ben Okoro"
    authors = lines[0].select(".docblog-author")
    assert [a.select_one(".docblog-author-name a")["href"] for a in authors] == [
        "../blog/author/ana-souza.html", "../blog/author/ben-okoro.html"]
    assert [a.select_one("img.docblog-avatar")["src"] for a in authors] == [
        "../_static/ana.svg", "../_static/ben.svg"]


def test_authors_without_avatars_get_initials_and_the_languages_list(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "people-three"
    shutil.copytree(rootdir / "test-people", srcdir)
    post = srcdir / "posts/writing.md"
    post.write_text(post.read_text(encoding="utf-8").replace(
        "author: [ana, ben]", 'author: [ana, dana, "R&D <team>"]'), encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"language": "es"})
    app.build()
    assert warnings_of(app) == ""
    raw = (app.outdir / "posts/writing.html").read_text(encoding="utf-8")
    assert "<team>" not in raw and "R&amp;D &lt;team&gt;" in raw
    line = soup(app, "posts/writing.html").select_one(".docblog-authors")
    assert " ".join(line.get_text().split()) == (
        "Por Ana Souza GitHub Website, D dana y R R&D <team>")
    initials = [a.select_one(".docblog-avatar--initials") for a in line.select(".docblog-author")]
    assert initials[0] is None  # Ana has an avatar
    assert [i.get_text() for i in initials[1:]] == ["D", "R"]
    assert all(i["aria-hidden"] == "true" for i in initials[1:])
    assert [a.select_one(".docblog-author-name a").get_text() for a in line.select(".docblog-author")] == [
        "Ana Souza", "dana", "R&D <team>"]


@pytest.mark.sphinx("html", testroot="people")
def test_author_page_shows_avatar_bio_and_links(built):
    listing = soup(built, "blog/author/ana-souza.html").select_one(".docblog-listing")
    assert listing.h1.get_text() == "Posts by Ana Souza"
    assert listing.select_one("img.docblog-avatar--large")["src"] == "../../_static/ana.svg"
    assert listing.select_one(".docblog-description").get_text() == "Writes the build tooling."
    assert [a["href"] for a in listing.select(".docblog-author-links a")] == [
        "https://github.com/ana-example", "https://ana.example.org/"]


@pytest.mark.sphinx("html", testroot="people")
def test_ablog_blog_authors_give_name_and_link(built):
    header = soup(built, "posts/release.html").select_one(".docblog-post-header")
    assert header.select_one(".docblog-author-name a").get_text() == "Cy Park"
    assert header.select_one(".docblog-author-name a")["href"] == "../blog/author/cy-park.html"
    assert [(a.get_text(), a["href"]) for a in header.select(".docblog-author-link")] == [
        ("Website", "https://cy.example.org/")]
    assert header.select("img") == []


@pytest.mark.sphinx("html", testroot="people")
def test_author_without_entry_works_as_before(built):
    header = soup(built, "posts/roadmap.html").select_one(".docblog-post-header")
    assert header.select_one(".docblog-author-name a").get_text() == "dana"
    assert header.select("img") == []
    assert (built.outdir / "blog/author/dana.html").is_file()


def test_missing_avatar_and_bad_fields_are_named_with_conf_py(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "people-bad"
    shutil.copytree(rootdir / "test-people", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        '"ben": {"name": "Ben Okoro", "avatar": "_static/ben.svg"},',
        '"ben": {"name": "Ben Okoro", "avatar": "_static/missing.png",\n'
        '        "links": {"Chat": "javascript:alert(1)", "Blog": "https://ben.example.org/"}},\n'
        '    "cy": {"avatar": "https://cdn.example.com/cy.png", "colour": "red"},',
    ), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = warnings_of(app)
    line = next(n for n, text in enumerate(conf.read_text().splitlines(), 1)
                if text.startswith("docblog_authors"))
    assert f"conf.py:{line}: WARNING: docblog_authors['ben']['avatar']: the file " \
           "'_static/missing.png' does not exist" in warnings
    assert "[docblog.author]" in warnings
    assert "docblog_authors['ben']['links']['Chat'] = 'javascript:alert(1)' is not an http(s) " \
           "address; ignored" in warnings
    assert "docblog_authors['cy']['avatar'] = 'https://cdn.example.com/cy.png' must be a local " \
           "image file" in warnings
    assert "docblog_authors['cy']: unknown key 'colour'" in warnings
    # The rest of each entry still counts; no image points at a missing file or another host.
    header = soup(app, "posts/themes.html").select_one(".docblog-post-header")
    assert header.select("img") == []
    assert [a["href"] for a in header.select(".docblog-author-link")] == ["https://ben.example.org/"]
    release = soup(app, "posts/release.html").select_one(".docblog-post-header")
    assert release.select_one(".docblog-author-name a").get_text() == "Cy Park"  # from blog_authors
    app.cleanup()


def test_clean_authors_checks_each_field():
    reported: list[tuple[str, Subtype]] = []
    cleaned = clean_authors({
        "a": {"name": "A", "bio": 3, "links": {"X": "ftp://x", "Y": "http://y.example"}},
        "b": "Bee",
        "c": ["not", "a", "dict"],
        "d": {"avatar": "../outside.png"},
    }, lambda message, subtype: reported.append((message, subtype)))
    assert cleaned == {"a": {"name": "A", "links": {"Y": "http://y.example"}},
                       "b": {"name": "Bee"}, "d": {}}
    assert len(reported) == 4
    assert {s for _m, s in reported} == {Subtype.CONFIG, Subtype.AUTHOR}
