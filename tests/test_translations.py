"""Translated posts (issue 19), on a site shaped like the Spanish community site that asked for
them: sphinx-book-theme, ABlog posts by directive with ``:language:`` (``memorial`` /
``memorial-en``), MyST ``{post}`` directives, and front-matter posts linked by
``translation_key`` / ``translation_of``; built with ``html`` and ``dirhtml``."""

from __future__ import annotations

import io
import json
import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import build_clean, card_titles, soup, warnings_of
from sphinx.testing.util import SphinxTestApp
from test_incremental import assert_same_site

BASEURL = "https://dropin.example.org/"
#: Each translation group once, by its Spanish version, and the posts without translations.
INDEX = ["Noticias de mayo", "En memoria de Ana", "Un título repetido", "Un título repetido",
         "Solo en español", "GuayaCamp 2024", "Bienvenida"]
#: Spanish version → its English version (the group's representative is the Spanish one).
PAIRS = {
    "posts/memorial": "posts/memorial-en",
    "wiki/evento-2024-01-12-guayacamp": "wiki/evento-2024-01-12-guayacamp-en",
    "posts/noticias": "posts/news",
    "posts/bienvenida": "posts/en/welcome",
}
#: Versions that are not published (a draft, a post dated in 2099): never named anywhere.
PRIVATE = ("nouvelles", "neuigkeiten")


def page_file(builder: str, docname: str) -> str:
    return f"{docname}/index.html" if builder == "dirhtml" else f"{docname}.html"


def target(outdir: Path, page: str, href: str) -> Path:
    """The output file a link on ``page`` (an output path) leads to."""
    if href.startswith(BASEURL):
        path = href[len(BASEURL):]
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), urlsplit(href).path))
        path = path + "/" if href.endswith("/") else path
    path = unquote(path)
    return outdir / (path + "index.html" if path.endswith("/") or not path else path)


def make(builder: str, srcdir: Path, **kwargs) -> SphinxTestApp:
    """A build of ``srcdir`` (ABlog keeps its posts in a process-wide table: emptied around it;
    each build gets its own ``source_suffix``, which Sphinx would share between builds)."""
    return build_clean(builder, srcdir, status=io.StringIO(), warning=io.StringIO(),
                       confoverrides={"source_suffix": {".rst": "restructuredtext"}}, **kwargs)


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def built(request, rootdir, tmp_path_factory):
    srcdir = tmp_path_factory.mktemp(request.param) / "site"
    shutil.copytree(rootdir / "test-translations", srcdir)
    return make(request.param, srcdir)


def test_the_site_builds_without_warnings(built):
    assert warnings_of(built) == ""


def test_the_index_lists_each_group_once_with_its_other_languages(built):
    index = soup(built, page_file(built.builder.name, "blog"))
    assert card_titles(index) == INDEX
    cards = {c.select_one(".docblog-card-title a").get_text(strip=True): c
             for c in index.select(".docblog-card")}
    memorial = cards["En memoria de Ana"].select_one(".docblog-card-translations")
    assert memorial.get_text(" ", strip=True) == "También en: English"
    link = memorial.select_one("a")
    assert link["hreflang"] == link["lang"] == "en"
    page = page_file(built.builder.name, "blog")
    assert target(Path(built.outdir), page, link["href"]) == \
        Path(built.outdir) / page_file(built.builder.name, "posts/memorial-en")
    assert cards["Solo en español"].select_one(".docblog-card-translations") is None


@pytest.mark.parametrize(("spanish", "english"), list(PAIRS.items()))
def test_each_version_names_the_other_and_carries_hreflang(built, spanish, english):
    outdir, builder = Path(built.outdir), built.builder.name
    for docname, other, heading, name, lang in ((spanish, english, "También en:", "English", "es"),
                                               (english, spanish, "Also in:", "Español", "en")):
        page = page_file(builder, docname)
        html = soup(built, page)
        nav = html.select_one(".docblog-translations")
        # The heading in the page's own language: English readers read "Also in".
        assert nav.select_one(".docblog-translations-label").get_text() == heading
        assert nav["lang"] == lang
        links = nav.select("a")
        assert [a.get_text() for a in links] == [name], page
        assert target(outdir, page, links[0]["href"]) == outdir / page_file(builder, other)
        alternates = {link["hreflang"]: link["href"]
                      for link in html.select('head link[rel="alternate"][hreflang]')}
        assert set(alternates) == {"es", "en", "x-default"}, page
        assert alternates["x-default"] == alternates["es"]  # the Spanish site's version
        for href in alternates.values():
            assert href.startswith(BASEURL)
            assert target(outdir, page, href).is_file(), href
        assert target(outdir, page, alternates["en"]) == outdir / page_file(
            builder, english)
        data = json.loads(html.select_one('script[type="application/ld+json"]').string)
        assert data["inLanguage"] == lang


def test_language_pages_list_their_own_versions(built):
    english = soup(built, page_file(built.builder.name, "blog/language/english"))
    assert card_titles(english) == ["News from May", "In memory of Ana", "Un título repetido",
                                    "GuayaCamp 2024", "Welcome"]
    # Cards in every folder link the other languages' real pages.
    page = page_file(built.builder.name, "blog/language/english")
    links = english.select(".docblog-card-translations a")
    assert [a.get_text() for a in links] == ["Español"] * 4
    assert all(target(Path(built.outdir), page, a["href"]).is_file() for a in links)
    spanish = soup(built, page_file(built.builder.name, "blog/language/español"))
    assert card_titles(spanish) == ["Noticias de mayo", "En memoria de Ana", "Un título repetido",
                                    "Solo en español", "GuayaCamp 2024", "Bienvenida"]


