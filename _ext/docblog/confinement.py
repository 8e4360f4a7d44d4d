"""Posts are content: a post cannot read or publish the build machine's files.

A team blog merges posts from many hands and often builds a preview of each pull request. In
Sphinx a document may read any file the build can read — an image, a download, an
``include``, a ``literalinclude``, a ``raw`` or ``csv-table`` ``:file:`` — and publish it.
For posts (``docblog_confine_files = "posts"``, the default) or every document (``"all"``),
docblog confines what a document reads to the site's root: ``docblog_files_root``, by default
the repository holding the sources (the nearest folder with ``.git``, else the source
folder), so a docs blog can still show code from the project next to ``docs/``. Paths are
resolved as Sphinx and docutils resolve them, symlinks first, with ``%``-escapes decoded and
Windows separators read as separators; anything outside is not read: a ``docblog.file``
warning names the document, the line and the path, and the rest of the post builds.

* Directives that read a file while the document is parsed (``include`` — MyST's
  ``{include}`` too —, ``literalinclude``, ``raw`` and ``csv-table`` with ``:file:`` or
  ``:url:``) check the path before reading: they are docutils' and Sphinx's own directives
  with that check in front (:func:`guard_directives`).
* Files Sphinx copies later (images and figures, ``{download}`` targets) are checked when
  the document has been read, before Sphinx's collectors note them (:func:`drop_outside_files`):
  the image or link is replaced by its text.
* A card image named in front matter (which docblog copies, :mod:`docblog.images`) is left
  out of the post's record when it is outside (:func:`drop_outside_card_image`).

Whether a document is a post is known from ``blog_post_pattern``, ABlog's ``blogpost: true``
or a ``post`` directive in its source, when it starts being read (:func:`mark_document`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes

from .build_state import get_build
from .diagnostics import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: ``env.temp_data`` keys: the root the document being read is confined to, or None; and
#: whether it is a post (:func:`is_post_source`).
CONFINED = "docblog_confined"
IS_POST = "docblog_is_post"
_POST_DIRECTIVE = re.compile(r"^\s*(?:\.\.\s+post::|(?:`{3,}|:{3,})\s*\{post\})", re.MULTILINE)
_BLOGPOST_KEY = re.compile(r"^blogpost:\s*(?:true|yes|on|1)\s*$", re.MULTILINE | re.IGNORECASE)
#: The same in a notebook's JSON: a cell line ``"   .. post:: …\n"`` or ``"blogpost: true\n"``,
#: metadata ``"blogpost": true``.
_NOTEBOOK_POST = re.compile(r'"\s*(?:\.\.\s+post::|(?:`{3,}|:{3,})\s*\{post\})|"blogpost"?\s*:\s*(?:true|"true")',
                            re.IGNORECASE)
_REMOTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


def files_root(app: Sphinx) -> Path:
    """The folder whose files documents may read (symlinks resolved), found once per build."""
    build = get_build(app)
    if build.files_root is None:
        setting = getattr(app.config, "docblog_files_root", "") or ""
        if setting:
            root = Path(app.confdir, setting)
        else:
            source = Path(app.srcdir).resolve()
            root = next((folder for folder in (source, *source.parents)
                         if (folder / ".git").exists()), source)
        build.files_root = root.resolve()
    return build.files_root


def is_outside(root: Path, path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` (absolute), once its symlinks are resolved, is outside ``root``."""
    return not Path(os.path.realpath(path)).is_relative_to(root)


def _cleaned(reference: str) -> str:
    """A path as a post may spell it: ``%2e%2e`` decoded, ``\\`` read as a separator."""
    return unquote(reference).replace("\\", "/")


def is_post_source(app: Sphinx, docname: str, text: str) -> bool:
    """Whether a document about to be read is a post: ``blog_post_pattern`` matches it, or
    its source has ABlog's ``blogpost: true`` or a ``post`` directive."""
    from .reading import _matches_pattern

    if _matches_pattern(app, docname):
        return True
    if text.lstrip().startswith("{"):  # a notebook
        return bool(_NOTEBOOK_POST.search(text))
    return bool(_POST_DIRECTIVE.search(text) or _BLOGPOST_KEY.search(text[:4000]))


