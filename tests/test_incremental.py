"""Incremental and parallel builds produce exactly the pages a fresh serial build produces."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import card_titles, soup

# Sphinx stamps some files per build; the rest must match byte for byte.
_VOLATILE = re.compile(r'(\?v=[0-9a-f]+|\?digest=[0-9a-f]+|<updated>[^<]*</updated>)')


def outputs(outdir: Path) -> dict[str, str]:
    found = {}
    for path in sorted(outdir.rglob("*")):
        if path.suffix in (".html", ".xml") and "_static" not in path.parts:
            found[str(path.relative_to(outdir))] = _VOLATILE.sub("", path.read_text(encoding="utf-8"))
    return found


def assert_same_site(actual: Path, expected: Path, deleted: tuple[str, ...] = ()) -> None:
    """Same pages; ``deleted`` are outputs of removed sources, which Sphinx leaves in place."""
    got, want = outputs(actual), outputs(expected)
    assert sorted(set(got) - set(deleted)) == sorted(want), "different files"
    different = [name for name in want if got[name] != want[name]]
    assert not different, f"pages differ from a fresh build: {different}"


@pytest.fixture
def site(tmp_path, rootdir, make_app):
    """A copy of test-basic built once; ``site.rebuild()`` builds it again incrementally."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)

    class Site:
        path = srcdir

        def build(self, **kwargs):
            app = make_app("html", srcdir=srcdir, **kwargs)
            app.build()
            app.cleanup()  # unregister its nodes before the next app in this test
            assert app.warning.getvalue() == "", app.warning.getvalue()
            return app

        def fresh(self, name: str, **kwargs):
            fresh_dir = tmp_path / name
            shutil.copytree(srcdir, fresh_dir, ignore=shutil.ignore_patterns("_build"))
            app = make_app("html", srcdir=fresh_dir, freshenv=True, **kwargs)
            app.build()
            app.cleanup()
            return app

    built = Site()
    built.build()
    return built


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_adding_a_post_updates_every_listing(site):
    (site.path / "posts/epsilon.md").write_text(
        "---\ndate: 2026-04-01\ncategory: CI/CD\ntags: [sphinx]\nauthor: Ada Lovelace\n"
        "summary: Epsilon summary.\n---\n\n# Epsilon post\n\nNew words.\n",
        encoding="utf-8",
    )
    app = site.build()
    assert card_titles(soup(app, "blog.html"))[0] == "Epsilon post"
    assert soup(app, "blog.html").select_one(".docblog-count").get_text() == "7 posts so far."
    for page in ("blog/category/ci-cd.html", "blog/tag/sphinx.html", "blog/author/ada-lovelace.html"):
        assert card_titles(soup(app, page))[0] == "Epsilon post", page
    # the previous newest post now links to it
    newer = soup(app, "posts/beta.html").select_one(".docblog-post-nav-newer .docblog-post-nav-title")
    assert newer.get_text() == "Epsilon post"
    assert "Epsilon post" in (app.outdir / "blog/atom.xml").read_text()
    assert_same_site(app.outdir, site.fresh("fresh-add").outdir)


def test_editing_a_title_updates_every_listing_and_neighbours(site):
    edit(site.path / "posts/alpha.md", "# Alpha post", "# Alpha renamed")
    app = site.build()
    for page in ("blog.html", "blog/category/ci-cd.html", "blog/tag/sphinx.html",
                 "blog/author/ada-lovelace.html", "blog/archive.html"):
        titles = card_titles(soup(app, page))
        assert "Alpha renamed" in titles and "Alpha post" not in titles, page
    older = soup(app, "posts/beta.html").select_one(".docblog-post-nav-older .docblog-post-nav-title")
    assert older.get_text() == "Alpha renamed"
    assert_same_site(app.outdir, site.fresh("fresh-title").outdir)


