"""Languages: docblog's pages in the site's ``language``, through Sphinx's i18n.

Sites of demo-like posts are built in French, German, Japanese and Russian and checked for
translated strings, plural forms and dates on the index, a category page and a post page; a
site's own ``locale_dirs`` catalog overrides docblog's strings; the catalogs are complete,
compiled, up to date with the sources and shipped in the wheel.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from conftest import soup, warnings_of

REPO = Path(__file__).resolve().parents[1]
LOCALE = REPO / "_ext" / "docblog" / "locale"
LANGUAGES = ["ca", "de", "es", "et", "fr", "it", "pt", "pt_BR", "ru", "tr", "zh_CN", "zh_TW", "ja", "ko"]

CONF = """\
extensions = ["docblog"]
project = "Demo"
html_theme = "furo"
blog_title = "Demo blog"
blog_baseurl = "https://blog.example.org/"
exclude_patterns = ["_build"]
language = {language!r}
"""

#: Demo-like posts: (file name, front matter, words of text).
DEMO_POSTS = [
    ("release-notes.md", "date: 2026-03-16\nupdated: 2026-03-20\ncategory: Release Notes\n"
     "tags: [release]\nauthor: Docs Team\nsummary: What is new.", 300),
    ("reading-time.md", "date: 2026-02-02\ncategory: Writing\ntags: [reading-time]\n"
     "author: Ada Lovelace\nsummary: How long a post takes.", 1200),
    ("timezones.md", "date: 2025-11-05\ncategory: Writing\nauthor: Ada Lovelace\n"
     "summary: Dates and zones.", 100),
]


def write_site(root: Path, language: str, posts: list[tuple[str, str, int]] = DEMO_POSTS,
               conf_extra: str = "") -> Path:
    (root / "posts").mkdir(parents=True)
    (root / "conf.py").write_text(CONF.format(language=language) + conf_extra, encoding="utf-8")
    (root / "index.md").write_text("# Demo\n\nThe demo site.\n", encoding="utf-8")
    for name, front_matter, words in posts:
        title = name.removesuffix(".md").replace("-", " ").capitalize()
        text = " ".join(["word"] * words)
        (root / "posts" / name).write_text(f"---\n{front_matter}\n---\n\n# {title}\n\n{text}\n", encoding="utf-8")
    return root


def numbered_posts(count: int, category: str = "Notes") -> list[tuple[str, str, int]]:
    return [(f"post-{n:02d}.md", f"date: 2026-01-{n:02d}\ncategory: {category}", 10) for n in range(1, count + 1)]


@pytest.fixture
def build(tmp_path, make_app):
    """Build a site written by :func:`write_site`; asserts it builds without a warning."""

    def run(language: str, name: str | None = None, **kwargs):
        srcdir = write_site(tmp_path / (name or language), language, **kwargs)
        app = make_app("html", srcdir=srcdir)
        app.build()
        assert warnings_of(app) == ""
        return app

    return run


def text(page, selector: str) -> str:
    element = page.select_one(selector)
    assert element is not None, selector
    return " ".join(element.get_text(" ").split())


def texts(page, selector: str) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in page.select(selector)]


# --- built sites --------------------------------------------------------------------------


def test_french_index_category_and_post(build):
    app = build("fr")
    index = soup(app, "blog.html")
    assert text(index, ".docblog-listing h1") == "Tous les articles"
    assert text(index, ".docblog-count") == "3 articles publiés."
    assert texts(index, ".docblog-card time") == ["16 mars 2026", "2 février 2026", "5 novembre 2025"]
    assert texts(index, ".docblog-reading-time") == ["2 min de lecture", "6 min de lecture", "1 min de lecture"]
    assert texts(index, ".docblog-chip")[0] == "Tous"
    assert index.select_one(".docblog-chips")["aria-label"] == "Catégories"
    assert text(index, ".docblog-feed") == "Flux Atom"

    category = soup(app, "blog/category/writing.html")
    assert category.select_one(".docblog-listing h1").get_text() == "Articles dans Writing"
    assert text(category, ".docblog-count") == "2 articles"

    post = soup(app, "posts/release-notes.html")
    assert text(post, ".docblog-post-header time") == "16 mars 2026"
    assert text(post, ".docblog-updated") == "Mis à jour le 20 mars 2026"
    assert text(post, ".docblog-authors").startswith("Par ")
    assert post.select_one(".docblog-tags")["aria-label"] == "Étiquettes"
    assert post.select_one(".docblog-post-nav")["aria-label"] == "Autres articles"
    assert texts(post, ".docblog-post-nav-label") == ["Article précédent"]
    assert text(post, ".docblog-post-nav-index") == "Tous les articles"

    archive = soup(app, "blog/archive.html")
    assert text(archive, ".docblog-listing h1") == "Archives"
    assert texts(archive, ".docblog-archive-month h3") == ["mars 2026", "février 2026", "novembre 2025"]
    drafts = soup(app, "blog/drafts.html")
    assert text(drafts, ".docblog-count") == "0 brouillon ou article programmé"  # French: 0 is singular
    assert text(drafts, ".docblog-empty") == "Aucun brouillon ni article programmé."
    posts_index = json.loads((Path(app.outdir) / "blog/posts.json").read_text(encoding="utf-8"))
    assert posts_index["labels"]["draft"] == "Brouillon"
    assert [p["reading_time"] for p in posts_index["posts"]] == [
        "2 min de lecture", "6 min de lecture", "1 min de lecture"]


def test_german_index_category_and_post(build):
    app = build("de")
    index = soup(app, "blog.html")
    assert text(index, ".docblog-listing h1") == "Alle Beiträge"
    assert text(index, ".docblog-count") == "3 Beiträge veröffentlicht."
    assert texts(index, ".docblog-card time")[0] == "16. März 2026"
    assert texts(index, ".docblog-reading-time")[0] == "2 Min. Lesezeit"
    category = soup(app, "blog/category/release-notes.html")
    assert text(category, ".docblog-listing h1") == "Beiträge in Release Notes"
    assert text(category, ".docblog-count") == "1 Beitrag"
    post = soup(app, "posts/reading-time.html")
    assert text(post, ".docblog-post-header time") == "2. Februar 2026"
    assert texts(post, ".docblog-post-nav-label") == ["Neuerer Beitrag", "Älterer Beitrag"]
    assert text(post, ".docblog-authors").startswith("Von ")
    tags = soup(app, "blog/tag.html")
    assert text(tags, ".docblog-listing h1") == "Schlagwörter"
    assert text(tags, ".docblog-count") == "2 Einträge"
    assert texts(tags, ".docblog-term-count") == ["1 Beitrag", "1 Beitrag"]


def test_japanese_index_category_and_post(build):
    app = build("ja")
    index = soup(app, "blog.html")
    assert text(index, ".docblog-listing h1") == "すべての記事"
    assert text(index, ".docblog-count") == "これまでに 3 件の記事を公開しています。"
    assert texts(index, ".docblog-card time") == ["2026年3月16日", "2026年2月2日", "2025年11月5日"]
    assert texts(index, ".docblog-reading-time")[0] == "2 分で読めます"
    assert texts(index, ".docblog-chip")[0] == "すべて"
    category = soup(app, "blog/category/writing.html")
    assert text(category, ".docblog-listing h1") == "Writing の記事"
    assert text(category, ".docblog-count") == "2 件の記事"
    post = soup(app, "posts/release-notes.html")
    assert text(post, ".docblog-updated") == "更新日 2026年3月20日"
    assert texts(post, ".docblog-post-nav-label") == ["前の記事"]
    archive = soup(app, "blog/archive.html")
    assert texts(archive, ".docblog-archive-month h3")[0] == "2026年3月"


@pytest.mark.parametrize(("count", "expected"), [
    (1, "Опубликована 1 запись."),
    (2, "Опубликовано 2 записи."),
    (5, "Опубликовано 5 записей."),
])
def test_russian_count_line_plural_forms(build, count, expected):
    app = build("ru", posts=numbered_posts(count))
    index = soup(app, "blog.html")
    assert text(index, ".docblog-count") == expected
    assert text(index, ".docblog-listing h1") == "Все записи"
    assert texts(index, ".docblog-card time")[0] == f"{count} января 2026 г."
    assert texts(index, ".docblog-reading-time")[0] == "1 минута чтения"


def test_russian_twenty_one_posts_use_the_singular_form(build):
    """21 takes the "one" form in Russian (21 запись), not the English plural."""
    app = build("ru", posts=numbered_posts(21))
    assert text(soup(app, "blog.html"), ".docblog-count") == "Опубликована 21 запись."
    category = soup(app, "blog/category/notes.html")
    assert text(category, ".docblog-count") == "21 запись"


def test_russian_forms_from_the_catalog(build):
    """The renderer's ngettext follows Russian's three forms (1, 2–4, 5–20, 21, 22, 25, 111)."""
    from docblog import i18n
    from docblog.rendering import get_renderer

    app = build("ru", posts=DEMO_POSTS)
    forms = {n: i18n.ngettext("%(num)d min read", "%(num)d min read", n) % {"num": n}
             for n in (1, 2, 5, 11, 21, 22, 25, 111)}
    assert forms == {1: "1 минута чтения", 2: "2 минуты чтения", 5: "5 минут чтения",
                     11: "11 минут чтения", 21: "21 минута чтения", 22: "22 минуты чтения",
                     25: "25 минут чтения", 111: "111 минут чтения"}
    template = get_renderer(app).environment.from_string(
        '{{ ngettext("%(num)d post", "%(num)d posts", n) }}')
    assert [template.render(n=n) for n in (1, 3, 7, 21)] == ["1 запись", "3 записи", "7 записей", "21 запись"]
    index = soup(app, "blog.html")
    assert texts(index, ".docblog-reading-time") == ["2 минуты чтения", "6 минут чтения", "1 минута чтения"]
    post = soup(app, "posts/reading-time.html")
    assert texts(post, ".docblog-post-nav-label") == ["Следующая запись", "Предыдущая запись"]


def filter_templates(page) -> tuple[str, dict[str, str]]:
    """The index's language and its count line templates by plural category, for docblog.js."""
    listing = page.select_one(".docblog-listing[data-docblog-posts]")
    assert listing is not None
    return listing["data-docblog-lang"], json.loads(listing["data-docblog-count-forms"])


