"""docblog's message catalog: every string its pages show, in the site's ``language``.

The translations ship in ``docblog/locale/<lang>/LC_MESSAGES/docblog.mo`` (sources in
``docblog.po`` next to them, template ``locale/docblog.pot``; ``make messages`` extracts,
updates and compiles them). They are loaded through Sphinx's i18n (``sphinx.locale``), as
Sphinx loads its own ``sphinx`` catalog, with two differences that
:meth:`Sphinx.add_message_catalog` alone would not give:

* a site's own ``locale_dirs`` come first: a ``docblog.po`` (or ``.mo``) in
  ``<locale_dir>/<lang>/LC_MESSAGES/`` overrides any of docblog's strings, and docblog's
  catalog fills in every string the site does not translate (gettext fallbacks). A site's
  ``docblog.po`` is compiled when it is newer than its ``.mo``, as Sphinx does for
  ``sphinx.po``;
* pages follow a changed catalog: generated pages through the renderer's fingerprint
  (:func:`catalog_digest`), posts and pages embedding post lists by being marked for
  rewriting when the catalogs differ from the previous build's (:func:`docblog.staleness.outdated_translations`);
* the catalog is loaded afresh for every build: ``sphinx.locale`` keeps translators in a
  process-wide table and merges new catalogs into an existing one, and :mod:`gettext`
  caches the catalogs it read, so a second build in the same process (tests, multi-language
  builds, a rebuild after editing a catalog) would otherwise keep the first build's text.

Plurals go through the catalog's ``ngettext`` (the ``Plural-Forms`` rule of each language:
three forms in Russian, one in Japanese, Chinese and Korean, ``n > 1`` in French), never
through ``n == 1``. A plural the browser fills in (the index's count line when a category is
picked) is sent as one template per CLDR plural category of the language
(:func:`plural_templates`), which ``docblog.js`` picks with ``Intl.PluralRules``.

One English word can need several translations ("Posts in %s" heads category, year and
language pages; "Series" is a page heading and a label): such strings carry a context
(:func:`pgettext`, ``msgctxt`` in the catalogs).
"""

from __future__ import annotations

import gettext as python_gettext
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import babel
from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import CatalogRepository

from .build_state import get_build

CATALOG = "docblog"
LOCALE_DIR = Path(__file__).parent / "locale"