def test_editing_a_category_moves_the_post(site):
    edit(site.path / "posts/alpha.md", "category: CI/CD", "category: Design")
    app = site.build()
    assert "Alpha post" in card_titles(soup(app, "blog/category/design.html"))
    # CI/CD has no post left: its page and chip are gone, not left stale
    assert not (app.outdir / "blog/category/ci-cd.html").exists()
    chips = [c.find(string=True, recursive=False).strip() for c in soup(app, "blog.html").select(".docblog-chip")]
    assert "CI/CD" not in chips
    assert_same_site(app.outdir, site.fresh("fresh-category").outdir)


def test_deleting_a_post_removes_it_everywhere(site):
    (site.path / "posts/gamma.md").unlink()
    app = site.build()
    assert "Gamma post" not in all_titles(app)
    assert soup(app, "blog.html").select_one(".docblog-count").get_text() == "5 posts so far."
    older = soup(app, "posts/alpha.html").select_one(".docblog-post-nav-older .docblog-post-nav-title")
    assert older.get_text() == "Delta post"
    assert_same_site(app.outdir, site.fresh("fresh-delete").outdir, deleted=("posts/gamma.html",))


def test_no_op_rebuild_rewrites_no_blog_page(site):
    before = {p: p.stat().st_mtime_ns for p in (site.path / "_build/html/blog").rglob("*.*")}
    site.build()
    after = {p: p.stat().st_mtime_ns for p in (site.path / "_build/html/blog").rglob("*.*")}
    assert before == after


def test_editing_one_body_rewrites_only_that_post(site):
    path = site.path / "posts/gamma.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    listing_pages = list((site.path / "_build/html/blog").rglob("*.html"))
    before = {p: p.stat().st_mtime_ns for p in listing_pages}
    app = site.build()
    assert {p: p.stat().st_mtime_ns for p in listing_pages} == before
    assert "One more paragraph." in (app.outdir / "posts/gamma.html").read_text()


def all_titles(app) -> set[str]:
    titles: set[str] = set()
    for path in Path(app.outdir, "blog").rglob("*.html"):
        titles |= set(card_titles(soup(app, str(path.relative_to(app.outdir)))))
    return titles


def test_parallel_build_matches_serial(site, make_app, tmp_path):
    serial = site.fresh("serial")
    parallel = site.fresh("parallel", parallel=2)
    assert parallel.warning.getvalue() == ""
    assert_same_site(parallel.outdir, serial.outdir)


def test_editing_a_title_rewrites_only_the_pages_that_show_the_post(site):
    outdir = site.path / "_build/html"
    pages = {p: p.stat().st_mtime_ns for p in [*(outdir / "blog").rglob("*.*"), outdir / "blog.html"]}
    edit(site.path / "posts/gamma.md", "# Gamma post", "# Gamma renamed")
    site.build()
    rewritten = {str(p.relative_to(outdir)) for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime}
    # Gamma is on the index, Design, Grace Hopper, #sphinx, its year, the archive and the feeds
    # that list it
    assert rewritten == {
        "blog.html", "blog/archive.html", "blog/category/design.html", "blog/author/grace-hopper.html",
        "blog/2026.html",
        "blog/tag/sphinx.html", "blog/atom.xml", "blog/category/design/atom.xml", "blog/posts.json",
        "blog/rss.xml", "blog/feed.json", "blog/category/design/rss.xml", "blog/category/design/feed.json",
    }


