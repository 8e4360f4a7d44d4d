"""Pinned and unlisted posts, series and related posts: on every page that shows them, and
rewritten by incremental builds exactly where what they show changed."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path

import pytest
from conftest import card_titles, soup, warnings_of
from docblog.collection import Blog
from docblog.config import DocblogConfig
from docblog.posts import Post
from test_incremental import edit

#: test-people's listed posts, newest first (release is pinned; publishing is a draft,
#: secret is unlisted).
NEWEST_FIRST = ["Caching", "Themes", "Roadmap", "Release one", "Writing the first post", "Setting up"]


@pytest.fixture
def built(app):
    app.build()
    return app


def related_titles(page) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".docblog-related .docblog-related-title a")]


# --- pinned --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="people")
def test_pinned_post_is_first_on_the_index_once_with_a_label(built):
    first, second = soup(built, "blog.html"), soup(built, "blog/page/2.html")
    assert card_titles(first) == ["Release one", "Caching", "Themes", "Roadmap"]
    assert card_titles(second) == ["Writing the first post", "Setting up"]
    pinned = first.select(".docblog-card--pinned")
    assert len(pinned) == 1
    assert pinned[0].select_one(".docblog-badge--pinned").get_text(strip=True) == "Pinned"
    assert len(first.select(".docblog-badge--pinned")) == 1


@pytest.mark.sphinx("html", testroot="people")
def test_pinned_post_is_in_date_order_everywhere_else(built):
    news = soup(built, "blog/category/news.html")
    assert card_titles(news) == ["Caching", "Roadmap", "Release one"]
    archive = soup(built, "blog/archive.html")
    assert card_titles(archive) == NEWEST_FIRST
    for page in (news, archive):
        assert page.select(".docblog-badge--pinned") == []
    entries = [e["url"] for e in json.loads((built.outdir / "blog/posts.json").read_text())["posts"]]
    assert [u.rsplit("/", 1)[-1] for u in entries][3] == "release.html"


# --- unlisted ------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="people")
def test_unlisted_post_is_built_with_noindex(built):
    page = soup(built, "posts/secret.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.select_one(".docblog-post-header") is not None
    assert soup(built, "posts/setup.html").find("meta", attrs={"name": "robots"}) is None


@pytest.mark.sphinx("html", testroot="people")
def test_unlisted_post_is_in_no_listing_feed_or_index(built):
    for path in sorted(Path(built.outdir, "blog").rglob("*.*")):
        if path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "Secret preview" not in text and "secret.html" not in text, path
    for path in Path(built.outdir, "posts").glob("*.html"):
        if path.name != "secret.html":
            assert "Secret preview" not in path.read_text(encoding="utf-8"), path
    # it shares tags with setup and writing, and is newer: still not related to them
    assert "Secret preview" not in related_titles(soup(built, "posts/setup.html"))
    assert soup(built, "blog/tag/setup.html").select_one(".docblog-count").get_text() == "1 post"


def test_unlisted_post_is_left_out_of_the_sitemap(tmp_path, rootdir, make_app):
    """sphinx-sitemap leaves out the links matching ``sitemap_excludes``; a stand-in
    extension records the links it would list the same way."""
    srcdir = tmp_path / "people-sitemap"
    shutil.copytree(rootdir / "test-people", srcdir)
    (srcdir / "fake_sitemap.py").write_text(
        "from fnmatch import fnmatch\n"
        "LINKS = []\n"
        "def add_link(app, pagename, templatename, context, doctree):\n"
        "    link = app.builder.get_target_uri(pagename)\n"
        "    if not any(fnmatch(link, p) for p in app.config.sitemap_excludes):\n"
        "        LINKS.append(link)\n"
        "def setup(app):\n"
        "    app.add_config_value('sitemap_excludes', [], '')\n"
        "    app.connect('html-page-context', add_link)\n"
        "    return {'parallel_read_safe': True}\n", encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8").replace(
        'extensions = ["docblog"]',
        'import sys, os\nsys.path.insert(0, os.path.dirname(__file__))\n'
        'extensions = ["docblog", "fake_sitemap"]'), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    import fake_sitemap  # type: ignore[import-not-found]

    assert "posts/setup.html" in fake_sitemap.LINKS
    assert "posts/secret.html" not in fake_sitemap.LINKS
    assert app.config.sitemap_excludes == ["posts/secret.html"]
    app.cleanup()
    sys_modules_cleanup("fake_sitemap")


def sys_modules_cleanup(name: str) -> None:
    import sys

    sys.modules.pop(name, None)
    sys.path[:] = [p for p in sys.path if "people-sitemap" not in p]


# --- series --------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="people")
def test_series_box_on_each_part(built):
    for name, number in (("setup", 1), ("writing", 2)):
        box = soup(built, f"posts/{name}.html").select_one(".docblog-post-header nav.docblog-series")
        assert box["aria-label"] == "Series"
        assert box.select_one(".docblog-series-part").get_text() == f"Part {number} of 2"
        link = box.select_one(".docblog-series-title a")
        assert link.get_text() == "Getting started"
        assert link["href"] == "../blog/series/getting-started.html"
        parts = box.select("ol.docblog-series-parts > li > a")
        # the draft third part is left out
        assert [a.get_text() for a in parts] == ["Setting up", "Writing the first post"]
        assert [a.get("aria-current") for a in parts] == [
            "page" if n == number else None for n in (1, 2)]
    assert soup(built, "posts/caching.html").select(".docblog-series") == []


@pytest.mark.sphinx("html", testroot="people")
def test_series_page_lists_parts_in_order_and_cards_name_the_series(built):
    page = soup(built, "blog/series/getting-started.html")
    assert page.select_one(".docblog-listing h1").get_text() == "Series: Getting started"
    assert card_titles(page) == ["Setting up", "Writing the first post"]
    card = {c.select_one(".docblog-card-title").get_text(strip=True): c
            for c in soup(built, "blog/page/2.html").select(".docblog-card")}["Setting up"]
    series = card.select_one(".docblog-card-series")
    assert series.a.get_text() == "Getting started"
    assert "Part 1 of 2" in series.get_text()
    overview = soup(built, "blog/series.html")
    assert [a.get_text() for a in overview.select(".docblog-terms a")] == ["Getting started"]


def test_series_order_wins_over_dates():
    config = DocblogConfig()
    records = {
        "a": post("a", 3, series="Tour", series_order=2),
        "b": post("b", 1, series="Tour", series_order=1),
        "c": post("c", 2, series="tour"),  # no order: after the numbered parts
    }
    blog = Blog(config, records)
    series = blog.series["tour"]
    assert series.name == "Tour"
    assert [p.docname for p in series.parts] == ["b", "a", "c"]


# --- related posts -------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="people")
def test_related_posts_ranked_by_tags_then_category_then_date(built):
    # writing: tags sphinx, writing; category Guides.
    #   setup (sphinx; Guides), roadmap (sphinx; News), themes (Guides, nearest in date)
    page = soup(built, "posts/writing.html")
    assert related_titles(page) == ["Setting up", "Roadmap", "Themes"]
    heading = page.select_one(".docblog-related h2")
    assert heading.get_text() == "Related posts"
    card = page.select_one(".docblog-related-card")
    assert card.a["href"] == "setup.html"
    assert card.time.get_text() == "January 5, 2026"
    # never itself, a draft (publishing) or an unlisted post (secret)
    for name in ("setup", "writing", "release", "roadmap", "themes", "caching", "secret"):
        titles = related_titles(soup(built, f"posts/{name}.html"))
        assert not {"Publishing", "Secret preview"} & set(titles), name
        assert len(titles) <= 3


def search_terms(app) -> dict[str, set[str]]:
    """Sphinx's search index: each word stem → the documents it is found in."""
    text = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    docnames = index["docnames"]
    found_in: dict[str, set[str]] = {}
    for mapping in (index["terms"], index["titleterms"]):
        for stem, found in mapping.items():
            found_in.setdefault(stem, set()).update(
                docnames[i] for i in ([found] if isinstance(found, int) else found))
    return found_in


