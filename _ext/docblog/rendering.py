"""Rendering docblog's HTML fragments: cards, listings, post headers.

docblog renders its fragments with its own Jinja environment, with autoescaping on, so
that every value a post author writes (titles, summaries, names) is escaped without relying
on each template to remember ``|e`` (Sphinx's template environment does not autoescape).
A project overrides a fragment by putting ``docblog/<name>.html`` in its ``templates_path``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import jinja2
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.i18n import format_date

_ = get_translation("docblog")
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
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        self.environment.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=lambda message: _(message),
            ngettext=lambda singular, plural, n: _(singular) if n == 1 else _(plural),
            newstyle=True,
        )
        self.language = app.config.language or "en"
        self._dates: dict[tuple[Any, str], str] = {}
        self.version = self._fingerprint([*user_paths, str(TEMPLATES_DIR)])

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

    def render(self, name: str, **context: Any) -> str:
        return self.environment.get_template(f"docblog/{name}").render(**context)

    def render_card(self, post: dict[str, Any]) -> str:
        """One card, from ``docblog/card.html`` (a site's own version if it has one)."""
        module: Any = self.environment.get_template("docblog/card.html").module
        return str(module.card(post)).strip()

    def date(self, value: Any, fmt: str) -> str:
        """A localised date (Babel, through Sphinx), remembered: many cards show one date."""
        key = (value, fmt)
        if key not in self._dates:
            self._dates[key] = format_date(fmt, date=value, language=self.language)
        return self._dates[key]


def _cache_dir(app: Sphinx) -> str:
    folder = Path(app.doctreedir) / "docblog-templates"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder)


def get_renderer(app: Sphinx) -> Renderer:
    from .build_state import get_build

    build = get_build(app)
    if build.renderer is None:
        build.renderer = Renderer(app)
    return build.renderer