def test_a_card_template_showing_more_is_kept_up_to_date(site):
    """A site's own card template may show any field of the post it receives: a change of that
    field rewrites every listing that shows the card, with no setting (pages are fingerprinted
    on what their templates receive, not on a list of what docblog's own templates show)."""
    from docblog.rendering import TEMPLATES_DIR

    card = (TEMPLATES_DIR / "docblog/card.html").read_text(encoding="utf-8")
    assert "{{ meta_line(post) }}" in card
    own = site.path / "_templates/docblog"
    own.mkdir(parents=True)
    (own / "card.html").write_text(card.replace(
        "{{ meta_line(post) }}",
        '{{ meta_line(post) }}<p class="own-updated">{{ post.updated_display }}</p>'), encoding="utf-8")
    with (site.path / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ntemplates_path = ["_templates"]\n')
    site.build()
    edit(site.path / "posts/alpha.md", "date: 2026-03-05\n", "date: 2026-03-05\nupdated: 2026-03-20\n")
    app = site.build()
    for page in ("blog.html", "blog/category/ci-cd.html", "blog/tag/sphinx.html", "blog/archive.html"):
        shown = [p.get_text() for p in soup(app, page).select(".own-updated")]
        assert "March 20, 2026" in shown, page
    assert_same_site(Path(app.outdir), Path(site.fresh("fresh").outdir))


def test_a_post_the_clock_publishes_is_published_by_an_incremental_build(tmp_path, rootdir, make_app,
                                                                        monkeypatch):
    """Beta is dated 2026-03-16: built on the 10th it is scheduled, rebuilt on the 20th without
    any change to the sources it is published, with its neighbours' links, as a fresh build
    shows it; and back again when the clock goes back."""
    import datetime as dt

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)

    def at(day: int) -> None:
        when = dt.datetime(2026, 3, day, tzinfo=dt.UTC)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(when.timestamp())))

    def build(folder: Path, **kwargs):
        app = make_app("html", srcdir=folder, **kwargs)
        app.build()
        app.cleanup()
        assert app.warning.getvalue() == "", app.warning.getvalue()
        return app

    at(10)
    app = build(srcdir)
    assert "Beta post" not in card_titles(soup(app, "blog.html"))
    for day in (20, 10):
        at(day)
        app = build(srcdir)
        fresh_dir = tmp_path / f"fresh-{day}"
        shutil.copytree(srcdir, fresh_dir, ignore=shutil.ignore_patterns("_build"))
        fresh = build(fresh_dir, freshenv=True)
        assert_same_site(Path(app.outdir), Path(fresh.outdir))
        published = "Beta post" in card_titles(soup(app, "blog.html"))
        assert published == (day == 20)
        newer = soup(app, "posts/alpha.html").select_one(".docblog-post-nav-newer")
        assert (newer is not None and "Beta post" in newer.get_text()) == (day == 20)


def test_a_title_edit_renders_only_the_card_that_changed(site, monkeypatch):
    """Cards are kept between builds by their view's fingerprint: after a title edit, the pages
    that show the post are rewritten with the kept cards of the others, as a fresh build
    writes them."""
    from docblog import cards

    rendered = []
    render = cards._render_marked

    def counting(app, view, pinned):
        rendered.append((view.docname, pinned))
        return render(app, view, pinned)

    monkeypatch.setattr(cards, "_render_marked", counting)
    edit(site.path / "posts/gamma.md", "# Gamma post", "# Gamma renamed")
    app = site.build()
    assert {docname for docname, _pinned in rendered} == {"posts/gamma"}
    assert "Gamma renamed" in card_titles(soup(app, "blog/archive.html"))
    fresh = site.fresh("fresh-title").outdir
    assert_same_site(app.outdir, fresh)
    # posts.json (the in-browser filter's data) is made of entries kept the same way
    posts_index = (Path(app.outdir) / "blog/posts.json").read_text(encoding="utf-8")
    assert "Gamma renamed" in posts_index
    assert posts_index == (Path(fresh) / "blog/posts.json").read_text(encoding="utf-8")


