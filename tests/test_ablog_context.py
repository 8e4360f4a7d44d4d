"""ABlog's sidebar templates and a placeholder page at blog_path, built with ABlog alone and
with docblog added, compared; and the pages a change rewrites."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import ablog.blog
import pytest
import sphinx
from conftest import card_titles, soup, warnings_of

ROOT = "test-ablog-sidebars"
SIDEBAR_BLOCKS = (
    "ablog__postcard", "ablog__recentposts", "ablog__tagcloud", "ablog__categories",
    "ablog__archives", "ablog__authors", "ablog__languages", "ablog__locations",
)


def build(make_app, srcdir: Path, with_docblog: bool, **overrides):
    extensions = ["ablog", "myst_parser"] + (["docblog"] if with_docblog else [])
    ablog.blog.Blog._dict.clear()  # ABlog keeps one process-wide blog
    app = make_app("html", srcdir=srcdir, confoverrides={"extensions": extensions, **overrides})
    app.build()
    app.cleanup()
    ablog.blog.Blog._dict.clear()
    return app


@pytest.fixture
def both(tmp_path, rootdir, make_app):
    """The root built by ABlog alone and, from a second copy, with docblog added."""
    apps = {}
    for name, with_docblog in (("ablog", False), ("docblog", True)):
        srcdir = tmp_path / name
        shutil.copytree(rootdir / ROOT, srcdir)
        apps[name] = build(make_app, srcdir, with_docblog)
    return apps


def sidebar(app, page: str, block: str) -> tuple[str, list[str]] | None:
    found = soup(app, page).select_one(f".{block}")
    if found is None:
        return None
    text = " ".join(found.get_text(" ", strip=True).split())
    return text, [" ".join(a.get_text(" ", strip=True).split()) for a in found.select("a")]


def resolves(app, page: str, href: str) -> bool:
    target = href.split("#", 1)[0]
    return not target or (Path(app.outdir) / os.path.dirname(page) / target).resolve().is_file()


def test_every_ablog_sidebar_renders_as_ablog_renders_it(both):
    ablog_app, docblog_app = both["ablog"], both["docblog"]
    assert ablog_app.warning.getvalue() == ""
    assert docblog_app.warning.getvalue() == ""
    for page in ("posts/first.html", "posts/third.html", "index.html", "about.html"):
        for block in SIDEBAR_BLOCKS:
            assert sidebar(docblog_app, page, block) == sidebar(ablog_app, page, block), (page, block)
    # the post's own card and the blog-wide lists are there, with ABlog's classes
    assert sidebar(docblog_app, "posts/first.html", "ablog__postcard") is not None
    recent = sidebar(docblog_app, "posts/first.html", "ablog__recentposts")
    assert recent[1] == ["Recent Posts", "10 June - A comet at dawn", "02 March - Cleaning mirrors"]
    categories = sidebar(docblog_app, "posts/first.html", "ablog__categories")
    assert categories[1] == ["Categories", "Maintenance (1)", "Observing (2)"]
    tags = soup(docblog_app, "posts/first.html").select(".ablog__tagcloud li.ablog-cloud")
    assert [t.get_text(strip=True) for t in tags] == ["comet", "night sky", "telescope"]
    assert "ablog-cloud-5" in tags[2]["class"]  # the tag with most posts is the largest


def test_sidebar_links_lead_to_docblog_pages(both):
    app = both["docblog"]
    for page in ("posts/first.html", "posts/second.html", "index.html", "about.html"):
        for link in soup(app, page).select(".ablog-sidebar-item a[href]"):
            assert resolves(app, page, link["href"]), (page, link["href"])
    # a category link in the sidebar opens docblog's category page, with cards
    link = soup(app, "about.html").select(".ablog__categories li a")[1]
    assert link.get_text(strip=True) == "Observing (2)"
    target = Path(app.outdir) / link["href"]
    assert card_titles(soup(app, str(target.relative_to(app.outdir)))) == [
        "A comet at dawn", "First light"]


def test_placeholder_page_at_blog_path_shows_the_index(both):
    ablog_app, app = both["ablog"], both["docblog"]
    index = soup(app, "blog.html")
    assert index.select_one("h1").get_text() == "News"  # the placeholder's own title
    assert card_titles(index) == ["A comet at dawn", "Cleaning mirrors", "First light"]
    assert index.select_one(".docblog-count").get_text() == "3 posts so far."
    assert [c.get_text(" ", strip=True) for c in index.select(".docblog-chip")][1:] == [
        "Maintenance 1", "Observing 2"]
    # ABlog lists the same posts at that address
    ablog_titles = [a.get_text(strip=True) for a in soup(ablog_app, "blog.html").select(".ablog-post-title a")]
    assert ablog_titles == card_titles(index)
    # the toctree entry the site made still leads there, and docblog adds no second one
    nav = [a for a in soup(app, "about.html").select(".sphinxsidebar a, .toctree-wrapper a, nav a")
           if a.get("href", "").endswith("blog.html")]
    nav_texts = [a.get_text(strip=True) for a in soup(app, "index.html").select(".toctree-wrapper a")]
    assert nav_texts == ["News", "About", "Plain"]
    assert all(a.get_text(strip=True) != "News" or a["href"] == "blog.html" for a in nav)


def test_document_body_can_be_shown_above_the_cards(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    (srcdir / "blog.rst").write_text("News\n====\n\nWhat we saw through the telescope.\n")
    app = build(make_app, srcdir, True)
    assert app.warning.getvalue() == ""
    index = soup(app, "blog.html")
    # by default only the title is kept, as ABlog does
    assert "through the telescope" not in index.get_text()
    assert len(card_titles(index)) == 3
    app = build(make_app, srcdir, True, docblog_index_document_body=True)
    index = soup(app, "blog.html")
    assert index.select_one("h1").get_text() == "News"
    assert "through the telescope" in index.select_one(".docblog-listing").get_text()
    assert len(card_titles(index)) == 3


#: What Sphinx itself rewrites after any change: its genindex and search pages, and before
#: Sphinx 9 the root document too.
SPHINX_REWRITES = {"genindex.html", "search.html"} | (
    {"index.html"} if sphinx.version_info < (9,) else set())


def mtimes(outdir: Path) -> dict[str, int]:
    return {str(p.relative_to(outdir)): p.stat().st_mtime_ns
            for p in outdir.rglob("*.html") if "_static" not in p.parts}


def rewritten(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name, mtime in after.items() if before.get(name) != mtime}


@pytest.fixture
def site(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    app = build(make_app, srcdir, True)
    assert app.warning.getvalue() == ""
    return srcdir, app


def test_adding_a_post_rewrites_exactly_the_pages_whose_sidebars_changed(site, make_app):
    srcdir, app = site
    before = mtimes(Path(app.outdir))
    (srcdir / "posts/fourth.md").write_text(
        "---\nblogpost: true\ndate: 2025-09-01\ncategory: Observing\ntags: comet\nauthor: Ada\n---\n\n"
        "# Comet tail\n\nThe tail grew longer every night.\n", encoding="utf-8")
    app = build(make_app, srcdir, True)
    assert app.warning.getvalue() == ""
    changed = rewritten(before, mtimes(Path(app.outdir)))
    # every page with a recent-posts or category list shows the new post; "plain" shows none
    for page in ("index.html", "about.html", "posts/first.html", "posts/second.html",
                 "posts/third.html", "posts/fourth.html", "blog.html", "blog/category/observing.html"):
        assert page in changed, page
    assert "plain.html" not in changed
    assert sidebar(app, "about.html", "ablog__categories")[1] == [
        "Categories", "Maintenance (1)", "Observing (3)"]
    assert sidebar(app, "index.html", "ablog__recentposts")[1][1] == "01 September - Comet tail"
    assert card_titles(soup(app, "blog.html"))[0] == "Comet tail"


def test_editing_a_body_rewrites_only_that_post(site, make_app):
    srcdir, app = site
    before = mtimes(Path(app.outdir))
    path = srcdir / "posts/second.rst"
    path.write_text(path.read_text().replace("about brushes.", "about soft brushes."))
    app = build(make_app, srcdir, True)
    assert rewritten(before, mtimes(Path(app.outdir))) - SPHINX_REWRITES == {"posts/second.html"}


def test_editing_a_title_rewrites_the_pages_whose_sidebars_show_it(tmp_path, rootdir, make_app):
    # "plain" shows the recent posts and nothing else of the blog
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('"plain": ["searchbox.html"]',
                                             '"plain": ["ablog/recentposts.html"]'))
    app = build(make_app, srcdir, True)
    before = mtimes(Path(app.outdir))
    path = srcdir / "posts/second.rst"
    path.write_text(path.read_text().replace("about brushes.", "about soft brushes."))
    app = build(make_app, srcdir, True)
    assert rewritten(before, mtimes(Path(app.outdir))) - SPHINX_REWRITES == {"posts/second.html"}
    before = mtimes(Path(app.outdir))
    path.write_text(path.read_text().replace("Cleaning mirrors", "Cleaning the mirrors"))
    app = build(make_app, srcdir, True)
    changed = rewritten(before, mtimes(Path(app.outdir)))
    assert {"plain.html", "index.html", "posts/second.html"} <= changed
    assert "about.html" not in changed  # its categories do not show titles
    assert "Cleaning the mirrors" in " ".join(sidebar(app, "plain.html", "ablog__recentposts")[1])


def test_a_page_taking_a_generated_name_keeps_its_output(site, make_app):
    """A document added where docblog wrote a page (blog/archive) has its page after the
    very next build, and the generated one gives way without deleting it."""
    srcdir, app = site
    assert "docblog-listing" in (Path(app.outdir) / "blog/archive.html").read_text()
    (srcdir / "blog").mkdir()
    (srcdir / "blog/archive.rst").write_text(":orphan:\n\nOur archive\n===========\n\nHand-made.\n")
    app = build(make_app, srcdir, True)
    archive = Path(app.outdir) / "blog/archive.html"
    assert archive.is_file()
    assert "Hand-made." in archive.read_text()


def test_ablog_cross_references_resolve_to_docblog_pages(both):
    """ABlog's documented references: a post by its file name, archives by kind and name."""
    ablog_app, app = both["ablog"], both["docblog"]

    def links(built):
        return [(a.get_text(" ", strip=True), a["href"])
                for a in soup(built, "about.html").select(".body a.reference, .document .body a")
                if "headerlink" not in a.get("class", [])]

    got, want = links(app), links(ablog_app)
    assert [text for text, _href in got] == [text for text, _href in want]
    assert [text for text, _href in got] == [
        "First light", "Archives", "telescope", "Ada Lovelace", "Observing", "Paris, France",
        "English", "2024", "Tags", "the whole blog"]
    for _text, href in got:
        assert resolves(app, "about.html", href), href
    first_links = dict(got)
    assert first_links["First light"] == "posts/first.html"
    assert card_titles(soup(app, first_links["telescope"])) == ["Cleaning mirrors", "First light"]


