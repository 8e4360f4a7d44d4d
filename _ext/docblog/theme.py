"""Static assets: docblog.css (on Furo's CSS variables, with fallbacks)."""

from __future__ import annotations

from sphinx.application import Sphinx

from .pages import is_html_builder
from .rendering import STATIC_DIR


def add_assets(app: Sphinx) -> None:
    if not is_html_builder(app):
        return
    app.config.html_static_path.append(str(STATIC_DIR))
    app.add_css_file("docblog.css")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", add_assets)