def test_archives_categories_feeds_and_posts_json_list_each_group_once(built):
    builder, outdir = built.builder.name, Path(built.outdir)
    archive = soup(built, page_file(builder, "blog/archive"))
    assert sorted(card_titles(archive)) == sorted(INDEX)
    assert card_titles(soup(built, page_file(builder, "blog/2024"))) == INDEX[:-1]
    # The English versions' own categories list no post: they are listed by their Spanish one.
    assert not (outdir / page_file(builder, "blog/category/events")).exists()
    atom = (outdir / "blog/atom.xml").read_text(encoding="utf-8")
    assert atom.count("<entry>") == len(INDEX)
    assert "In memory of Ana" not in atom and "News from May" not in atom
    posts = json.loads((outdir / "blog/posts.json").read_text(encoding="utf-8"))["posts"]
    assert [p["title"] for p in posts] == INDEX
    feed = json.loads((outdir / "blog/feed.json").read_text(encoding="utf-8"))
    assert len(feed["items"]) == len(INDEX)


def test_unpublished_versions_are_never_named(built):
    outdir = Path(built.outdir)
    for path in outdir.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and "_static" not in path.parts \
                and not any(p in str(path.relative_to(outdir)) for p in PRIVATE) and "drafts" not in path.parts \
                and path.stem != "drafts" and "_sources" not in path.parts:
            text = path.read_text(encoding="utf-8")
            for name in PRIVATE:
                assert f"posts/{name}" not in text and f"{name}.html" not in text, (path, name)
            assert "Français" not in text and "Deutsch" not in text, path


def test_a_shared_title_outside_a_group_is_advice_and_inside_is_nothing(built):
    from docblog.collection import Blog

    notes = [f.message for f in Blog.from_app(built, advice=True).findings]
    assert notes == ["another post has the same title 'Un título repetido': posts/also"]


def test_translation_of_a_missing_post_is_one_warning_with_its_line(rootdir, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-translations", srcdir)
    (srcdir / "posts/huerfano.md").write_text(
        "---\nblogpost: true\ndate: 2024-06-01\nlanguage: en\n"
        "translation_of: no-existe\n---\n\n# Orphan\n\nAlone.\n", encoding="utf-8")
    app = make("html", srcdir)
    warnings = warnings_of(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert "posts/huerfano.md:5: WARNING: 'translation_of' names 'no-existe', which is not a " \
           "post; the post is listed on its own [docblog.front_matter]" in warnings[0]
    assert "Orphan" in card_titles(soup(app, "blog.html"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_incremental_builds_follow_titles_and_translations(rootdir, tmp_path):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-translations", srcdir)

    def build():
        app = make("html", srcdir)
        assert warnings_of(app) == ""
        return app

    def fresh(name: str) -> Path:
        fresh_dir = tmp_path / name
        shutil.copytree(srcdir, fresh_dir, ignore=shutil.ignore_patterns("_build"))
        app = make("html", fresh_dir, freshenv=True)
        return Path(app.outdir)

    build()
    # The English version's new title is the Spanish page's link title.
    edit(srcdir / "posts/memorial-en.rst", "In memory of Ana\n================",
         "Remembering Ana\n===============")
    app = build()
    link = soup(app, "posts/memorial.html").select_one(".docblog-translations a")
    assert link["title"] == "Remembering Ana"
    assert_same_site(Path(app.outdir), fresh("after-title"))

    # A new translation: both pages and the card name each other.
    (srcdir / "posts/solo-en.md").write_text(
        "---\nblogpost: true\ndate: 2024-02-02\nlanguage: en\ntranslation_of: solo\n---\n\n"
        "# Only in Spanish, now in English\n\nTranslated.\n", encoding="utf-8")
    app = build()
    solo = soup(app, "posts/solo.html").select_one(".docblog-translations")
    assert solo is not None and solo.select_one("a")["href"] == "solo-en.html"
    english = soup(app, "posts/solo-en.html").select_one(".docblog-translations a")
    assert english["href"] == "solo.html"
    assert card_titles(soup(app, "blog.html")) == INDEX
    assert_same_site(Path(app.outdir), fresh("after-adding"))

    # Removed again: the Spanish page no longer names it.
    (srcdir / "posts/solo-en.md").unlink()
    app = build()
    assert soup(app, "posts/solo.html").select_one(".docblog-translations") is None
    assert soup(app, "blog.html").select_one(".docblog-card-translations a[href='posts/solo-en.html']") is None
    assert_same_site(Path(app.outdir), fresh("after-removing"), deleted=("posts/solo-en.html",))


def test_docblog_check_reads_the_groups_as_the_build_does(rootdir, capsys):
    from docblog import cli

    assert cli.main(["check", str(rootdir / "test-translations")]) == 0
    out = capsys.readouterr().out
    assert "WARNING" not in out
    # Shared titles are worth a note only between posts that are not versions of one post.
    assert [line for line in out.splitlines() if "NOTE" in line] == [
        "posts/tambien.md:1: NOTE: another post has the same title 'Un título repetido': posts/also "
        "[docblog.title]"]


def test_a_postlist_of_one_language_lists_its_versions(built):
    html = soup(built, page_file(built.builder.name, "in-english"))
    assert [a.get_text() for a in html.select("ul.postlist a")] == [
        "News from May", "In memory of Ana", "Un título repetido", "GuayaCamp 2024", "Welcome"]