def test_a_renamed_ablog_handler_is_named_not_silently_kept(tmp_path, rootdir, make_app, monkeypatch):
    """docblog finds ABlog's handlers by name; one a future ABlog renamed is reported."""
    import ablog

    def renamed_html_page_context(app, pagename, templatename, context, doctree):
        """Stands for ABlog's html_page_context under a new name."""

    monkeypatch.setattr(ablog, "html_page_context", renamed_html_page_context)
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    app = build(make_app, srcdir, True)
    warnings = app.warning.getvalue()
    assert f"ABlog {ablog.__version__} has no 'html-page-context' handler ablog.html_page_context" in warnings
    assert "[docblog.compat]" in warnings
    assert len(warnings.strip().splitlines()) == 1


def test_a_second_post_directive_in_a_document_is_named(tmp_path, rootdir, make_app):
    """ABlog lists each section holding a ``post`` directive as a post; docblog reads one post
    per document and says so at the second directive, so that no post is lost silently."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    first = srcdir / "posts/first.rst"
    first.write_text(first.read_text() + "\nSecond night\n------------\n\n.. post:: 2024-01-16\n\n"
                     "Clouds all night.\n")
    app = build(make_app, srcdir, True)
    warnings = app.warning.getvalue()
    assert "first.rst:16: WARNING: docblog reads one post per document" in warnings, warnings
    assert "('Second night')" in warnings and "[docblog.directive]" in warnings
    assert len(warnings.strip().splitlines()) == 1
    assert "First light" in card_titles(soup(app, "blog.html"))


def test_a_pydata_site_is_not_read_again_on_every_build(tmp_path, rootdir, make_app):
    """pydata-sphinx-theme turns on ABlog's fontawesome_included after Sphinx compared the
    configuration with the saved one; docblog settles it first, so a no-op build reads nothing."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / ROOT, srcdir)
    # (Each build gets its own lists and dicts: pydata-sphinx-theme adds to the default
    # templates_path and theme options, which every Sphinx application in this test process
    # shares; sphinx-build has one application per process.)
    def fresh() -> dict:
        return {"html_theme": "pydata_sphinx_theme", "html_theme_options": {}, "templates_path": []}

    build(make_app, srcdir, True, **fresh())
    before = mtimes(Path(srcdir / "_build/html"))
    app = build(make_app, srcdir, True, **fresh())
    status = app.status.getvalue()
    assert "fontawesome_included" not in status
    assert "0 added, 0 changed, 0 removed" in status
    assert rewritten(before, mtimes(Path(app.outdir))) - SPHINX_REWRITES == set()
    # the theme's Font Awesome is still used by ABlog's sidebars
    assert soup(app, "posts/first.html").select_one(".ablog__postcard i.fa")


