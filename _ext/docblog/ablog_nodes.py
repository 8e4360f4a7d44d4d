"""ABlog's ``post`` directive nodes in a docblog build.

ABlog's ``post`` nodes have no writer of their own: ABlog's reader replaces each with its
content; docblog does the same after reading the post's record from the first one. ABlog
also makes each further ``post`` directive in a document (one per section) a post of its
own; docblog reads one post per document, and names each further directive at its line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ablog.post import PostDirective, UpdateDirective
from docutils import nodes

from .diagnostics import Subtype, warn
from .post_reader import ancestors
from .posts import clean_text

if TYPE_CHECKING:
    from ablog.post import PostNode
    from sphinx.application import Sphinx

#: ``env.temp_data`` keys: the document being read has a ``post`` / ``update`` directive.
HAS_POST_DIRECTIVE = "docblog_has_post_directive"
HAS_UPDATE_DIRECTIVE = "docblog_has_update_directive"


class RecordingPost(PostDirective):
    """ABlog's ``post``, noting that the document has one: only such documents are searched
    for its nodes (the search was a walk of every document of the site)."""

    def run(self) -> list[Any]:
        self.state.document.settings.env.temp_data[HAS_POST_DIRECTIVE] = True
        return super().run()


class RecordingUpdate(UpdateDirective):
    """ABlog's ``update``, noting that the post has one (see :class:`RecordingPost`)."""

    def run(self) -> list[Any]:
        self.state.document.settings.env.temp_data[HAS_UPDATE_DIRECTIVE] = True
        return super().run()


def setup(app: Sphinx) -> None:
    # Over ABlog's own (docblog sets ABlog up first, so these registrations come last).
    app.add_directive("post", RecordingPost, override=True)
    app.add_directive("update", RecordingUpdate, override=True)


def unwrap_post_nodes(post_nodes: list[PostNode]) -> None:
    """ABlog's ``post`` nodes have no writer: keep their content in place, as ABlog does."""
    for node in post_nodes:
        if node.children and not node.get("exclude"):
            node.replace_self(node.children)
        else:
            node.parent.remove(node)



def report_further_post_directives(post_nodes: list[PostNode]) -> None:
    """A warning at each ``post`` directive after the first: no post is lost without a word."""
    for extra in post_nodes[1:]:
        section = next((a for a in ancestors(extra) if isinstance(a, nodes.section)), None)
        name = clean_text(section[0].astext()) if section is not None and section.children else ""
        warn(f"docblog reads one post per document, from its first 'post' directive; this one"
             f"{f' ({name!r})' if name else ''} is not listed separately. Move it to a document "
             "of its own to list it", Subtype.DIRECTIVE, extra)