def test_the_filter_count_line_in_every_russian_plural_form(build):
    """One template per CLDR category (one: 1, 21; few: 2–4; many: 0, 5–20; other: fractions)."""
    app = build("ru", posts=DEMO_POSTS)
    lang, templates = filter_templates(soup(app, "blog.html"))
    assert lang == "ru"
    assert templates == {
        "one": "%(num)d запись в категории «%(category)s»",
        "few": "%(num)d записи в категории «%(category)s»",
        "many": "%(num)d записей в категории «%(category)s»",
        "other": "%(num)d записей в категории «%(category)s»",
    }


def test_the_filter_count_line_in_english_has_one_and_other(build):
    app = build("en")
    index = soup(app, "blog.html")
    assert filter_templates(index) == ("en", {"one": "%(num)d post in %(category)s",
                                              "other": "%(num)d posts in %(category)s"})
    listing = index.select_one(".docblog-listing")
    assert "data-docblog-count-one" not in listing.attrs


@pytest.fixture
def catalog_of():
    """Make docblog's catalog of a language the current one (as a build does), for a while."""
    import gettext

    from sphinx import locale

    key = ("general", "docblog")
    saved = locale.translators.get(key)

    def use(language: str) -> None:
        mo = LOCALE / language / "LC_MESSAGES" / "docblog.mo"
        with open(mo, "rb") as stream:
            locale.translators[key] = gettext.GNUTranslations(stream)

    yield use
    if saved is None:
        locale.translators.pop(key, None)
    else:
        locale.translators[key] = saved


