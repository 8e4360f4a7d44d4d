"""Rendering docblog's HTML fragments: cards, listings, post headers.

docblog renders its fragments with its own Jinja environment, with autoescaping on, so
that every value a post author writes (titles, summaries, names) is escaped without relying
on each template to remember ``|e`` (Sphinx's template environment does not autoescape).
A project overrides a fragment by putting ``docblog/<name>.html`` in its ``templates_path``.

Templates translate with ``_()``, ``ngettext()`` and ``pgettext()`` (Jinja's i18n extension, new style:
``%(num)d`` is filled in), backed by docblog's catalog (:mod:`docblog.i18n`); dates are
localised with Babel in the site's ``language`` (:meth:`Renderer.date`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import babel.core
import babel.dates
import babel.lists
import jinja2
from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util.i18n import format_date

from . import i18n
from .build_state import get_build
from .config import DocblogConfig

PACKAGE_DIR = Path(__file__).parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
STATIC_DIR = PACKAGE_DIR / "static"


class Renderer:
    def __init__(self, app: Sphinx) -> None:
        user_paths = [os.path.join(app.confdir, p) for p in app.config.templates_path]
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*user_paths, str(TEMPLATES_DIR)]),
            # Compiled templates are kept between builds (compiling costs more than rendering
            # a whole listing); Jinja checks each template's source before reusing it.
            bytecode_cache=jinja2.FileSystemBytecodeCache(_cache_dir(app)),
            # A renderer lives for one build (a warm server's next build gets a new one), so a
            # template is not checked for changes on every use: with Jinja's default, each
            # render and each ``{% from … import %}`` asked the file system (36,000 times at
            # 1,000 posts, a second of a profiled build).
            auto_reload=False,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.environment.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=i18n.gettext,
            ngettext=i18n.ngettext,
            newstyle=True,
            pgettext=i18n.pgettext,
        )
        self.environment.globals.update(_translating_once())
        self.language = app.config.language or "en"
        self.environment.globals["join_list"] = self.join_list
        self._macros = {macro: _Macro(self.environment, f"docblog/{template}", macro)
                        for template, macro in (("meta.html", "meta_line"), ("card.html", "card"),
                                                ("small_card.html", "small_card"))}
        self.environment.globals.update(self._macros)
        self._dates: dict[tuple[Any, str], str] = {}
        self._list_patterns: dict[int, str] = {}
        self._cards: dict[tuple[int, bool], tuple[dict[str, Any], Markup]] = {}
        self._small_cards: dict[Hashable, dict[str, Any]] = {}
        #: docblog's own card and meta line: every URL written as an attribute value, so a card
        #: can be rendered once with marks for its URLs (:func:`docblog.cards.card_at`).
        self.cards_take_marks = not any(
            (Path(root) / "docblog" / name).is_file()
            for root in user_paths for name in ("card.html", "meta.html"))
        # Generated pages are rewritten when a template or a catalog they translate with changes.
        self.version = self._fingerprint([*user_paths, str(TEMPLATES_DIR)]) + i18n.catalog_digest(app)

    @staticmethod
    def _fingerprint(paths: list[str]) -> str:
        """Changes whenever a docblog template (ours or a project's override) changes."""
        digest = hashlib.sha1()
        for root in paths:
            folder = Path(root) / "docblog"
            if folder.is_dir():
                for path in sorted(folder.glob("*.html")):
                    digest.update(path.name.encode())
                    digest.update(path.read_bytes())
        return digest.hexdigest()

    def join_list(self, items: list[Any]) -> Markup:
        """Rendered items (``Markup``, or text to escape) joined as the site's language joins
        a list: "A and B", "A, B and C" (``A y B``, ``A、B和C``), from Babel's list patterns."""
        marks = [f"\ue000{number}\ue001" for number in range(len(items))]
        text = self._list_patterns.get(len(items))
        if text is None:  # (the same for every list of that length: Babel is asked once)
            try:
                joined = babel.lists.format_list(marks, locale=self.language)
            except (ValueError, babel.core.UnknownLocaleError):
                joined = ", ".join(marks)
            text = self._list_patterns[len(items)] = str(escape(joined))
        for mark, item in zip(marks, items, strict=True):
            text = text.replace(mark, str(escape(item)))
        return Markup(text)

    def render(self, name: str, **context: Any) -> str:
        return self.environment.get_template(f"docblog/{name}").render(**context)

    def card(self, view: dict[str, Any], pinned: bool = False) -> dict[str, Any]:
        """A card's context with its HTML (``html``) from ``docblog/card.html``, rendered once
        per view and build: a post's view is the same on every page of a folder, and so is its
        card, which the index, category, tag, author and year pages all show. (Keyed by the
        view itself: a key from the view's content costs more than the renders it saves.)"""
        key = (id(view), pinned)  # the view is kept with its HTML, so its id is not reused
        found = self._cards.get(key)
        if found is None:
            shown = {**view, "show_pin": True} if pinned else view
            found = self._cards[key] = (view, self._macro("card", shown))
        html = found[1]
        return {**view, "show_pin": True, "html": html} if pinned else {**view, "html": html}

    def small_card(self, key: Hashable, context: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A related post's context (made by ``context``) with its HTML (``html``) from
        ``docblog/small_card.html``, once per ``key`` and build (read-only: shared)."""
        found = self._small_cards.get(key)
        if found is None:
            shown = context()
            found = self._small_cards[key] = {**shown, "html": self._macro("small_card", shown)}
        return found

    def _macro(self, name: str, context: dict[str, Any]) -> Markup:
        """``docblog/<name>.html``'s macro ``name`` called with ``context`` (a :class:`_Macro`)."""
        return Markup(str(self._macros[name](context)))

    def date(self, value: Any, fmt: str) -> str:
        """A localised date (Babel, through Sphinx), remembered: many cards show one date.

        The default ``docblog_date_format`` (``%B %-d, %Y``) and the archive's month headings
        (``%B %Y``) are English word orders; in any other language they become the
        language's own long date (``16 mars 2026``, ``16. März 2026``, ``2026年3月16日``) and
        month-and-year (``март 2026 г.``, ``2026年3月``), from Babel's locale data. Any other
        format is the site's choice and is followed as written (names of months and days
        still in the site's language).
        """
        key = (value, fmt)
        if key not in self._dates:
            self._dates[key] = self._format(value, fmt)
        return self._dates[key]

    def _format(self, value: Any, fmt: str) -> str:
        if fmt in (DEFAULT_DATE_FORMAT, MONTH_FORMAT):
            if self.language == "en":
                return english_date(value, fmt)
            try:
                if fmt == DEFAULT_DATE_FORMAT:
                    return babel.dates.format_date(value, "long", locale=self.language)
                return babel.dates.format_skeleton("yMMMM", value, locale=self.language)
            except (ValueError, babel.core.UnknownLocaleError):
                pass  # a language Babel does not know: Sphinx's formatting warns and uses English
        return format_date(fmt, date=value, language=self.language)


#: ``docblog_date_format``'s default, read as "the language's long date" outside English.
DEFAULT_DATE_FORMAT: str = DocblogConfig.date_format
#: The archive's month headings, read as "the language's month and year" outside English.
MONTH_FORMAT = "%B %Y"
_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")


def english_date(value: dt.date, fmt: str) -> str:
    """What Sphinx's ``format_date`` writes for :data:`DEFAULT_DATE_FORMAT` or
    :data:`MONTH_FORMAT` in English, without loading Babel's locale data for the month names:
    that took 25 ms of every build that shows a date (a post's header after an edit), a
    seventh of what docblog added to a body edit's build at 1,000 posts."""
    month = _ENGLISH_MONTHS[value.month - 1]
    return f"{month} {value.day}, {value.year:04d}" if fmt == DEFAULT_DATE_FORMAT else f"{month} {value.year:04d}"


def _translating_once() -> dict[str, Callable[..., str]]:
    """``_``, ``gettext``, ``ngettext`` and ``pgettext`` as Jinja's new-style gettext gives them
    to templates (translated, ``Markup`` where the template autoescapes, always a format
    string: ``%(num)d`` filled in), each message looked up once per renderer, that is per
    build (the catalog does not change during one). Jinja's own go through three context
    calls and the catalog for each use: about ten calls for each of the 11,800 a 1,000-post
    build makes (0.25 s of its profile, 0.09 s now)."""
    translated: dict[tuple[Any, ...], tuple[str, Markup, bool]] = {}

    def lookup(key: tuple[Any, ...], translate: Callable[[], str]) -> tuple[str, Markup, bool]:
        found = translated.get(key)
        if found is None:
            text = translate()
            found = translated[key] = (text, Markup(text), "%" in text)
        return found

    def shown(context: jinja2.runtime.Context, found: tuple[str, Markup, bool],
              variables: dict[str, Any]) -> str:
        text = found[1] if context.eval_ctx.autoescape else found[0]
        return text % variables if variables or found[2] else text

    @jinja2.pass_context
    def gettext(__context: jinja2.runtime.Context, __string: str, **variables: Any) -> str:
        return shown(__context, lookup((__string,), lambda: i18n.gettext(__string)), variables)

    @jinja2.pass_context
    def ngettext(__context: jinja2.runtime.Context, __singular: str, __plural: str, __num: int,
                 **variables: Any) -> str:
        variables.setdefault("num", __num)
        found = lookup((__singular, __plural, __num),
                       lambda: i18n.ngettext(__singular, __plural, __num))
        return shown(__context, found, variables)

    @jinja2.pass_context
    def pgettext(__context: jinja2.runtime.Context, __string_ctx: str, __string: str,
                 **variables: Any) -> str:
        variables.setdefault("context", __string_ctx)
        found = lookup(("\x04", __string_ctx, __string),
                       lambda: i18n.pgettext(__string_ctx, __string))
        return shown(__context, found, variables)

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext, "pgettext": pgettext}


def _cache_dir(app: Sphinx) -> str:
    folder = Path(app.doctreedir) / "docblog-templates"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


class _Macro:
    """A macro of one of docblog's templates, as a global of its templates, made when first
    called: what ``{% from … import %}`` gave each render. (Each import asked Jinja to compare
    the importing template's globals with the imported one's, a set built from a ``ChainMap``
    every time: 50 µs a render under the profiler, 0.12 s of a 1,000-post build.) A site's
    own templates may still import the macros."""

    def __init__(self, environment: jinja2.Environment, template: str, name: str) -> None:
        self._environment, self._template, self._name = environment, template, name
        self._macro: Callable[..., Any] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._macro is None:
            self._macro = getattr(self._environment.get_template(self._template).module, self._name)
        return self._macro(*args, **kwargs)


def get_renderer(app: Sphinx) -> Renderer:
    build = get_build(app)
    if build.renderer is None:
        build.renderer = Renderer(app)
    return build.renderer
