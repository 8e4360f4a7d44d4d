"""The blog a correct site gets: index, cards, chips, category/tag/author/archive pages."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from conftest import card_titles, soup

NEWEST_FIRST = ["Beta post", "Alpha post", "Gamma post", "Delta post", "CJK post", "Release post"]


@pytest.fixture
def built(app):
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="basic")
def test_correct_site_builds_without_warnings(built):
    assert built.warning.getvalue() == ""


@pytest.mark.sphinx("html", testroot="basic")
def test_index_heading_count_and_order(built):
    page = soup(built, "blog.html")
    listing = page.select_one(".docblog-listing")
    assert listing.h1.get_text(strip=True) == "All posts"
    assert listing.select_one(".docblog-count").get_text(strip=True) == "6 posts so far."
    assert card_titles(page) == NEWEST_FIRST


@pytest.mark.sphinx("html", testroot="basic")
def test_chips_link_to_category_pages(built):
    chips = soup(built, "blog.html").select(".docblog-chip")
    names = [c.find(string=True, recursive=False).strip() for c in chips]
    assert names == ["All", "CI/CD", "Design", "Données", "Machine Learning", "Release Notes"]
    assert chips[0]["aria-current"] == "page"
    hrefs = {c.find(string=True, recursive=False).strip(): c["href"] for c in chips}
    assert hrefs["CI/CD"] == "blog/category/ci-cd.html"
    assert hrefs["Machine Learning"] == "blog/category/machine-learning.html"
    assert unquote(hrefs["Données"]) == "blog/category/données.html"
    for href in list(hrefs.values())[1:]:
        assert (built.outdir / unquote(href)).is_file()


@pytest.mark.sphinx("html", testroot="basic")
def test_card_shows_date_category_reading_time_title_summary(built):
    page = soup(built, "blog.html")
    cards = {c.select_one(".docblog-card-title").get_text(strip=True): c
             for c in page.select(".docblog-card")}
    alpha = cards["Alpha post"]
    assert alpha.select_one("time").get_text() == "March 5, 2026"
    assert alpha.select_one("time")["datetime"].startswith("2026-03-05")
    assert [a.get_text() for a in alpha.select(".docblog-meta-category")] == ["CI/CD"]
    assert alpha.select_one(".docblog-reading-time").get_text() == "1 min read"
    assert alpha.select_one(".docblog-card-title a")["href"] == "posts/alpha.html"
    assert alpha.select_one(".docblog-card-summary").get_text() == "Alpha summary."
    # summary from the text before <!-- more -->
    assert cards["Beta post"].select_one(".docblog-card-summary").get_text() == (
        "Beta first paragraph. Beta second paragraph."
    )
    # summary from the first paragraph, and from a reST post
    assert cards["Release post"].select_one(".docblog-card-summary").get_text() == (
        "First paragraph of the reST post."
    )
    assert [a.get_text() for a in cards["Beta post"].select(".docblog-meta-category")] == [
        "Machine Learning", "Design"]


@pytest.mark.sphinx("html", testroot="basic")
def test_reading_time_from_word_counts(built):
    page = soup(built, "blog.html")
    minutes = {c.select_one(".docblog-card-title").get_text(strip=True):
               c.select_one(".docblog-reading-time").get_text() for c in page.select(".docblog-card")}
    assert minutes["Alpha post"] == "1 min read"  # 100 words
    assert minutes["Gamma post"] == "2 min read"  # 239 words at 238 per minute
    assert minutes["Delta post"] == "7 min read"  # reading_time: 7 overrides
    assert minutes["CJK post"] == "2 min read"  # 1,000 CJK characters at 500 per minute


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"docblog_words_per_minute": 100})
def test_reading_time_follows_configured_rate(built):
    page = soup(built, "blog.html")
    minutes = {c.select_one(".docblog-card-title").get_text(strip=True):
               c.select_one(".docblog-reading-time").get_text() for c in page.select(".docblog-card")}
    assert minutes["Alpha post"] == "1 min read"  # 100 words at 100 per minute
    assert minutes["Gamma post"] == "3 min read"  # 239 words


CATEGORY_POSTS = {
    "ci-cd": ("CI/CD", ["Alpha post"]),
    "design": ("Design", ["Beta post", "Gamma post", "CJK post"]),
    "machine-learning": ("Machine Learning", ["Beta post"]),
    "données": ("Données", ["Delta post"]),
    "release-notes": ("Release Notes", ["Release post"]),
}


@pytest.mark.parametrize("slug", sorted(CATEGORY_POSTS))
@pytest.mark.sphinx("html", testroot="basic")
def test_category_page_lists_exactly_its_posts(built, slug):
    name, titles = CATEGORY_POSTS[slug]
    page = soup(built, f"blog/category/{slug}.html")
    assert page.select_one(".docblog-listing h1").get_text() == f"Posts in {name}"
    assert card_titles(page) == titles
    count = len(titles)
    assert page.select_one(".docblog-count").get_text() == f"{count} post{'s' if count > 1 else ''}"
    current = page.select_one('.docblog-chip[aria-current="page"]')
    assert current.find(string=True, recursive=False).strip() == name


@pytest.mark.parametrize(
    ("page_name", "titles"),
    [
        ("blog/tag/sphinx.html", ["Alpha post", "Gamma post"]),
        ("blog/tag/ml.html", ["Beta post"]),
        ("blog/tag/release.html", ["Release post"]),
        ("blog/author/ada-lovelace.html", ["Beta post", "Alpha post", "Delta post"]),
        ("blog/author/grace-hopper.html", ["Beta post", "Gamma post", "Release post"]),
    ],
)
@pytest.mark.sphinx("html", testroot="basic")
def test_tag_and_author_pages_list_exactly_their_posts(built, page_name, titles):
    assert card_titles(soup(built, page_name)) == titles


@pytest.mark.sphinx("html", testroot="basic")
def test_archive_grouped_by_year_then_month(built):
    page = soup(built, "blog/archive.html")
    years = page.select(".docblog-archive-year")
    assert [y.h2.get_text() for y in years] == ["2026", "2025"]
    months = {
        y.h2.get_text(): [(m.h3.get_text(), card_titles(m)) for m in y.select(".docblog-archive-month")]
        for y in years
    }
    assert months["2026"] == [
        ("March 2026", ["Beta post", "Alpha post"]),
        ("January 2026", ["Gamma post"]),
    ]
    assert months["2025"] == [
        ("November 2025", ["Delta post"]),
        ("October 2025", ["CJK post"]),
        ("September 2025", ["Release post"]),
    ]


@pytest.mark.sphinx("html", testroot="basic")
def test_post_page_header_and_neighbours(built):
    page = soup(built, "posts/beta.html")
    header = page.select_one(".docblog-post-header")
    assert header.select_one("time").get_text() == "March 16, 2026"
    assert [a.get_text() for a in header.select(".docblog-meta-category")] == ["Machine Learning", "Design"]
    assert header.select_one(".docblog-meta-category")["href"] == "../blog/category/machine-learning.html"
    assert header.select_one(".docblog-reading-time").get_text() == "1 min read"
    assert [a.get_text() for a in header.select(".docblog-authors a")] == ["Ada Lovelace", "Grace Hopper"]
    assert [a.get_text() for a in header.select(".docblog-tag")] == ["#ml"]
    assert " ".join(header.select_one(".docblog-updated").get_text().split()) == "Updated March 20, 2026"
    nav = page.select_one(".docblog-post-nav")
    assert nav.select_one(".docblog-post-nav-older .docblog-post-nav-title").get_text() == "Alpha post"
    assert nav.select_one(".docblog-post-nav-newer") is None  # newest post
    assert page.select_one('meta[name="description"]')["content"] == (
        "Beta first paragraph. Beta second paragraph.")
    # the header sits right after the title
    assert page.select_one("article h1").find_next_sibling()["class"] == ["docblog-post-header"]


@pytest.mark.sphinx("html", testroot="basic")
def test_navigation_has_one_blog_entry_not_every_post(built):
    for page_name in ("index.html", "guide.html", "posts/alpha.html", "blog.html"):
        tree = soup(built, page_name).select_one(".sidebar-tree")
        links = [a.get_text(strip=True) for a in tree.select("a")]
        assert links == ["Guide", "Test Blog"], page_name
    blog_entry = soup(built, "posts/alpha.html").select_one(".sidebar-tree li.current a")
    assert blog_entry.get_text() == "Test Blog"


@pytest.mark.sphinx("html", testroot="basic")
def test_time_with_offset_is_shown_in_the_blog_timezone(built):
    # 2025-12-31T23:30-05:00 is January 1, 2026 in UTC (the default docblog_timezone)
    page = soup(built, "posts/gamma.html")
    assert page.select_one(".docblog-post-header time").get_text() == "January 1, 2026"


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"docblog_timezone": "America/New_York"})
def test_configured_timezone_changes_displayed_dates(built):
    page = soup(built, "posts/gamma.html")
    assert page.select_one(".docblog-post-header time").get_text() == "December 31, 2025"
    # naive dates are read in the configured zone, not the machine's: midnight New York
    alpha = soup(built, "posts/alpha.html").select_one(".docblog-post-header time")
    assert alpha["datetime"] == "2026-03-05T00:00:00-05:00"
    assert alpha.get_text() == "March 5, 2026"


@pytest.mark.sphinx("html", testroot="basic", confoverrides={"docblog_date_format": "%Y-%m-%d"})
def test_date_format_is_configurable(built):
    page = soup(built, "blog.html")
    assert page.select_one(".docblog-card time").get_text() == "2026-03-16"


@pytest.mark.sphinx("html", testroot="basic", srcdir="card-images")
def test_front_matter_image_is_on_the_card_and_copied(app):
    """An image named only in front matter is copied to the output and shown on the card;
    an image on another host is not (the site makes no third-party request)."""
    posts = Path(app.srcdir) / "posts"
    (posts / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    alpha = posts / "alpha.md"
    alpha.write_text(alpha.read_text().replace("summary: Alpha summary.",
                                               "summary: Alpha summary.\nimage: cover.png"))
    beta = posts / "beta.md"
    beta.write_text(beta.read_text().replace("---\n\n", "image: https://cdn.example.com/b.png\n---\n\n", 1))
    app.build()
    assert app.warning.getvalue() == ""
    cards = {c.select_one(".docblog-card-title a").get_text(): c
             for c in soup(app, "blog.html").select(".docblog-card")}
    image = cards["Alpha post"].select_one("img.docblog-card-image")
    assert image["src"] == "posts/cover.png"
    assert (Path(app.outdir) / "posts/cover.png").read_bytes() == b"\x89PNG\r\n\x1a\n"
    assert app.env.domains["docblog"].posts["posts/beta"].image == "https://cdn.example.com/b.png"
    assert cards["Beta post"].select_one("img") is None
    on_category = soup(app, "blog/category/ci-cd.html").select_one(".docblog-card img")
    assert on_category["src"] == "../../posts/cover.png"
    index = json.loads((Path(app.outdir) / "blog/posts.json").read_text())
    assert {p["title"]: p["image"] for p in index["posts"]}["Alpha post"] == "../posts/cover.png"


def built_pages(make_app: Any, root: Path, srcdir: Path,
                before_build: Callable[[Any], None] = lambda app: None) -> dict[str, str]:
    """A fresh serial build of a copy of ``root`` at ``srcdir``, with no warning: its HTML
    pages by output path."""
    shutil.copytree(root, srcdir)
    app = make_app("html", srcdir=srcdir, freshenv=True)
    before_build(app)
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    outdir = Path(app.outdir)
    return {str(path.relative_to(outdir)): path.read_text(encoding="utf-8") for path in outdir.rglob("*.html")}


def test_generated_pages_share_their_folder_navigation(tmp_path, rootdir, make_app, monkeypatch):
    """docblog.navigation.shared_in_folder: Sphinx resolves the navigation of docblog's pages
    (in no toctree) once per folder, and every page is as when it is resolved per page."""

    from docblog import navigation
    from sphinx.builders.html import StandaloneHTMLBuilder

    resolved: list[str] = []
    resolve = StandaloneHTMLBuilder._get_local_toctree
    monkeypatch.setattr(StandaloneHTMLBuilder, "_get_local_toctree",
                        lambda self, docname, *args, **kwargs: resolved.append(docname)
                        or resolve(self, docname, *args, **kwargs))
    pages: dict[str, dict[str, str]] = {}
    for way in ("per folder", "per page"):
        if way == "per page":
            monkeypatch.setattr(navigation, "shared_in_folder", lambda app, pagename, toctree: toctree)
        resolved.clear()
        pages[way] = built_pages(make_app, rootdir / "test-basic", tmp_path / way.replace(" ", "-"))
        categories = [name for name in resolved if name.startswith("blog/category/")]
        assert len(categories) == (1 if way == "per folder" else len(set(categories))), way
    assert len([name for name in pages["per page"] if name.startswith("blog/category/")]) >= 2
    assert pages["per folder"] == pages["per page"]


def test_post_headers_and_footers_are_rendered_ahead_of_their_pages(tmp_path, rootdir, make_app, monkeypatch):
    """docblog.post_page.rendered_ahead: a serial build renders the headers and footers of the
    next posts it writes together, and plans their head tags, before writing the first of
    them, and every page is as when each is rendered as its page is written."""

    from docblog import post_page
    from docblog.rendering import Renderer

    events: list[str] = []
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, name, **context: events.append(name)
                        or render(self, name, **context))
    head_tags = post_page.head_tags
    monkeypatch.setattr(post_page, "head_tags", lambda *args: events.append("head tags")
                        or head_tags(*args))
    monkeypatch.setattr(post_page, "RENDERED_AHEAD", 2)
    pages: dict[str, dict[str, str]] = {}
    for way in ("ahead", "as written"):
        if way == "as written":
            monkeypatch.setattr(post_page, "note_posts_to_write", lambda app: None)
        events.clear()

        def note_writes(app: Any) -> None:
            write_doc = app.builder.write_doc
            monkeypatch.setattr(app.builder, "write_doc", lambda docname, doctree: (
                events.append(f"write {docname}") or write_doc(docname, doctree)))

        pages[way] = built_pages(make_app, rootdir / "test-basic", tmp_path / way.replace(" ", "-"),
                                 note_writes)
        posts = [event for event in events if event.startswith("write posts/")]
        assert len(posts) >= 3, way
        first = events.index(posts[0])
        # ahead: the first two posts' headers before the first post's page is written, and none
        # while it is; as written: each while its page is written
        assert events[:first].count("post_header.html") == (2 if way == "ahead" else 0), way
        assert events[first:events.index(posts[1])].count("post_header.html") == (
            0 if way == "ahead" else 1), way
        assert events[:first].count("head tags") == events[:first].count("post_header.html"), way
        assert events[first:events.index(posts[1])].count("head tags") == (0 if way == "ahead" else 1), way
        assert events.count("post_footer.html") == events.count("post_header.html") >= len(posts)
        assert events.count("head tags") == events.count("post_header.html"), way
    assert pages["ahead"] == pages["as written"]