# test-ablog-sidebars has recent posts only on the posts, all among the newest; the pydata
# root shows them on the blog's tag pages too, which share their folder.
@pytest.mark.parametrize(("root", "recent_shared"), [(ROOT, False), ("test-ablog-pydata", True)])
def test_blog_wide_sidebars_are_rendered_once_per_folder_with_the_same_pages(
        tmp_path, rootdir, make_app, monkeypatch, root, recent_shared):
    from docblog import ablog_sidebars

    rendered: list[tuple[str, str]] = []
    once_per_folder = ablog_sidebars._rendered_once_per_folder

    def counted(app, name, render):
        def render_counted(context, *args, **kwargs):
            rendered.append((name, context.get("pagename")))
            yield from render(context, *args, **kwargs)
        return once_per_folder(app, name, render_counted)

    monkeypatch.setattr(ablog_sidebars, "_rendered_once_per_folder", counted)
    outputs = {}
    for name in ("cached", "plain"):
        if name == "plain":
            monkeypatch.setattr(ablog_sidebars, "cache_blog_wide_sidebars", lambda app: None)
        srcdir = tmp_path / name
        shutil.copytree(rootdir / root, srcdir)
        app = build(make_app, srcdir, with_docblog=True)
        assert warnings_of(app) == ""
        outdir = Path(app.outdir)
        outputs[name] = {p.relative_to(outdir).as_posix(): p.read_bytes()
                         for p in outdir.rglob("*.html")}
    # every post page shows the tag cloud: the posts' folder renders it once; a tag's page,
    # which it links to, has its own
    with_cloud = [page for page, html in outputs["plain"].items() if b"ablog__tagcloud" in html]
    posts_with_cloud = [page for page in with_cloud if page.startswith("posts/")]
    assert len(posts_with_cloud) > 2
    renders = [page for name, page in rendered if name == "ablog/tagcloud.html"]
    assert len([page for page in renders if page.startswith("posts/")]) == 1
    tag_pages = [page for page in with_cloud if page.startswith("blog/tag/")]
    assert len(renders) < len(with_cloud)
    assert all(page[:-len(".html")] in renders for page in tag_pages)
    # the recent posts: once per folder, and on each of the newest posts, which it leaves out
    with_recent = [page for page, html in outputs["plain"].items() if b"ablog__recentposts" in html]
    recent_renders = [page for name, page in rendered if name == "ablog/recentposts.html"]
    assert set(recent_renders) <= {page[:-len(".html")] for page in with_recent}
    assert (len(recent_renders) < len(with_recent)) == recent_shared
    assert outputs["cached"] == outputs["plain"]
