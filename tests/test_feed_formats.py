"""RSS 2.0 and JSON Feed 1.1 next to every blog and category Atom feed: valid, the same
entries as the Atom feed, linked from the pages' <head>, and rewritten only when they change."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import soup, warnings_of

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
TYPES = {"application/atom+xml": "atom.xml", "application/rss+xml": "rss.xml",
         "application/feed+json": "feed.json"}


def feed_folders(outdir: Path) -> list[Path]:
    """The blog's folder and every category folder that has an Atom feed."""
    return [outdir / "blog", *sorted(p.parent for p in (outdir / "blog/category").glob("*/atom.xml"))]


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    return parsed


def check_json_feed(path: Path) -> dict:
    """JSON Feed 1.1's required fields and types (https://jsonfeed.org/version/1.1)."""
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == JSON_FEED_VERSION
    assert isinstance(document["title"], str) and document["title"]
    assert isinstance(document["items"], list)
    for item in document["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert "content_html" in item or "content_text" in item
        for key in ("date_published", "date_modified"):
            if key in item:  # RFC 3339
                assert item[key].endswith("Z") and item[key][10] == "T", item[key]
    return document


@pytest.fixture(scope="module")
def basic(rootdir, tmp_path_factory):
    """test-basic built once for the read-only tests of this module."""
    from sphinx.testing.util import SphinxTestApp

    srcdir = tmp_path_factory.mktemp("feed-formats") / "basic"
    shutil.copytree(rootdir / "test-basic", srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings_of(app) == ""
    return app


def test_every_atom_feed_of_blog_and_categories_has_rss_and_json_next_to_it(basic):
    outdir = Path(basic.outdir)
    folders = feed_folders(outdir)
    assert len(folders) == 6  # the blog and its five categories with published posts
    for folder in folders:
        assert (folder / "rss.xml").is_file() and (folder / "feed.json").is_file(), folder
    # Tags, authors and years have no feeds without blog_feed_archives, in any format.
    assert not list((outdir / "blog/tag").rglob("rss.xml"))
    assert not list((outdir / "blog/tag").rglob("feed.json"))


def test_rss_has_the_atom_feeds_entries(basic):
    for folder in feed_folders(Path(basic.outdir)):
        atom, rss = parse(folder / "atom.xml"), parse(folder / "rss.xml")
        assert rss.version == "rss20"
        assert rss.feed.title == atom.feed.title
        assert rss.feed.link == atom.feed.link  # the listing page
        assert rss.feed.language == "en"
        assert [e.link for e in rss.entries] == [e.link for e in atom.entries]
        assert [e.title for e in rss.entries] == [e.title for e in atom.entries]
        assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
        assert [e.get("summary") for e in rss.entries] == [e.get("summary") for e in atom.entries]
        assert [e.published_parsed for e in rss.entries] == [e.published_parsed for e in atom.entries]
        assert [[a.name for a in e.get("authors", [])] for e in rss.entries] == \
            [[a.name for a in e.get("authors", [])] for e in atom.entries]
        assert [[t.term for t in e.get("tags", [])] for e in rss.entries] == \
            [[t.label for t in e.get("tags", [])] for e in atom.entries]
    blog = parse(Path(basic.outdir) / "blog/rss.xml")
    assert [e.title for e in blog.entries][:2] == ["Beta post", "Alpha post"]
    assert "Draft post" not in [e.title for e in blog.entries]
    assert [a.name for a in blog.entries[0].authors] == ["Ada Lovelace", "Grace Hopper"]


def test_json_feed_has_the_atom_feeds_entries(basic):
    for folder in feed_folders(Path(basic.outdir)):
        atom = parse(folder / "atom.xml")
        document = check_json_feed(folder / "feed.json")
        relative = folder.relative_to(basic.outdir).as_posix()
        assert document["feed_url"] == f"https://blog.example.org/{relative}/feed.json"
        assert document["home_page_url"] == atom.feed.link
        assert document["title"] == atom.feed.title
        assert document["language"] == "en"
        items = document["items"]
        assert [i["id"] for i in items] == [e.id for e in atom.entries]
        assert [i["url"] for i in items] == [e.link for e in atom.entries]
        assert [i["title"] for i in items] == [e.title for e in atom.entries]
        assert [i.get("summary") for i in items] == [e.get("summary") for e in atom.entries]
        assert [i["content_text"] for i in items] == [e.get("summary", "") for e in atom.entries]
        assert [[a["name"] for a in i.get("authors", [])] for i in items] == \
            [[a.name for a in e.get("authors", [])] for e in atom.entries]
        assert [i.get("tags", []) for i in items] == \
            [list(dict.fromkeys(t.label for t in e.get("tags", []))) for e in atom.entries]
    beta = json.loads((Path(basic.outdir) / "blog/feed.json").read_text(encoding="utf-8"))["items"][0]
    assert beta["title"] == "Beta post"
    assert beta["date_published"] == "2026-03-16T14:30:00Z"
    assert beta["date_modified"] == "2026-03-20T00:00:00Z"
    assert beta["tags"] == ["Machine Learning", "Design", "ml"]


def test_category_feeds_list_the_categorys_posts(basic):
    design = Path(basic.outdir) / "blog/category/design"
    titles = ["Beta post", "Gamma post", "CJK post"]
    assert [e.title for e in parse(design / "rss.xml").entries] == titles
    document = check_json_feed(design / "feed.json")
    assert [i["title"] for i in document["items"]] == titles
    assert document["title"] == "Test Blog: Design"
    assert document["home_page_url"] == "https://blog.example.org/blog/category/design.html"


@pytest.mark.parametrize("page, own", [
    ("blog.html", "blog/"),
    ("blog/category/design.html", "blog/category/design/"),
    ("posts/alpha.html", "blog/"),
])
def test_pages_link_each_format_in_head(basic, page, own):
    outdir = Path(basic.outdir)
    links = soup(basic, page).select('head link[rel="alternate"]')
    found = {}
    for link in links:
        target = (outdir / page).parent / link["href"]
        assert target.resolve().is_file(), link
        assert target.name == TYPES[link["type"]], link
        found.setdefault(link["type"], []).append(target.resolve().relative_to(outdir.resolve()).as_posix())
    assert set(found) == set(TYPES)
    for kind, name in TYPES.items():
        assert f"{own}{name}" in found[kind]
    titles = {link["type"]: link["title"] for link in links if link["href"].endswith(TYPES[link["type"]])}
    assert titles["application/rss+xml"].endswith("(RSS)")
    assert titles["application/feed+json"].endswith("(JSON Feed)")


def test_tag_pages_link_only_the_blogs_feeds(basic):
    links = soup(basic, "blog/tag/sphinx.html").select('head link[rel="alternate"]')
    assert sorted(link["href"] for link in links) == ["../atom.xml", "../feed.json", "../rss.xml"]


# --- settings ---------------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="basic", srcdir="feed-formats-settings",
                    confoverrides={"blog_feed_length": 2, "blog_feed_fulltext": True,
                                   "blog_feed_subtitle": "News & notes", "language": "pt_BR",
                                   "author": "Docs <team>"})
def test_length_fulltext_and_subtitle_apply_to_every_format(app):
    app.build()
    assert warnings_of(app) == ""
    outdir = Path(app.outdir)
    atom, rss = parse(outdir / "blog/atom.xml"), parse(outdir / "blog/rss.xml")
    document = check_json_feed(outdir / "blog/feed.json")
    assert len(atom.entries) == len(rss.entries) == len(document["items"]) == 2
    assert rss.feed.subtitle == document["description"] == "News & notes"
    assert document["language"] == rss.feed.language == "pt-BR"
    assert document["authors"] == [{"name": "Docs <team>"}]
    first = document["items"][0]
    assert "content_text" not in first
    # Compared unparsed: feedparser sanitizes the HTML it returns.
    atom_xml = ElementTree.parse(outdir / "blog/atom.xml").getroot()
    rss_xml = ElementTree.parse(outdir / "blog/rss.xml").getroot()
    assert first["content_html"] == atom_xml.find(f"{ATOM}entry/{ATOM}content").text
    assert first["content_html"] == rss_xml.find(f"channel/item/{CONTENT}encoded").text
    assert "Beta second paragraph." in first["content_html"]
    assert rss.entries[0].summary == first["summary"] == "Beta first paragraph. Beta second paragraph."


@pytest.mark.sphinx("html", testroot="basic", srcdir="feed-formats-titles",
                    confoverrides={"blog_feed_titles": True})
def test_titles_only_applies_to_every_format(app):
    app.build()
    outdir = Path(app.outdir)
    assert all("summary" not in e for e in parse(outdir / "blog/rss.xml").entries)
    items = check_json_feed(outdir / "blog/feed.json")["items"]
    assert all("summary" not in i and i["content_text"] == "" for i in items)
    assert [i["title"] for i in items] == [e.title for e in parse(outdir / "blog/atom.xml").entries]


@pytest.mark.sphinx("html", testroot="basic", srcdir="feed-formats-templates",
                    confoverrides={"blog_feed_templates": {
                        "atom": {"title": "{{ title }} ({{ post.author[0] }})"},
                        "rss": {"title": "Social: {{ title }}"}}})
def test_a_feed_template_named_rss_keeps_its_ablog_meaning(app):
    app.build()
    assert warnings_of(app) == ""
    outdir = Path(app.outdir)
    # ABlog's "rss" key is an Atom feed at blog/rss.xml; docblog writes no RSS of its own there.
    rss_key = parse(outdir / "blog/rss.xml")
    assert rss_key.version == "atom10"
    assert rss_key.entries[0].title == "Social: Beta post"
    assert not (outdir / "blog/category/design/rss.xml").exists()
    types = {link["type"] for link in soup(app, "blog.html").select('head link[rel="alternate"]')}
    assert types == {"application/atom+xml", "application/feed+json"}
    # The JSON Feed shows what atom.xml shows, templates included.
    items = check_json_feed(outdir / "blog/feed.json")["items"]
    assert items[0]["title"] == parse(outdir / "blog/atom.xml").entries[0].title == "Beta post (Ada Lovelace)"


@pytest.mark.sphinx("html", testroot="basic", srcdir="feed-formats-off", confoverrides={"blog_baseurl": ""})
def test_no_feed_of_any_format_without_baseurl(app):
    app.build()
    outdir = Path(app.outdir)
    assert not list(outdir.rglob("rss.xml")) and not list(outdir.rglob("feed.json"))
    for page in ("blog.html", "posts/alpha.html", "blog/category/design.html"):
        assert soup(app, page).select('head link[rel="alternate"]') == []


# --- rewriting --------------------------------------------------------------------------------


def feed_files(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns
            for pattern in ("atom.xml", "rss.xml", "feed.json") for p in outdir.rglob(pattern)}


def test_a_no_op_rebuild_rewrites_no_feed_and_an_edit_only_the_feeds_that_show_it(
        tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)

    def build():
        app = make_app("html", srcdir=srcdir)
        app.build()
        app.cleanup()
        assert warnings_of(app) == ""
        return Path(app.outdir)

    outdir = build()
    before = feed_files(outdir)
    assert len(before) == 18
    build()
    assert feed_files(outdir) == before
    post = srcdir / "posts/alpha.md"
    post.write_text(post.read_text(encoding="utf-8").replace("# Alpha post", "# Alpha renamed"),
                    encoding="utf-8")
    build()
    after = feed_files(outdir)
    rewritten = {name for name, mtime in after.items() if before[name] != mtime}
    assert rewritten == {f"blog/{name}" for name in ("atom.xml", "rss.xml", "feed.json")} | {
        f"blog/category/ci-cd/{name}" for name in ("atom.xml", "rss.xml", "feed.json")}
    assert "Alpha renamed" in [i["title"] for i in check_json_feed(outdir / "blog/feed.json")["items"]]
    assert "Alpha renamed" in [e.title for e in parse(outdir / "blog/category/ci-cd/rss.xml").entries]


def test_unlisted_posts_are_in_no_feed_of_any_format(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "posts/hidden.md").write_text(
        "---\ndate: 2026-03-20\ncategory: Design\nunlisted: true\n---\n\n# Hidden post\n\nText.\n",
        encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    outdir = Path(app.outdir)
    assert (outdir / "posts/hidden.html").is_file()
    for folder in (outdir / "blog", outdir / "blog/category/design"):
        assert "Hidden post" not in [e.title for e in parse(folder / "rss.xml").entries]
        assert "Hidden post" not in [i["title"] for i in check_json_feed(folder / "feed.json")["items"]]
        assert [e.title for e in parse(folder / "rss.xml").entries] == \
            [e.title for e in parse(folder / "atom.xml").entries]


# --- hostile text -----------------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="hostile", srcdir="feed-formats-hostile")
def test_hostile_text_stays_valid_and_escaped_in_rss_and_json(app):
    app.build()
    outdir = Path(app.outdir)
    rss_files = list(outdir.rglob("rss.xml"))
    json_files = list(outdir.rglob("feed.json"))
    assert len(rss_files) == len(json_files) == len(list(outdir.rglob("atom.xml"))) > 1
    for path in rss_files:
        assert b"<script>" not in path.read_bytes(), path  # escaped as text, never markup
        parse(path)
    for path in json_files:
        check_json_feed(path)
    hostile = 'Title <script>alert(1)</script>"><img src=x onerror=alert(2)>]]>'
    entry = next(e for e in parse(outdir / "blog/rss.xml").entries if e.title.startswith("Title"))
    assert entry.title == hostile
    assert [a.name for a in entry.authors] == \
        ['Author <script>alert(1)</script>"><img src=x onerror=alert(2)>]]>']
    item = next(i for i in check_json_feed(outdir / "blog/feed.json")["items"]
                if i["title"].startswith("Title"))
    assert item["title"] == hostile  # control character removed, the rest kept as text
    assert item["authors"] == [{"name": 'Author <script>alert(1)</script>"><img src=x onerror=alert(2)>]]>'}]
    assert all("\x07" not in tag for tag in item["tags"])
    raw = (outdir / "blog/feed.json").read_text(encoding="utf-8")
    assert "\x07" not in raw and "\\u0007" not in raw
    # The page's <link> titles stay attributes.
    for link in soup(app, "blog.html").select('head link[rel="alternate"]'):
        assert set(link.attrs) == {"rel", "type", "title", "href"}


def test_an_empty_blogs_feeds_are_the_same_on_every_build(tmp_path, rootdir, make_app):
    # feedgen dates a feed with no entries at the time of the build: a fresh build then wrote
    # other bytes than an incremental one, and every build changed the feed.
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    shutil.rmtree(srcdir / "posts")

    def feeds() -> dict[str, bytes]:
        outdir = tmp_path / "out"
        shutil.rmtree(outdir, ignore_errors=True)
        app = make_app("html", srcdir=srcdir, builddir=outdir)
        app.build()
        app.cleanup()
        found = Path(app.outdir) / "blog"
        return {name: (found / name).read_bytes() for name in ("atom.xml", "rss.xml", "feed.json")}

    first = feeds()
    time.sleep(1.1)  # the dates feedgen wrote had seconds
    assert feeds() == first
    assert parse(tmp_path / "out/html/blog/atom.xml").entries == []
    assert b"<updated>1970-01-01T00:00:00+00:00</updated>" in first["atom.xml"]
    assert b"<lastBuildDate>Thu, 01 Jan 1970 00:00:00 +0000</lastBuildDate>" in first["rss.xml"]


@pytest.mark.sphinx("epub", testroot="basic", srcdir="basic-epub",
                    confoverrides={"version": "1.0", "copyright": "2026, Docs team"})
def test_an_epub_has_the_blog_pages_but_no_feeds(app):
    # a book has no use for web feeds or the filter's posts.json, and EPUB lists every file
    # with a media type: Sphinx warned "unknown mimetype" for each feed.json
    app.build()
    assert warnings_of(app) == ""
    outdir = Path(app.outdir)
    assert (outdir / "blog.xhtml").is_file() and (outdir / "posts/alpha.xhtml").is_file()
    assert [p.name for p in outdir.rglob("*") if p.name in set(TYPES.values()) | {"posts.json"}] == []
    for page in ("blog.xhtml", "posts/alpha.xhtml"):
        html = (outdir / page).read_text(encoding="utf-8")
        assert "docblog-post-header" in html or "docblog-card" in html
        assert 'rel="alternate"' not in html