@pytest.mark.parametrize(("language", "expected"), [
    # French, Spanish, Portuguese: "many" is CLDR's category of 1 000 000 (un million d'articles).
    ("fr", {"one": "1 article", "many": "1000000 articles", "other": "2 articles"}),
    ("es", {"one": "1 artículo", "many": "1000000 artículos", "other": "2 artículos"}),
    ("pt_BR", {"one": "1 post", "many": "1000000 posts", "other": "2 posts"}),
    ("ru", {"one": "1 запись", "few": "2 записи", "many": "5 записей", "other": "5 записей"}),
    ("ja", {"other": "1 件の記事"}),
    ("tr", {"one": "1 yazı", "other": "2 yazı"}),
])
def test_plural_templates_sample_each_category(catalog_of, language, expected):
    from docblog import i18n

    catalog_of(language)
    assert i18n.plural_templates(language, lambda n: i18n.ngettext(
        "%(num)d post", "%(num)d posts", n) % {"num": n}) == expected


def test_plural_templates_of_a_language_babel_does_not_know():
    from docblog import i18n

    assert i18n.plural_templates("xx-unknown", lambda n: f"n={n}") == {"one": "n=1", "other": "n=2"}
    assert i18n.language_tag("pt_BR") == "pt-BR"


def test_french_year_category_and_language_headings(build):
    """One English "Posts in %s", three translations: a year, a category, a language."""
    posts = [*DEMO_POSTS, ("bonjour.md", "date: 2025-06-01\ncategory: Writing\nlanguage: en", 10)]
    app = build("fr", posts=posts, conf_extra='blog_languages = {"en": ("anglais", None)}\n')
    assert text(soup(app, "blog/2026.html"), ".docblog-listing h1") == "Articles de 2026"
    assert text(soup(app, "blog/category/writing.html"), ".docblog-listing h1") == "Articles dans Writing"
    assert text(soup(app, "blog/language/anglais.html"), ".docblog-listing h1") == "Articles en anglais"


