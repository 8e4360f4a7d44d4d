"""ABlog stays the base: its settings, directives, nodes and CLI; docblog takes over the rest.

ABlog is set up as usual, then the handlers that docblog replaces are disconnected:

* ``process_posts`` keeps deep copies of doctree sections in the environment and a global
  ``Blog`` singleton, which makes the pickled environment heavy and parallel reads unsafe;
  docblog's :mod:`docblog.posts` keeps one small plain record per post in a domain instead.
* ``generate_archive_pages`` / ``generate_atom_feeds`` regenerate every archive page and feed
  on every build (the feeds render each post's HTML once per feed); docblog's
  :mod:`docblog.pages` and :mod:`docblog.feeds` write only what changed.
* ABlog's ``builder_inited`` injects ABlog's ``page.html`` *before* the theme's templates,
  which breaks Furo's layout; docblog turns that off with ABlog's own switch,
  ``skip_injecting_base_ablog_templates``, and makes ABlog's templates available *after*
  the theme's instead.
* ``CheckFrontMatter`` re-parses MyST front matter from stringified field lists and raises
  on bad values; docblog reads the YAML itself, with line numbers, and warns instead.
"""

from __future__ import annotations

import os
from glob import glob
from pathlib import PurePath

import ablog
import ablog.post
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config
from sphinx.jinja2glue import BuiltinTemplateLoader, SphinxFileSystemLoader

from . import frontmatter
from .diagnostics import Subtype, warn

#: ABlog's handlers docblog replaces: (event, handler's module and name) → why.
REPLACED_HANDLERS: dict[tuple[str, str], str] = {
    ("doctree-read", "ablog.post.process_posts"): "records kept in docblog's domain",
    ("env-purge-doc", "ablog.post.purge_posts"): "records kept in docblog's domain",
    ("doctree-resolved", "ablog.post.process_postlist"): "postlist rendered by docblog.directives",
    ("html-collect-pages", "ablog.post.generate_archive_pages"): "pages written by docblog.pages",
    ("html-collect-pages", "ablog.post.generate_atom_feeds"): "feeds written by docblog.feeds",
    ("missing-reference", "ablog.post.missing_reference"): "references resolved by docblog.ablog_references",
    ("html-page-context", "ablog.html_page_context"): "the ablog context given by docblog.ablog_context",
    ("config-inited", "ablog.config_inited"): "the same, faster: docblog.ablog_compat.match_blog_posts",
}
#: ABlog's transform docblog replaces (docblog reads front matter itself, with line numbers).
REPLACED_TRANSFORM = "ablog.post.CheckFrontMatter"


def _qualified_name(function: object) -> str:
    return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', '')}"


def _compat_warning(what: str) -> None:
    warn(f"ABlog {ablog.__version__} has no {what}, which docblog replaces; docblog may be "
         "slower or list posts twice with this ABlog version. Please report it to docblog",
         Subtype.COMPAT)


def _disconnect_replaced_handlers(app: Sphinx) -> None:
    """Disconnect each of ABlog's replaced handlers, found by event and name; a missing one
    (a future ABlog renamed or dropped it) is named in a ``docblog.compat`` warning instead of
    being silently skipped."""
    found: set[tuple[str, str]] = set()
    for event, listeners in app.events.listeners.items():
        for listener in list(listeners):
            key = (event, _qualified_name(listener.handler))
            if key in REPLACED_HANDLERS:
                app.disconnect(listener.id)
                found.add(key)
    for event, name in sorted(set(REPLACED_HANDLERS) - found):
        _compat_warning(f"'{event}' handler {name}")
    transforms = app.registry.transforms
    replaced = [t for t in transforms if _qualified_name(t) == REPLACED_TRANSFORM]
    for transform in replaced:
        transforms.remove(transform)
    if not replaced:
        _compat_warning(f"transform {REPLACED_TRANSFORM}")


def match_blog_posts(app: Sphinx, config: Config) -> None:
    """ABlog's ``config_inited``, with the same results: ``matched_blog_posts`` (the documents
    ``blog_post_pattern`` matches) and ABlog's stylesheets in ``html_static_path``.

    ABlog makes each matched path relative with three ``PurePath`` operations, 9 ms of every
    build at 1,000 posts (a tenth of a no-op's budget); a path under the source folder is cut
    with string operations here, any other (``.``/``..`` parts, hidden files, another folder)
    the way ABlog does it."""
    if isinstance(config.blog_post_pattern, str):
        config.blog_post_pattern = [config.blog_post_pattern]
    srcdir = str(app.srcdir)
    prefix = os.path.join(srcdir, "")
    matched = []
    for pattern in config.blog_post_pattern:
        for path in glob(os.path.join(srcdir, pattern), recursive=True):
            relative = path[len(prefix):].replace(os.sep, "/") if path.startswith(prefix) else ""
            if not relative or "//" in relative or "/." in f"/{relative}" or relative.endswith("/"):
                matched.append(PurePath(path).relative_to(srcdir).with_suffix("").as_posix())
            else:
                matched.append(os.path.splitext(relative)[0])
    config.matched_blog_posts = matched
    config.html_static_path.append(os.path.abspath(os.path.join(os.path.dirname(ablog.__file__), "stylesheets")))


def _skip_ablog_template_injection(app: Sphinx, config: Config) -> None:
    """ABlog's own switch: its ``builder-inited`` handler would put ABlog's ``page.html``
    *before* the theme's templates, which breaks Furo's layout; docblog offers ABlog's
    templates *after* the theme's instead (:func:`_offer_ablog_templates`)."""
    config.skip_injecting_base_ablog_templates = True


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


#: Themes that turn on ABlog's ``fontawesome_included`` when ABlog is used (they ship Font
#: Awesome): pydata-sphinx-theme, and sphinx-book-theme, which is built on it.
FONTAWESOME_THEMES = ("pydata_sphinx_theme", "sphinx_book_theme")


def _settle_fontawesome(app: Sphinx, config: Config) -> None:
    """pydata-sphinx-theme sets ``fontawesome_included = True`` at ``builder-inited``, after
    Sphinx compared the configuration with the saved environment; ABlog declares the option
    as needing a re-read, so every build of such a site re-read every document (a no-op build
    cost as much as a full one, with ABlog alone too). Set it here as the theme will, so the
    saved value and the new one agree."""
    provided = "fontawesome_included" in config._raw_config or "fontawesome_included" in config.overrides
    if config.html_theme in FONTAWESOME_THEMES and not provided:
        config.fontawesome_included = True


def set_up_markdown_reader(app: Sphinx) -> None:
    """The site's own Markdown reader (MyST-Parser, or MyST-NB, which sets it up): conf.py's
    ``extensions`` is known before any extension is set up, so docblog can set it up whatever
    its position in the list."""
    app.setup_extension(markdown_reader(list(app.config.extensions)))


def setup(app: Sphinx) -> None:
    set_up_markdown_reader(app)
    frontmatter.speed_up_myst()
    app.setup_extension("ablog")
    _disconnect_replaced_handlers(app)
    # ABlog declares itself parallel-read unsafe because of the handlers removed above
    # (module-level Blog singleton, env.ablog_posts without a merge). What remains of it —
    # config values, directives, nodes — holds no state, so parallel reads are safe.
    app.extensions["ablog"].parallel_read_safe = True
    app.connect("config-inited", match_blog_posts)
    app.connect("config-inited", _skip_ablog_template_injection)
    app.connect("config-inited", _settle_fontawesome)
    app.connect("builder-inited", _offer_ablog_templates)
