"""Reading posts in a build: the Sphinx events that turn documents into post records.

``source-read`` keeps each Markdown or notebook document's typed front matter (and names
bytes that are not UTF-8, on every page); ``doctree-read`` reads a post's record with
:class:`~docblog.post_reader.PostReader` and stores it in the domain. MyST's line-less
"Malformed YAML" is left out on posts only, where docblog names the line.
"""

from __future__ import annotations

import fnmatch
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes

from . import frontmatter
from .ablog_nodes import (
    HAS_POST_DIRECTIVE,
    HAS_UPDATE_DIRECTIVE,
    report_further_post_directives,
    unwrap_post_nodes,
)
from .config import get_config
from .diagnostics import Subtype, warn
from .post_reader import POST_KEYS, PostReader, check_encoding, truthy, whole_number
from .posts import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEMP_KEY = "docblog_front_matter"


def remember_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: keep the typed YAML of a Markdown document for ``doctree-read``.

    Front matter of a *post* that is not valid YAML is reported by docblog, with its line;
    MyST's own line-less "Malformed YAML" is then left out for that post only
    (:class:`MystYamlWarningOnPosts`). On other pages MyST reports it as without docblog.
    """
    _report_undecodable_bytes(app, docname, source[0])
    path = str(app.env.doc2path(docname))
    if path.endswith(".ipynb"):
        # The notebook's JSON: its metadata, or YAML atop its first Markdown cell (removed from
        # the cell before MyST-NB or nbsphinx reads the notebook from this source).
        parsed, rewritten = frontmatter.from_notebook(source[0], POST_KEYS)
        if rewritten is not None:
            source[0] = rewritten
    elif path.endswith(".md"):
        parsed = frontmatter.parse(source[0])
    else:
        return
    if parsed is None:
        return
    if parsed.problem and _matches_pattern(app, docname):
        warn(f"front matter is not valid YAML: {parsed.problem}", Subtype.FRONT_MATTER,
             (docname, parsed.problem_line))
    app.env.temp_data[TEMP_KEY] = parsed


class MystYamlWarningOnPosts(logging.Filter):
    """Leaves out MyST's "Malformed YAML" warning on posts, where docblog reports the same
    problem with its line (and reads values MyST's loader refuses, such as impossible dates,
    so that their own warning can name the line). Other documents keep MyST's warning.

    Installed first on Sphinx's warning handler, before Sphinx counts the warning."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "type", "") != "myst" or getattr(record, "subtype", "") != "topmatter":
            return True
        if not str(record.msg).startswith("Malformed YAML"):
            return True
        location = getattr(record, "location", None)
        docname = location[0] if isinstance(location, tuple) and location else location
        if not isinstance(docname, str):
            return True
        return not (docname in get_domain(self.app.env).posts or _matches_pattern(self.app, docname))


def leave_out_myst_yaml_warning_on_posts(app: Sphinx) -> None:
    """``builder-inited``: :class:`MystYamlWarningOnPosts` on Sphinx's warning handlers."""
    for handler in logging.getLogger("sphinx").handlers:
        if type(handler).__name__ == "WarningStreamHandler" and not any(
                isinstance(f, MystYamlWarningOnPosts) for f in handler.filters):
            handler.filters.insert(0, MystYamlWarningOnPosts(app))


def _report_undecodable_bytes(app: Sphinx, docname: str, text: str) -> None:
    """docblog reads sources with a tolerant UTF-8 codec (:mod:`docblog.encoding`), so bytes
    that are not UTF-8 become U+FFFD instead of stopping the build; every document holding
    one — post or docs page — gets a warning naming the line, never a silent replacement."""
    if "\ufffd" not in text:
        return
    try:
        raw = Path(app.env.doc2path(docname)).read_bytes()
    except OSError:
        return
    check_encoding(raw, docname)


def _matches_pattern(app: Sphinx, docname: str) -> bool:
    if docname in getattr(app.config, "matched_blog_posts", ()):
        return True
    source = os.path.relpath(app.env.doc2path(docname), app.srcdir).replace(os.sep, "/")
    for pattern in app.config.blog_post_pattern:
        if fnmatch.fnmatch(docname, pattern) or fnmatch.fnmatch(source, pattern):
            return True
        if fnmatch.fnmatch(docname, os.path.splitext(pattern)[0]):
            return True
    return False


def read_post(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: record the document as a post if it is one."""
    from ablog.post import PostNode

    env = app.env
    fm: frontmatter.FrontMatter | None = env.temp_data.pop(TEMP_KEY, None)
    post_nodes = list(doctree.findall(PostNode)) if env.temp_data.pop(HAS_POST_DIRECTIVE, False) else []
    has_updates = bool(env.temp_data.pop(HAS_UPDATE_DIRECTIVE, False))
    is_post = (
        bool(post_nodes)
        or _matches_pattern(app, env.docname)
        or truthy(env.metadata.get(env.docname, {}).get("blogpost", False))
        or bool(fm and truthy(fm.data.get("blogpost", False)))
    )
    if not is_post:
        return
    config = get_config(app)
    post = PostReader(
        config, env.docname, fm,
        author_labels=frozenset(config.authors) | frozenset(app.config.blog_authors or {}),
        post_date_format=app.config.post_date_format,
        metadata=env.metadata.get(env.docname, {}),
        doctree=doctree,
        has_updates=has_updates,
        auto_excerpt=whole_number(app.config.post_auto_excerpt, 1),
        auto_image=whole_number(app.config.post_auto_image, 0),
        image_names=lambda uri: env.images[uri][1] if uri in env.images else None,
    ).read(post_nodes)
    report_further_post_directives(post_nodes)
    unwrap_post_nodes(post_nodes)
    if app.config.post_auto_orphan:
        # Posts are reached from the blog's listings, not the toctree: one "Blog" entry in
        # the navigation instead of one per post (and no "not in any toctree" warning).
        env.metadata[env.docname]["orphan"] = True
    get_domain(env).posts[env.docname] = post


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", leave_out_myst_yaml_warning_on_posts)
    app.connect("source-read", remember_front_matter)
    # After Sphinx's collectors (priority 500): titles are known and docinfo is removed.
    app.connect("doctree-read", read_post, priority=600)