@pytest.mark.sphinx("html", testroot="people")
def test_search_finds_a_post_by_its_own_words_not_by_its_related_posts(built):
    # writing's page shows "Setting up" among its related posts and in its series box, and
    # "1 min read" and its category, Guides, in its header
    page = soup(built, "posts/writing.html")
    assert "Setting up" in related_titles(page)
    assert "min read" in page.select_one(".docblog-post-header").get_text()
    terms = search_terms(built)
    assert "posts/writing" in terms["write"]  # its own title and body
    assert "posts/setup" in terms["set"]
    assert "posts/writing" not in terms["set"]
    assert "min" not in terms and "guid" not in terms


@pytest.mark.sphinx("html", testroot="people", confoverrides={"docblog_related_posts": 0},
                    srcdir="people-no-related")
def test_related_posts_off(built):
    assert soup(built, "posts/writing.html").select(".docblog-related") == []
    assert warnings_of(built) == ""


def post(name: str, day: int, **fields) -> Post:
    return Post(docname=name, title=name.title(), date=dt.datetime(2026, 1, day, tzinfo=dt.UTC), **fields)


def test_related_posts_are_the_same_whatever_the_order_of_the_records():
    rng = random.Random(7)
    tags = ["a", "b", "c", "d", "e"]
    records = [post(f"p{n:02d}", 1 + n % 28, tags=tuple(rng.sample(tags, 2)),
                    categories=(rng.choice(["X", "Y"]),)) for n in range(40)]
    config = DocblogConfig()
    expected = None
    for _attempt in range(3):
        rng.shuffle(records)
        blog = Blog(config, {p.docname: p for p in records})
        found = {p.docname: [r.docname for r in blog.related(p)] for p in records}
        assert expected is None or found == expected
        expected = found
    assert expected is not None
    # Check the ranking against the definition, by brute force.
    blog = Blog(config, {p.docname: p for p in records})
    for subject in records:
        def rank(other: Post, subject: Post = subject) -> tuple:
            return (-len(set(subject.tags) & set(other.tags)),
                    -len(set(subject.categories) & set(other.categories)),
                    abs((other.date - subject.date).total_seconds()), other.docname)
        others = [o for o in records if o is not subject
                  and (set(o.tags) & set(subject.tags) or set(o.categories) & set(subject.categories))]
        assert expected[subject.docname] == [o.docname for o in sorted(others, key=rank)[:3]]