def gettext(message: str) -> str:
    """``message`` in the site's language (itself when no catalog has it)."""
    return locale.get_translator(CATALOG).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the number ``n`` under the language's plural rule."""
    return locale.get_translator(CATALOG).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as translated for ``context`` (one English word, several translations)."""
    return locale.get_translator(CATALOG).pgettext(context, message)


#: Whole numbers tried for a sample of each plural category: small ones first (1 before 0,
#: so that "one" is found on 1 where CLDR also counts 0 as "one"), then the round numbers
#: some languages give a category of their own (French, Spanish, Italian "many": 1000000).
_SAMPLES = [*range(1, 201), 0, *(10 ** k for k in range(3, 10))]


def plural_templates(language: str | None, forms: Callable[[int], str]) -> dict[str, str]:
    """``forms`` (a number's text from the catalog's ``ngettext``) once per CLDR plural
    category of ``language``, for a script that picks the category with ``Intl.PluralRules``.

    Each category is given the catalog's form for a whole number in that category. ``other``
    is always there: where no whole number is "other" (Russian keeps it for fractions) it
    is the form most of 0–99 take (Russian "many": "5 записей"). A language Babel does not
    know gets "one" and "other" (1 and 2), as English does — and English itself, without
    loading Babel's locale data for its rule (15 ms of a build that rewrites the index).
    """
    if not language or language == "en":
        return {"one": forms(1), "other": forms(2)}
    try:
        rule = babel.Locale.parse(language).plural_form
    except (ValueError, babel.UnknownLocaleError):
        return {"one": forms(1), "other": forms(2)}
    samples: dict[str, int] = {}
    for number in _SAMPLES:
        samples.setdefault(rule(number), number)
    templates = {category: forms(number) for category, number in samples.items()}
    if "other" not in templates:
        commonest = Counter(rule(number) for number in range(100)).most_common(1)[0][0]
        templates["other"] = templates[commonest]
    return templates


#: Chinese tags by script, as Docusaurus and BCP 47 write them, and docblog's catalogs by region.
_SCRIPT_CATALOGS = {"zh_Hans": "zh_CN", "zh_Hant": "zh_TW"}


def gettext_in(app: Sphinx, language: str, message: str) -> tuple[str, str]:
    """(``message`` in ``language``, a BCP 47 tag, and that tag) when a catalog of docblog's or
    the site's has that language, or it is English (the catalog's source language); else
    (``message`` in the site's language, the site's tag). What a post's page says to its
    reader about the post's other versions is in the post's language (:mod:`docblog.translations`)."""
    site = language_tag(app.config.language)
    if not language or language.lower() == site.lower():
        return gettext(message), site
    translators = get_build(app).translators
    if language not in translators:
        # A catalog of the tag (pt_BR), else of its language and likely territory (zh-Hans:
        # zh_CN, as catalogs are named), else of its language.
        names = [language.replace("-", "_")]
        likely = _SCRIPT_CATALOGS.get(names[0]) or babel.core.get_global("likely_subtags").get(
            names[0], names[0])
        try:
            language_part, territory = babel.parse_locale(likely)[:2]
        except ValueError:
            language_part, territory = names[0], None
        if territory:
            names.append(f"{language_part}_{territory}")
        translator = _chained(dict.fromkeys(
            path for folder in _locale_dirs(app)
            for path in python_gettext.find(CATALOG, str(folder), names, all=True)))
        if translator is None and language.lower().split("-")[0] == "en":
            translator = python_gettext.NullTranslations()
        translators[language] = translator
    chosen = translators[language]
    if chosen is None:
        return gettext(message), site
    return chosen.gettext(message), language


def language_tag(language: str | None) -> str:
    """The BCP 47 tag of a Sphinx ``language`` (``pt_BR`` → ``pt-BR``), as browsers read it."""
    return (language or "en").replace("_", "-")


def _locale_dirs(app: Sphinx) -> list[Path]:
    """Where this build's catalogs come from, first wins: the site's ``locale_dirs``, then docblog's."""
    config = app.config
    repo = CatalogRepository(app.srcdir, config.locale_dirs, config.language or "en", config.source_encoding)
    return [*map(Path, repo.locale_dirs), LOCALE_DIR]


def load_catalog(app: Sphinx, config: Config) -> None:
    """``config-inited``: docblog's translator for this build, the site's catalogs first."""
    language = config.language or "en"
    repo = CatalogRepository(app.srcdir, config.locale_dirs, language, config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == CATALOG and catalog.is_outdated():
            catalog.write_mo(language, config.gettext_allow_fuzzy_translations)
    translator = _chained(_catalog_files(app))
    locale.translators["general", CATALOG] = translator or python_gettext.NullTranslations()


def _chained(paths: Iterable[str]) -> python_gettext.NullTranslations | None:
    """The catalogs at ``paths``, the first wins. Read here rather than through
    gettext.translation(), whose cache would keep a catalog's old text in a process that
    builds again after the catalog changed."""
    translator: python_gettext.NullTranslations | None = None
    for path in paths:
        with open(path, "rb") as stream:
            found = python_gettext.GNUTranslations(stream)
        if translator is None:
            translator = found
        else:
            translator.add_fallback(found)
    return translator


def _catalog_files(app: Sphinx) -> list[str]:
    """This build's ``docblog.mo`` files, first wins (``pt_BR`` before ``pt`` in each folder)."""
    language = app.config.language or "en"
    return [path for folder in _locale_dirs(app)
            for path in python_gettext.find(CATALOG, str(folder), [language], all=True)]


def catalog_digest(app: Sphinx) -> str:
    """Changes whenever a catalog this build translates with (the site's or docblog's) changes."""
    digest = hashlib.sha1((app.config.language or "en").encode())
    for path in _catalog_files(app):
        digest.update(path.encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def setup(app: Sphinx) -> None:
    # Registered at once (for anything translated while extensions are set up), then loaded
    # again with the site's locale_dirs in front once the configuration is final.
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    app.connect("config-inited", load_catalog, priority=100)
