"""Static assets: docblog.css and docblog.js, on the pages that use them.

docblog.css takes every colour from the active theme's CSS variables (pydata-sphinx-theme's
and sphinx-book-theme's ``--pst-color-*``, else Furo's ``--color-*``, else fixed fallbacks),
so the blog follows the theme's light and dark modes. docblog.js filters the blog index by
category in place; the pages work without it.

Neither holds up a page's first paint (issue 19, measured with ``python -m bench.lighthouse``):

* docblog.js is linked (deferred) only from pages that show the filter, the listings with
  ``data-docblog-posts``: it does nothing anywhere else.
* docblog.css goes only into pages that show docblog's markup (posts, listings, embedded
  lists: a ``class="docblog-…"`` in the body), and there inline: minified (about 7 kB), as
  a ``<style data-docblog>`` where its ``<link>`` stood, so it keeps its place among the
  theme's stylesheets and the project's ``html_css_files`` (which come after it and can
  still override it). A linked stylesheet is one more render-blocking request. The place
  is kept by wrapping the page's ``css_tag``, which Sphinx's, Furo's and pydata's
  templates use; a theme that writes its own ``<link>`` links the file instead.
  A docs page with no docblog markup gets neither file.

EPUB books keep both files linked on every page, as before.

What a build copies into ``_static`` is minified: docblog.js and docblog-comments.js by
rjsmin, docblog.css as it is inlined (:func:`minify_css`). The readable sources stay in the
package's ``static`` folder; the minified copies are written into ``docblog-static`` in the
doctree folder (the package may be read-only), which is what ``html_static_path`` names, and
are brought up to date before each build reads (a warm ``docblog serve`` application too).
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rjsmin
from sphinx.application import Sphinx

from .build_state import is_epub_builder, is_html_builder
from .rendering import STATIC_DIR

STYLESHEET = "docblog.css"
SCRIPT = "docblog.js"
#: The attribute that marks docblog.css's entry in a page's ``css_files`` to be inlined.
INLINE = "data-docblog"
#: Markup docblog.css styles, and markup docblog.js acts on.
_STYLED = re.compile(r'class="[^"]*\bdocblog-')
_FILTER = 'data-docblog-posts="'
#: The folder in the doctree folder that holds the minified copies of :data:`STATIC_DIR`.
MINIFIED_DIR = "docblog-static"


@functools.cache
def minify_css(text: str) -> str:
    """``text`` without comments and the whitespace around ``{ } ; , >`` and after ``:``
    (a space before ``:`` is kept: ``a :hover`` is a descendant selector)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    text = re.sub(r":\s+", ":", text)
    return text.replace(";}", "}").strip()


def inline_style() -> str:
    """The ``<style>`` element docblog writes into its pages: read and minified once, and again
    only when the file changes (a warm live-preview server), not for each page."""
    return _inline_style((STATIC_DIR / STYLESHEET).stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _inline_style(_changed: int) -> str:
    return f"<style {INLINE}>{minify_css((STATIC_DIR / STYLESHEET).read_text(encoding='utf-8'))}</style>"


def minify(name: str, text: str) -> str:
    """A static file's text as the build writes it: scripts and stylesheets minified."""
    if name.endswith(".js"):
        return rjsmin.jsmin(text).strip() + "\n"
    if name.endswith(".css"):
        return minify_css(text) + "\n"
    return text


@functools.lru_cache(maxsize=16)
def _minified(name: str, _changed: int) -> bytes:
    source = STATIC_DIR / name
    if source.suffix in (".js", ".css"):
        return minify(name, source.read_text(encoding="utf-8")).encode()
    return source.read_bytes()


def minified_dir(app: Sphinx) -> Path:
    return Path(app.doctreedir) / MINIFIED_DIR


def write_minified(app: Sphinx, *_: Any) -> None:
    """Bring the minified copies of :data:`STATIC_DIR`'s files up to date: a file is written
    only when its text changes, and one no longer in the package is removed."""
    if not is_html_builder(app):
        return
    target = minified_dir(app)
    target.mkdir(parents=True, exist_ok=True)
    names = {path.name for path in STATIC_DIR.iterdir() if path.is_file() and not path.name.startswith(".")}
    for name in sorted(names):
        text = _minified(name, (STATIC_DIR / name).stat().st_mtime_ns)
        path = target / name
        if path.is_file() and path.read_bytes() == text:
            continue
        # Written aside and renamed: another build sharing the doctree folder (html and
        # epub of ``sphinx-build -M``) never copies half a file.
        fd, temporary = tempfile.mkstemp(dir=target, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as stream:
            stream.write(text)
        os.replace(temporary, path)
    for path in target.iterdir():
        if path.is_file() and not path.name.startswith(".") and path.name not in names:
            path.unlink()


def add_assets(app: Sphinx) -> None:
    if not is_html_builder(app):
        return
    write_minified(app)
    # A new list: the default one is shared by every Sphinx application in the process.
    app.config.html_static_path = [*app.config.html_static_path, str(minified_dir(app))]
    if is_epub_builder(app):
        app.add_css_file(STYLESHEET)
        app.add_js_file(SCRIPT, loading_method="defer")


def _css_tag(original: Callable[[Any], str], css: Any) -> str:
    if str(getattr(css, "filename", "")).endswith(STYLESHEET) and INLINE in getattr(css, "attributes", {}):
        return inline_style()
    return original(css)


def add_to_page(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """``html-page-context``: docblog.js on the pages with the filter, docblog.css inlined in
    the pages with docblog's markup."""
    if not is_html_builder(app) or is_epub_builder(app):
        return
    body = context.get("body")
    if not isinstance(body, str):
        return
    # The builder's own lists, which Sphinx resets for each page: Sphinx.add_js_file would
    # also add the file to the registry, that is to every page of the next build of a
    # long-lived application (``docblog serve``).
    builder: Any = app.builder
    if _FILTER in body:
        builder.add_js_file(SCRIPT, priority=500, defer="defer")
    if _STYLED.search(body):
        builder.add_css_file(STYLESHEET, priority=500, **{INLINE: "inline"})
        css_tag = context.get("css_tag")
        if callable(css_tag):
            context["css_tag"] = functools.partial(_css_tag, css_tag)


def remember_checksums() -> None:
    """Sphinx (7.1 and later) adds ``?v=<checksum>`` to every stylesheet and script tag of
    every page, and before looking the checksum up in its cache of checksums by file, finds
    the file's real path (``Path.resolve``: a system call per folder of the path) each time:
    28 µs a tag, eight tags a page, 0.3 s of a full build of 1,000 posts (1,375 pages), whether
    the page is docblog's or not. The checksum of an output folder's file name is looked up once
    per process instead, as Sphinx's cache of checksums by real path already is (an error,
    such as a query string in the name, is raised each time, as before)."""
    import sphinx.builders.html as module

    original = getattr(module, "_file_checksum", None)
    if original is None or getattr(original, "docblog_once", False):
        return
    once: Any = functools.cache(original)
    once.docblog_once = True
    module._file_checksum = once  # type: ignore[attr-defined]


def style_key() -> str:
    """What generated pages' fingerprints take from this module: the inlined stylesheet."""
    return inline_style()


def setup(app: Sphinx) -> None:
    remember_checksums()
    app.connect("builder-inited", add_assets)
    # Again before every build of the application: a warm ``docblog serve`` one has no
    # builder-inited when the package's script changes.
    app.connect("env-before-read-docs", write_minified)
    app.connect("html-page-context", add_to_page)
