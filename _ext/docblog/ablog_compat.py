"""ABlog stays the base: its settings, directives, nodes and CLI; docblog takes over the rest.

ABlog is set up as usual, then the handlers that docblog replaces are disconnected:

* ``process_posts`` keeps deep copies of doctree sections in the environment and a global
  ``Blog`` singleton, which makes the pickled environment heavy and parallel reads unsafe;
  docblog's :mod:`docblog.posts` keeps one small plain record per post in a domain instead.
* ``generate_archive_pages`` / ``generate_atom_feeds`` regenerate every archive page and feed
  on every build (the feeds render each post's HTML once per feed); docblog's
  :mod:`docblog.pages` and :mod:`docblog.feeds` write only what changed.
* ``builder_inited`` injects ABlog's ``page.html`` *before* the theme's templates, which breaks
  Furo's layout; docblog makes ABlog's templates available *after* the theme's instead.
* ``CheckFrontMatter`` re-parses MyST front matter from stringified field lists and raises
  on bad values; docblog reads the YAML itself, with line numbers, and warns instead.
"""

from __future__ import annotations

import ablog
import ablog.post
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

REPLACED_HANDLERS = {
    ablog.post.process_posts,
    ablog.post.purge_posts,
    ablog.post.process_postlist,
    ablog.post.generate_archive_pages,
    ablog.post.generate_atom_feeds,
    ablog.post.missing_reference,
    ablog.html_page_context,
    ablog.builder_inited,
}


def _disconnect_replaced_handlers(app: Sphinx) -> None:
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if listener.handler in REPLACED_HANDLERS:
                app.disconnect(listener.id)
    transforms = app.registry.transforms
    if ablog.post.CheckFrontMatter in transforms:
        transforms.remove(ablog.post.CheckFrontMatter)


def _offer_ablog_templates(app: Sphinx) -> None:
    """Make ``ablog/*.html`` (used in ABlog users' ``html_sidebars``) resolvable, after the theme."""
    if not isinstance(app.builder, StandaloneHTMLBuilder):
        return
    if not isinstance(app.builder.templates, BuiltinTemplateLoader):
        return
    app.builder.templates.loaders.append(SphinxFileSystemLoader(ablog.get_html_templates_path()))


#: Extensions that read Markdown themselves; when a site uses one, docblog sets up that one
#: instead of ``myst_parser`` (MyST-NB registers ``.md`` for its own parser, and setting up
#: ``myst_parser`` after it fails with "source_suffix '.md' is already registered").
MARKDOWN_READERS = ("myst_nb",)


def markdown_reader(extensions: list[str]) -> str:
    """The extension that reads the site's Markdown: MyST-NB if listed, else MyST-Parser."""
    return next((name for name in MARKDOWN_READERS if name in extensions), "myst_parser")


def setup(app: Sphinx) -> None:
    # conf.py's `extensions` is known before any extension is set up, so docblog can set up
    # the site's own Markdown reader whatever its position in the list.
    app.setup_extension(markdown_reader(list(app.config.extensions)))
    app.setup_extension("ablog")
    _disconnect_replaced_handlers(app)
    # ABlog declares itself parallel-read unsafe because of the handlers removed above
    # (module-level Blog singleton, env.ablog_posts without a merge). What remains of it —
    # config values, directives, nodes — holds no state, so parallel reads are safe.
    app.extensions["ablog"].parallel_read_safe = True
    app.connect("builder-inited", _offer_ablog_templates)