@pytest.mark.parametrize(("language", "year", "category", "tongue"), [
    ("de", "Beiträge aus 2026", "Beiträge in Writing", "Beiträge auf Englisch"),
    ("ru", "Записи за 2026 год", "Записи в категории «Writing»", "Записи на языке: Englisch"),
])
def test_year_category_and_language_headings_differ(build, language, year, category, tongue):
    posts = [*DEMO_POSTS, ("hello.md", "date: 2025-06-01\ncategory: Writing\nlanguage: en", 10)]
    app = build(language, posts=posts, conf_extra='blog_languages = {"en": ("Englisch", None)}\n')
    assert text(soup(app, "blog/2026.html"), ".docblog-listing h1") == year
    assert text(soup(app, "blog/category/writing.html"), ".docblog-listing h1") == category
    assert text(soup(app, "blog/language/englisch.html"), ".docblog-listing h1") == tongue


SERIES_POSTS = [
    ("part-one.md", "date: 2026-01-01\ncategory: Writing\nseries: Docs site\nseries_order: 1", 10),
    ("part-two.md", "date: 2026-01-02\ncategory: Writing\nseries: Docs site\nseries_order: 2", 10),
]


@pytest.mark.parametrize(("language", "label", "navigation", "overview"), [
    ("fr", "Série\u00a0:", "Série d’articles", "Séries"),  # French: a no-break space before the colon
    ("de", "Serie:", "Beitragsserie", "Serien"),
    ("ja", "シリーズ：", "シリーズ記事", "シリーズ一覧"),
    ("en", "Series:", "Series", "Series"),
])
def test_the_series_label_navigation_and_overview(build, language, label, navigation, overview):
    """"Series" is a label with its punctuation, a navigation's name and a page of all series."""
    app = build(language, posts=SERIES_POSTS)
    post = soup(app, "posts/part-one.html")
    assert post.select_one(".docblog-series-label").get_text() == label
    assert post.select_one("nav.docblog-series")["aria-label"] == navigation
    assert text(soup(app, "blog/series.html"), ".docblog-listing h1") == overview


def test_pagination_is_translated(build):
    app = build("fr", posts=numbered_posts(3), conf_extra="docblog_posts_per_page = 2\n")
    index = soup(app, "blog.html")
    assert text(index, ".docblog-pagination-current") == "Page 1 sur 2"
    assert text(index, ".docblog-pagination-older") == "Articles plus anciens →"
    assert index.select_one(".docblog-pagination")["aria-label"] == "Pages"
    second = soup(app, "blog/page/2.html")
    assert text(second, ".docblog-pagination-newer") == "← Articles plus récents"
    assert second.title.get_text().startswith("Tous les articles (page 2)")


def test_a_date_format_the_site_chose_is_kept(build):
    app = build("fr", conf_extra='docblog_date_format = "%A %d %B %Y"\n')
    assert texts(soup(app, "blog.html"), ".docblog-card time")[0] == "lundi 16 mars 2026"


def test_english_keeps_its_strings_and_dates(build):
    app = build("en")
    index = soup(app, "blog.html")
    assert text(index, ".docblog-count") == "3 posts so far."
    assert texts(index, ".docblog-card time")[0] == "March 16, 2026"


def test_a_second_build_in_another_language_in_the_same_process(tmp_path, make_app):
    """sphinx.locale keeps translators process-wide; each build loads its own language."""
    for language, heading in (("fr", "Tous les articles"), ("de", "Alle Beiträge"), ("en", "All posts")):
        app = make_app("html", srcdir=write_site(tmp_path / language, language))
        app.build()
        assert text(soup(app, "blog.html"), ".docblog-listing h1") == heading


