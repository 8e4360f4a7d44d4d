"""Static assets: docblog.css and docblog.js.

docblog.css takes every colour from the active theme's CSS variables (pydata-sphinx-theme's
and sphinx-book-theme's ``--pst-color-*``, else Furo's ``--color-*``, else fixed fallbacks),
so the blog follows the theme's light and dark modes. docblog.js filters the blog index by
category in place; the pages work without it.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .build_state import is_html_builder
from .rendering import STATIC_DIR


def add_assets(app: Sphinx) -> None:
    if not is_html_builder(app):
        return
    # A new list: the default one is shared by every Sphinx application in the process.
    app.config.html_static_path = [*app.config.html_static_path, str(STATIC_DIR)]
    app.add_css_file("docblog.css")
    app.add_js_file("docblog.js", loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_assets)
