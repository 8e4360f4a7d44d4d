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
* the catalog is loaded afresh for every build: ``sphinx.locale`` keeps translators in a
  process-wide table and merges new catalogs into an existing one, so a second build in
  another language in the same process (tests, multi-language builds) would otherwise keep
  showing the first language.

Plurals go through the catalog's ``ngettext`` (the ``Plural-Forms`` rule of each language:
three forms in Russian, one in Japanese, Chinese and Korean, ``n > 1`` in French), never
through ``n == 1``.
"""

from __future__ import annotations

from pathlib import Path

from sphinx import locale
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.i18n import CatalogRepository

CATALOG = "docblog"
LOCALE_DIR = Path(__file__).parent / "locale"


def gettext(message: str) -> str:
    """``message`` in the site's language (itself when no catalog has it)."""
    return locale.get_translator(CATALOG).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the number ``n`` under the language's plural rule."""
    return locale.get_translator(CATALOG).ngettext(singular, plural, n)


def load_catalog(app: Sphinx, config: Config) -> None:
    """``config-inited``: docblog's translator for this build, the site's catalogs first."""
    language = config.language or "en"
    repo = CatalogRepository(app.srcdir, config.locale_dirs, language, config.source_encoding)
    for catalog in repo.catalogs:
        if catalog.domain == CATALOG and catalog.is_outdated():
            catalog.write_mo(language, config.gettext_allow_fuzzy_translations)
    locale.translators.pop(("general", CATALOG), None)
    locale.init([*repo.locale_dirs, LOCALE_DIR], language, CATALOG)


def setup(app: Sphinx) -> None:
    # Registered at once (for anything translated while extensions are set up), then loaded
    # again with the site's locale_dirs in front once the configuration is final.
    app.add_message_catalog(CATALOG, LOCALE_DIR)
    app.connect("config-inited", load_catalog, priority=100)