OVERRIDE_PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "All posts"
msgstr "Le journal"

msgid "%(num)d post so far."
msgid_plural "%(num)d posts so far."
msgstr[0] "%(num)d billet."
msgstr[1] "%(num)d billets."
"""


def test_the_sites_own_catalog_overrides_docblogs_strings(tmp_path, make_app):
    srcdir = write_site(tmp_path / "site", "fr", conf_extra='locale_dirs = ["locale"]\n')
    folder = srcdir / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "docblog.po").write_text(OVERRIDE_PO, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    assert (folder / "docblog.mo").is_file()  # compiled from the site's .po, as Sphinx does for sphinx.po
    index = soup(app, "blog.html")
    assert text(index, ".docblog-listing h1") == "Le journal"
    assert text(index, ".docblog-count") == "3 billets."
    # Every string the site does not translate still comes from docblog's catalog.
    assert texts(index, ".docblog-reading-time")[0] == "2 min de lecture"
    post = soup(app, "posts/release-notes.html")
    assert text(post, ".docblog-post-nav-index") == "Le journal"
    assert texts(post, ".docblog-post-nav-label") == ["Article précédent"]


def test_a_changed_catalog_rewrites_the_pages_that_show_its_strings(tmp_path, make_app):
    srcdir = write_site(tmp_path / "site", "fr", conf_extra='locale_dirs = ["locale"]\n')
    folder = srcdir / "locale" / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    po = folder / "docblog.po"
    po.write_text(OVERRIDE_PO, encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert text(soup(app, "posts/release-notes.html"), ".docblog-post-nav-index") == "Le journal"
    app.cleanup()

    po.write_text(OVERRIDE_PO.replace("Le journal", "Le carnet"), encoding="utf-8")
    later = (folder / "docblog.mo").stat().st_mtime + 5
    os.utime(po, (later, later))
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    assert text(soup(app, "posts/release-notes.html"), ".docblog-post-nav-index") == "Le carnet"
    assert text(soup(app, "posts/timezones.html"), ".docblog-post-nav-index") == "Le carnet"
    assert text(soup(app, "blog.html"), ".docblog-listing h1") == "Le carnet"
    assert text(soup(app, "blog/category/writing.html"), ".docblog-count") == "2 articles"


#: The count line of the demo's index, by language, for ``n`` posts (each language's own rule,
#: written out here independently of the catalogs).
DEMO_COUNT_LINES = {
    "fr": lambda n: f"{n} article publié." if n <= 1 else f"{n} articles publiés.",
    "de": lambda n: f"{n} Beitrag veröffentlicht." if n == 1 else f"{n} Beiträge veröffentlicht.",
    "ja": lambda n: f"これまでに {n} 件の記事を公開しています。",
    "ru": lambda n: (f"Опубликована {n} запись." if n % 10 == 1 and n % 100 != 11
                     else f"Опубликовано {n} записи." if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
                     else f"Опубликовано {n} записей."),
}
#: English that must not be left on a translated page.
ENGLISH = ["min read", "so far", "All posts", "Newer post", "Older post", "Atom feed", "Related posts",
           "Pinned", "Updated", "Part ", "By "]


@pytest.mark.parametrize("language", sorted(DEMO_COUNT_LINES))
def test_the_demo_posts_in_another_language(tmp_path, make_app, language):
    """The demo site's own posts and blog settings (conf.py), built in ``language``."""
    import babel.dates

    srcdir = tmp_path / "demo"
    srcdir.mkdir()
    shutil.copy(REPO / "conf.py", srcdir)
    for folder in ("posts", "_static"):
        shutil.copytree(REPO / folder, srcdir / folder)
    (srcdir / "index.md").write_text("# Demo\n\nThe demo posts.\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"extensions": ["docblog"], "language": language})
    app.build()
    assert warnings_of(app) == ""
    index = soup(app, "blog.html")
    assert index.select(".docblog-pagination") == []  # all posts on the first page
    cards = index.select(".docblog-card")
    posts = len({card.select_one(".docblog-card-title a")["href"] for card in cards})
    assert text(index, ".docblog-count") == DEMO_COUNT_LINES[language](posts)
    pages = [index]
    for card in cards:
        time = card.select_one("time")
        day = datetime.date.fromisoformat(time["datetime"][:10])
        assert time.get_text() == babel.dates.format_date(day, "long", locale=language)
    first = cards[0].select_one(".docblog-card-title a")["href"]
    pages.append(soup(app, first))
    category = cards[0].select_one(".docblog-meta-category")["href"]
    pages.append(soup(app, category))
    pages.append(soup(app, "blog/archive.html"))
    for page in pages:
        for written in page.select(".docblog-card-title, .docblog-card-summary, .docblog-post-nav-title, "
                                   ".docblog-description, .docblog-series a, .docblog-series li"):
            written.decompose()  # the posts' own (English) words
        shown = " ".join(element.get_text(" ") for element in page.select(
            ".docblog-listing, .docblog-post-header, .docblog-post-nav, .docblog-related, .docblog-series"))
        assert shown.strip()
        assert [word for word in ENGLISH if word in shown] == []


# --- the catalogs themselves --------------------------------------------------------------


def read_catalog(language: str):
    with open(LOCALE / language / "LC_MESSAGES" / "docblog.po", "rb") as stream:
        return read_po(stream, locale=language)


def key(message) -> tuple[str | None, str]:
    """A catalog entry's (msgctxt, msgid): one English string with contexts is several entries."""
    context = message.context.decode() if isinstance(message.context, bytes) else message.context
    return context, message.id[0] if isinstance(message.id, (list, tuple)) else message.id


def source_messages() -> set[tuple[str | None, str]]:
    """The (context, msgid) pairs in docblog's sources, extracted as ``make messages`` does (babel.cfg)."""
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2.ext.babel_extract")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true",
                                     "lstrip_blocks": "true", "silent": "false"}}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_plural": (2, 3), "pgettext": ((1, "c"), 2)}
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            REPO / "_ext" / "docblog", method_map, options, keywords=keywords):
        found.add((context, message[0] if isinstance(message, tuple) else message))
    return found