def test_kept_cards_are_not_used_in_another_language(site):
    """Cards kept for one language, catalog and set of templates are not shown in another."""
    app = site.build()
    english = soup(app, "blog/archive.html").select_one(".docblog-card time").get_text()
    with (site.path / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nlanguage = "es"\n')
    app = site.build()
    spanish = soup(app, "blog/archive.html").select_one(".docblog-card time").get_text()
    assert spanish != english and "de" in spanish
    assert_same_site(app.outdir, site.fresh("fresh-es").outdir)


def test_a_title_edit_serializes_only_the_feed_entries_that_changed(site, monkeypatch):
    """Feed entries are kept between builds: after a title edit, the feeds that list the post
    are written with the kept entries of the others, as a fresh build writes them."""
    from docblog import feeds

    serialized = []
    for name in ("_atom_entries", "_rss_entries"):
        original = getattr(feeds.FeedWriter, name)

        def counting(entries, original=original, name=name):
            serialized.append((name, [data["title"] for data in entries]))
            return original(entries)

        monkeypatch.setattr(feeds.FeedWriter, name, staticmethod(counting))
    json_item = feeds.FeedWriter._json_item

    def counting_items(data):
        serialized.append(("_json_item", [data["title"]]))
        return json_item(data)

    monkeypatch.setattr(feeds.FeedWriter, "_json_item", staticmethod(counting_items))
    edit(site.path / "posts/gamma.md", "# Gamma post", "# Gamma renamed")
    app = site.build()
    assert serialized and all(titles == ["Gamma renamed"] for _name, titles in serialized), serialized
    assert {name for name, _titles in serialized} == {"_atom_entries", "_rss_entries", "_json_item"}
    assert "Gamma renamed" in (Path(app.outdir) / "blog/atom.xml").read_text(encoding="utf-8")
    assert_same_site(app.outdir, site.fresh("fresh-title").outdir)


# --- the plan of the generated pages, kept while its sources are the same -------------------


@pytest.fixture
def planning(monkeypatch):
    """How many times the generated pages were planned (each page's fingerprint made, or a
    listing's kept)."""
    from docblog import pages

    calls = []
    original = pages.PageWriter.pages_to_write

    def counting(self, store):
        calls.append(1)
        return original(self, store)

    monkeypatch.setattr(pages.PageWriter, "pages_to_write", counting)
    return calls


@pytest.fixture
def planned_listings(monkeypatch):
    """The listings whose pages were planned (their contexts made), by page name."""
    from docblog import pages

    names: list[str] = []
    original = pages.PageWriter.listing_pages

    def recording(self, listing):
        names.append(listing.pagename)
        return original(self, listing)

    monkeypatch.setattr(pages.PageWriter, "listing_pages", recording)
    return names


def test_a_title_edit_plans_only_the_listings_that_show_the_post(site, planned_listings):
    """Each listing keeps its pages' plan while what they are made from is the same: a title
    edit plans the listings that show the post, and no other; the site is the fresh build's."""
    site.build()
    assert planned_listings == []
    edit(site.path / "posts/gamma.md", "# Gamma post", "# Gamma renamed")
    app = site.build()
    planned = set(planned_listings)
    assert {"blog", "blog/category/design", "blog/tag/sphinx", "blog/author/grace-hopper"} <= planned
    assert not planned & {"blog/category/ci-cd", "blog/category/machine-learning", "blog/tag/ml",
                          "blog/author/ada-lovelace", "blog/drafts"}, planned
    assert "Gamma renamed" in card_titles(soup(app, "blog/tag/sphinx.html"))
    assert_same_site(app.outdir, site.fresh("fresh").outdir)


def test_a_change_to_the_categories_plans_every_listing_again(site, planned_listings):
    """A listing's pages show the category chips (names, counts) and the categories' feeds:
    a post's new category plans every listing again, as a fresh build writes it."""
    site.build()
    planned_listings.clear()
    edit(site.path / "posts/alpha.md", "category: CI/CD", "category: Releases")
    app = site.build()
    assert {"blog/category/machine-learning", "blog/tag/ml", "blog/author/ada-lovelace"} <= set(planned_listings)
    chips = [a.get_text(" ", strip=True) for a in soup(app, "blog/category/design.html").select(".docblog-chips a")]
    assert any("Releases" in chip for chip in chips) and not any("CI/CD" in chip for chip in chips)
    assert_same_site(app.outdir, site.fresh("fresh").outdir)


def test_a_no_op_build_and_a_body_edit_plan_nothing(site, planning):
    """A build whose records, config, layout and documents are the previous build's keeps the
    previous plan: no page's context is made again, and the site is the fresh build's."""
    site.build()
    assert planning == []
    path = site.path / "posts/gamma.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    app = site.build()
    assert planning == [], "an edit no listing shows (same reading time) planned the pages"
    assert "One more sentence." in (app.outdir / "posts/gamma.html").read_text(encoding="utf-8")
    edit(site.path / "posts/gamma.md", "# Gamma post", "# Gamma renamed")
    app = site.build()
    assert planning == [1]
    assert "Gamma renamed" in card_titles(soup(app, "blog.html"))
    assert_same_site(app.outdir, site.fresh("fresh").outdir)


def test_a_generated_file_deleted_by_hand_is_written_again(site, planning):
    outdir = site.path / "_build/html"
    for name in ("blog/tag/sphinx.html", "blog/posts.json", "blog/atom.xml"):
        (outdir / name).unlink()
    app = site.build()
    assert planning == [1]
    for name in ("blog/tag/sphinx.html", "blog/posts.json", "blog/atom.xml"):
        assert (outdir / name).is_file(), name
    assert_same_site(app.outdir, site.fresh("fresh").outdir)


@pytest.mark.parametrize("change", ["config", "template", "full text", "image"])
def test_what_the_plan_is_made_of_changing_rewrites_the_pages(site, planning, change):
    """Each source of the plan besides the records: the config, the templates, the post bodies
    feeds show in full, the files an image names. A change to one rewrites what it shows, as a
    fresh build writes it."""
    from docblog.rendering import TEMPLATES_DIR

    if change == "template":
        own = site.path / "_templates/docblog"
        own.mkdir(parents=True)
        card = (TEMPLATES_DIR / "docblog/card.html").read_text(encoding="utf-8")
        (own / "card.html").write_text(card, encoding="utf-8")
        with (site.path / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('\ntemplates_path = ["_templates"]\n')
    elif change == "full text":
        with (site.path / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("\nblog_feed_fulltext = True\n")
    elif change == "image":
        edit(site.path / "posts/gamma.md", "author: Grace Hopper\n", "author: Grace Hopper\nimage: cover.png\n")
    site.build()
    planned = len(planning)
    if change == "config":
        with (site.path / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write("\ndocblog_posts_per_page = 2\n")
    elif change == "template":
        (site.path / "_templates/docblog/card.html").write_text(
            card.replace("{{ meta_line(post) }}", '{{ meta_line(post) }}<p class="own">own</p>'),
            encoding="utf-8")
    elif change == "full text":
        path = site.path / "posts/gamma.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nA sentence for the feed.\n", encoding="utf-8")
    elif change == "image":
        (site.path / "posts/cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    app = site.build()
    assert len(planning) == planned + 1
    outdir = Path(app.outdir)
    if change == "config":
        assert (outdir / "blog/page/2.html").is_file()
    elif change == "template":
        assert soup(app, "blog.html").select(".own")
    elif change == "full text":
        assert "A sentence for the feed." in (outdir / "blog/atom.xml").read_text(encoding="utf-8")
    elif change == "image":
        assert any("cover.png" in (img.get("src") or "") for img in soup(app, "blog.html").select("img"))
    assert_same_site(outdir, site.fresh("fresh").outdir)


def test_objects_alive_for_the_build_are_frozen_while_it_writes_and_released_after(site, make_app):
    """docblog.memory: the collector skips the environment loaded for an incremental build
    while pages are written, and sees everything again after the build (a live-preview
    server's process lives on)."""
    import gc

    edit(site.path / "posts" / "alpha.md", "# Alpha post", "# Alpha post, edited")
    frozen: list[int] = []
    app = make_app("html", srcdir=site.path)
    app.connect("html-collect-pages", lambda app: frozen.append(gc.get_freeze_count()) or [])
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    assert frozen and frozen[0] > 1000
    assert gc.get_freeze_count() == 0


def test_every_written_doctree_is_unlinked_once_written(tmp_path, rootdir, make_app, monkeypatch):
    """docblog.memory: each doctree Sphinx writes is unlinked right after its page is written
    (so reference counting frees it, rather than a late full collection); the pages are the
    same."""
    from docblog import memory

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    resolved: list[str] = []
    unlinked: list[str] = []
    unlink = memory.unlink
    monkeypatch.setattr(memory, "unlink", lambda doctree: unlinked.append(
        Path(doctree["source"]).stem) or unlink(doctree))
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.connect("doctree-resolved", lambda app, doctree, docname: resolved.append(Path(docname).name))
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    assert len(resolved) > 5 and unlinked == resolved
    assert soup(app, "posts/alpha.html").select_one(".docblog-post-header")


def test_an_unlinked_doctree_is_freed_by_reference_counting():
    """docblog.memory.unlink: a doctree as Sphinx keeps and reads it (pickled), with a title
    promoted out of its section, is freed without the cyclic collector once unlinked."""
    import gc
    import pickle
    import weakref

    from docblog import memory
    from docutils.core import publish_doctree

    source = publish_doctree("Title\n=====\n\nA *paragraph* with `a link <https://example.org>`_.\n\n"
                             "- one\n- two\n\n.. note:: A note.\n")
    source.reporter = source.transformer = None  # (as Sphinx pickles a doctree)
    source.settings.warning_stream = None
    doctree = pickle.loads(pickle.dumps(source))
    del source
    freed = weakref.ref(doctree)
    gc.collect()
    gc.disable()
    try:
        memory.unlink(doctree)
        del doctree
        assert freed() is None
    finally:
        gc.enable()


def test_what_is_alive_is_frozen_before_each_document_is_read(tmp_path, rootdir, make_app):
    """docblog.memory: before each document is parsed, the young generations are collected
    and what is alive is frozen, so the full collections while reading do not walk the
    documents read before (3.2 s of a 1,000-post full build); after the build nothing stays
    frozen, and the pages are docblog's."""
    import gc

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    frozen: list[int] = []
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.connect("source-read", lambda app, docname, source: frozen.append(gc.get_freeze_count()),
                priority=900)
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    assert len(frozen) > 5 and all(count > 1000 for count in frozen)
    assert gc.get_freeze_count() == 0
    assert soup(app, "posts/alpha.html").select_one(".docblog-post-header")


def test_the_last_full_collection_waits_for_the_end_of_the_build(tmp_path, rootdir, make_app):
    """docblog.memory: from ``html-collect-pages`` to ``build-finished`` the oldest generation
    is not collected (the late collection at Sphinx's search-index dump, 0.5 s at 1,000
    posts); after the build the collector has its thresholds back."""
    import gc

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    before = gc.get_threshold()
    seen: dict[str, tuple[int, ...]] = {}
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.connect("doctree-resolved", lambda *args: seen.setdefault("writing", gc.get_threshold()))
    app.connect("html-collect-pages", lambda app: seen.setdefault("pages", gc.get_threshold()) and [])
    app.connect("build-finished", lambda app, exc: seen.setdefault("finished", gc.get_threshold()),
                priority=100)
    app.build()
    app.cleanup()
    assert app.warning.getvalue() == ""
    assert seen["writing"] == before
    assert seen["pages"][:2] == seen["finished"][:2] == before[:2]
    assert seen["pages"][2] >= 1 << 30 and seen["finished"][2] >= 1 << 30
    assert gc.get_threshold() == before
    # not in a -j N build, whose main process holds the chunks it has queued
    seen.clear()
    app = make_app("html", srcdir=srcdir, freshenv=True, parallel=2)
    app.connect("html-collect-pages", lambda app: seen.setdefault("pages", gc.get_threshold()) and [])
    app.build()
    app.cleanup()
    assert seen["pages"] == before


def test_a_build_process_exits_without_collecting_what_it_leaves(tmp_path, rootdir):
    """docblog.memory: a ``sphinx-build`` process freezes what is alive when it exits, so the
    collections of Python's finalization have nothing to walk (0.5 s of a 1,000-post no-op);
    during and right after the build nothing stays frozen."""
    import subprocess
    import sys

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    script = (
        "import atexit, gc, sys\n"
        # registered first, so it runs last: after docblog's handler
        "atexit.register(lambda: print('frozen at exit', gc.get_freeze_count() > 1000))\n"
        "from sphinx.cmd.build import main\n"
        f"status = main(['-q', '-W', '-b', 'html', {str(srcdir)!r}, {str(srcdir / '_build')!r}])\n"
        "print('frozen after the build', gc.get_freeze_count())\n"
        "sys.exit(status)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == ["frozen after the build 0", "frozen at exit True"]