# --- incremental builds --------------------------------------------------------------------


@pytest.fixture
def site(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "people-site"
    shutil.copytree(rootdir / "test-people", srcdir)

    class Site:
        path = srcdir

        def build(self):
            app = make_app("html", srcdir=srcdir)
            app.build()
            app.cleanup()
            assert warnings_of(app) == "", warnings_of(app)
            return app

        def html(self) -> dict[Path, int]:
            # (Sphinx writes its search and index pages on every build)
            return {p: p.stat().st_mtime_ns for p in (srcdir / "_build/html").rglob("*.html")
                    if "_static" not in p.parts and p.name not in ("search.html", "genindex.html")}

        def showing(self, text: str) -> set[Path]:
            return {p for p in self.html() if text in p.read_text(encoding="utf-8")}

    built = Site()
    built.build()
    return built


def rewritten(before: dict[Path, int], after: dict[Path, int]) -> set[Path]:
    return {p for p in after if before.get(p) != after[p]}


def test_editing_a_part_title_rewrites_exactly_the_pages_that_show_it(site):
    shown = site.showing("Setting up")
    out = site.path / "_build/html"
    assert {out / "posts/writing.html", out / "blog/series/getting-started.html"} <= shown
    before = site.html()
    edit(site.path / "posts/setup.md", "# Setting up", "# Setting things up")
    site.build()
    assert rewritten(before, site.html()) == shown
    box = soup_of(out / "posts/writing.html").select_one(".docblog-series")
    assert "Setting things up" in box.get_text()


def test_related_list_change_rewrites_the_post_and_only_then(site):
    out = site.path / "_build/html"
    # A body edit changes no related list: no other post page is rewritten.
    before = site.html()
    edit(site.path / "posts/caching.md", "enough words to read.", "enough words to read. More.")
    site.build()
    posts_rewritten = {p.name for p in rewritten(before, site.html()) if p.parent.name == "posts"}
    assert posts_rewritten == {"caching.html"}
    # Tagging themes "writing" moves it up writing's related posts.
    assert related_titles(soup_of(out / "posts/writing.html")) == ["Setting up", "Roadmap", "Themes"]
    before = site.html()
    edit(site.path / "posts/themes.md", "tags: [themes]", "tags: [themes, writing]")
    site.build()
    # (themes now shares a tag and the category, as setup does, which is nearer in date)
    assert related_titles(soup_of(out / "posts/writing.html")) == ["Setting up", "Themes", "Roadmap"]
    posts_rewritten = {p.name for p in rewritten(before, site.html()) if p.parent.name == "posts"}
    changed = {"themes.html", "writing.html"}  # themes was edited; writing's list changed
    assert changed <= posts_rewritten
    for name in posts_rewritten - changed:
        # any other page rewritten shows themes among its related posts or neighbours
        assert "Themes" in (out / "posts" / name).read_text(encoding="utf-8"), name


def soup_of(path: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- the demo site -------------------------------------------------------------------------

REPO = Path(__file__).parent.parent


def test_the_demo_shows_series_authors_pinned_and_latest_posts(tmp_path, make_app):
    """The demo's own conf.py, posts, avatars and landing page (without the docs pages)."""
    srcdir = tmp_path / "demo"
    srcdir.mkdir()
    shutil.copy(REPO / "conf.py", srcdir)
    shutil.copy(REPO / "index.md", srcdir)
    for folder in ("posts", "_static"):
        shutil.copytree(REPO / folder, srcdir / folder)
    index = srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8").split("```{toctree}")[0], encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"extensions": ["docblog"]})
    app.build()
    assert warnings_of(app) == ""
    blog = soup(app, "blog.html")
    newest = [c for c in card_titles(blog) if c != card_titles(blog)[0]][:3]
    # the landing page: the three newest posts (the pinned one is first only on the index)
    assert card_titles(soup(app, "index.html")) == newest
    assert len(blog.select(".docblog-badge--pinned")) == 1
    series = [s for s in Path(app.outdir, "blog/series").glob("*.html")]
    assert len(series) == 1
    assert len(card_titles(soup(app, str(series[0].relative_to(app.outdir))))) == 2
    avatars = {img["src"].rsplit("/", 1)[-1] for img in blog.select(".docblog-card-author img")}
    assert len(avatars) == 2
    assert all((app.outdir / "_static" / name).is_file() for name in avatars)
    app.cleanup()