def test_the_template_lists_every_string_of_the_sources():
    """``make messages`` was run after the last string was added or changed."""
    with open(LOCALE / "docblog.pot", "rb") as stream:
        template = {key(m) for m in read_po(stream) if m.id}
    found = source_messages()
    assert found - template == set(), "strings missing from docblog.pot: run make messages"
    assert template - found == set(), "docblog.pot has strings no source uses: run make messages"


def plural_forms_of(catalog) -> int:
    """How many plural forms a catalog has, from its own ``Plural-Forms`` header, checked
    against its own formula: every form is used by some number and none is out of range.

    (Not from Babel's table of languages: a Babel release may give a language another count —
    Babel 2.19 gives French a third form, for a million — while the catalog stays correct
    gettext, which is what Sphinx reads.)"""
    from gettext import c2py

    choose = c2py(catalog.plural_expr)
    used = {choose(n) for n in range(0, 2001)} | {choose(10**6)}
    assert used == set(range(catalog.num_plurals)), (
        f"{catalog.locale}: nplurals={catalog.num_plurals}, but its formula gives {sorted(used)}")
    return catalog.num_plurals


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_compiled(language):
    with open(LOCALE / "docblog.pot", "rb") as stream:
        template = {key(m) for m in read_po(stream) if m.id}
    catalog = read_catalog(language)
    expected_forms = plural_forms_of(catalog)
    assert f"nplurals={expected_forms};" in catalog.plural_forms
    messages = {key(m): m for m in catalog if m.id}
    assert set(messages) == template
    for message in messages.values():
        assert not message.fuzzy, message.id
        if isinstance(message.id, tuple):
            assert len(message.string) == expected_forms and all(message.string), message.id
        else:
            assert message.string, message.id
    assert [(message.id, errors) for message, errors in catalog.check()] == []
    with open(LOCALE / language / "LC_MESSAGES" / "docblog.mo", "rb") as stream:
        compiled = read_mo(stream)
    def table(catalog) -> dict:
        def plain(value):
            return tuple(value) if isinstance(value, (list, tuple)) else value

        return {(key(m)[0], plain(m.id)): plain(m.string) for m in catalog if m.id}

    assert table(compiled) == table(messages.values()), (
        "docblog.mo is older than docblog.po: run make messages")


def test_the_wheel_ships_the_compiled_catalogs(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True)
    wheel = next(tmp_path.glob("docblog-*.whl"))
    names = set(zipfile.ZipFile(io.BytesIO(wheel.read_bytes())).namelist())
    assert {f"docblog/locale/{language}/LC_MESSAGES/docblog.mo" for language in LANGUAGES} <= names