def mark_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: whether the document about to be read is confined."""
    is_post = is_post_source(app, docname, source[0] if source else "")
    confined = is_post or getattr(app.config, "docblog_confine_files", "posts") == "all"
    app.env.temp_data[IS_POST] = is_post
    app.env.temp_data[CONFINED] = files_root(app) if confined else None


def confining_root(env: BuildEnvironment) -> Path | None:
    """The root the document being read is confined to, or None when it is not confined."""
    root = env.temp_data.get(CONFINED)
    return root if isinstance(root, Path) else None


def refuse(what: str, reference: str, location: Any) -> None:
    warn(f"{what} {reference!r} is outside the site's files; it is not read or published "
         "(docblog_files_root names the folder documents may read from)", Subtype.FILE, location)


# --- directives that read files while parsing ----------------------------------------------


def _sphinx_path(env: BuildEnvironment, reference: str) -> str:
    """A directive argument as Sphinx resolves it: relative to the document, or to the
    source folder when it starts with ``/``."""
    return env.relfn2path(_cleaned(reference), env.docname)[1]


def _docutils_path(directive: Any, reference: str) -> str:
    """A ``:file:`` option as docutils resolves it: relative to the current source file."""
    reference = _cleaned(reference)
    settings = directive.state.document.settings
    root_prefix = getattr(settings, "root_prefix", "") or ""
    if root_prefix and reference.startswith("/"):
        return os.path.join(root_prefix, reference[1:])
    return os.path.join(os.path.dirname(os.path.abspath(directive.state.document.current_source)),
                        reference)


def _outside_reference(directive: Any, env: BuildEnvironment, root: Path) -> str | None:
    """The file or URL a directive would read from outside ``root``, or None."""
    if directive.name in ("include", "literalinclude"):
        reference = directive.arguments[0] if directive.arguments else ""
        if reference.startswith("<") and reference.endswith(">"):
            return None  # docutils' own standard definitions (``<isonum.txt>``)
        return reference if is_outside(root, _sphinx_path(env, reference)) else None
    if "url" in directive.options:  # a URL the build would fetch, ``file://`` included
        return directive.options["url"]
    reference = directive.options.get("file")
    if reference and is_outside(root, _docutils_path(directive, reference)):
        return reference
    return None


def _guarded(base: type) -> type:
    """``base`` with the confinement check before it reads anything."""

    def run(self: Any) -> Any:
        env = self.state.document.settings.env
        root = confining_root(env)
        if root is not None:
            reference = _outside_reference(self, env, root)
            if reference is not None:
                refuse(f"{self.name}:", reference, (env.docname, self.lineno))
                return []
        return base.run(self)  # type: ignore[attr-defined]

    return type(f"Confined{base.__name__}", (base,), {"run": run, "__doc__": base.__doc__})


def guard_directives(app: Sphinx) -> None:
    """Each directive that reads a file, with the check in front (registered by name, so
    MyST's ``{literalinclude}``, ``{raw}`` and ``{csv-table}`` get them too)."""
    from docutils.parsers.rst.directives.misc import Raw
    from docutils.parsers.rst.directives.tables import CSVTable
    from sphinx.directives.code import LiteralInclude
    from sphinx.directives.other import Include

    for name, base in (("include", Include), ("literalinclude", LiteralInclude),
                       ("raw", Raw), ("csv-table", CSVTable)):
        app.add_directive(name, _guarded(base), override=True)
    _guard_myst_include()


def _guard_myst_include() -> None:
    """MyST reads ``{include}`` itself (``MockIncludeDirective``), not through the directive
    registered for ``include``: the same check goes in front of its ``run`` (in our layer,
    since MyST has no hook before it reads the file)."""
    try:
        from myst_parser.mocking import MockIncludeDirective
    except ImportError:  # pragma: no cover - MyST-Parser is a dependency
        return
    if getattr(MockIncludeDirective.run, "docblog_confined", False):
        return
    original = MockIncludeDirective.run

    def run(self: Any) -> Any:
        env = getattr(self.document.settings, "env", None)
        root = confining_root(env) if env is not None else None
        reference = self.arguments[0] if self.arguments else ""
        if (env is not None and root is not None and not reference.startswith("<")
                and is_outside(root, _sphinx_path(env, reference))):
            refuse("include:", reference, (env.docname, self.lineno))
            return []
        return original(self)

    run.docblog_confined = True  # type: ignore[attr-defined]
    MockIncludeDirective.run = run  # type: ignore[method-assign]


# --- files Sphinx copies after reading ------------------------------------------------------


def drop_outside_files(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, before Sphinx's image and download collectors: images and downloads
    of a confined document that point outside the root are replaced by their text."""
    env = app.env
    root = confining_root(env)
    if root is None:
        return
    images, downloads = _files_named(doctree)
    for image in images:
        uri = image.get("uri", "")
        if not uri or uri.startswith("data:") or _REMOTE.match(uri):
            continue
        if is_outside(root, _sphinx_path(env, uri)):
            refuse("image", uri, image)
            alt = image.get("alt", "")
            target = image.parent if isinstance(image.parent, nodes.reference) else image
            target.replace_self(nodes.inline(alt, alt) if alt else nodes.inline())
    for download in downloads:
        target = download.get("reftarget", "")
        if target and not _REMOTE.match(target) and is_outside(root, _sphinx_path(env, target)):
            refuse("download", target, download)
            download.replace_self(nodes.inline(download.astext(), download.astext()))


def _files_named(doctree: nodes.Node) -> tuple[list[nodes.image], list[addnodes.download_reference]]:
    """The images and the downloads of a doctree, in document order, from one walk with its
    own stack and no call per node: each node's class is asked what it is once per class
    (:data:`_FILE_KINDS`). (Two ``findall`` walks were a quarter of a millisecond per
    document, and every confined document is walked; ``isinstance`` twice and the stack's
    ``pop``/``extend`` per node made 1,000 of the benchmark's doctrees cost 0.21 s under the
    profiler, 0.10 s now, and 0.085 s without it, 0.077 s now.)"""
    images: list[nodes.image] = []
    downloads: list[addnodes.download_reference] = []
    kinds = _FILE_KINDS
    stack = [doctree]
    while stack:
        node = stack[-1]
        del stack[-1]
        try:
            kind = kinds[node.__class__]
        except KeyError:
            kind = kinds[node.__class__] = _file_kind(node.__class__)
        if kind == _IMAGE:
            images.append(node)  # type: ignore[arg-type]
        elif kind == _DOWNLOAD:
            downloads.append(node)  # type: ignore[arg-type]
        children = node.children
        if children:
            stack += children[::-1]
    return images, downloads


_OTHER, _IMAGE, _DOWNLOAD = 0, 1, 2
#: A node class → :data:`_IMAGE`, :data:`_DOWNLOAD` or :data:`_OTHER`.
_FILE_KINDS: dict[type, int] = {}


def _file_kind(cls: type) -> int:
    if issubclass(cls, nodes.image):
        return _IMAGE
    return _DOWNLOAD if issubclass(cls, addnodes.download_reference) else _OTHER


def drop_outside_card_image(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``, after docblog reads the post: a front-matter ``image`` outside the
    root (through a symlink, say) is left out of the post's record, so it is never copied."""
    import dataclasses

    from .images import output_path
    from .posts import get_domain

    env = app.env
    posts = get_domain(env).posts
    post = posts.get(env.docname)
    root = confining_root(env)
    if post is None or root is None:
        return
    path = output_path(post)
    if path and not path.startswith("_images/") and is_outside(root, Path(app.srcdir, path)):
        refuse("image", post.image, (env.docname, post.line("image")))
        posts[env.docname] = dataclasses.replace(post, image="")


def setup(app: Sphinx) -> None:
    guard_directives(app)
    # After docblog keeps the front matter (priority 500), before the document is parsed.
    app.connect("source-read", mark_document, priority=600)
    # Before Sphinx's ImageCollector and DownloadFileCollector (priority 500) note the files.
    app.connect("doctree-read", drop_outside_files, priority=400)
    # After docblog.reading.read_post (priority 600) has made the post's record.
    app.connect("doctree-read", drop_outside_card_image, priority=640)
