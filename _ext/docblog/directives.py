"""Showing posts anywhere in the docs: ``docblog-posts``, and ABlog's ``postlist``.

Both are placeholders at read time; the lists are filled in when the page is written
(``doctree-resolved``) from the current records, and every document that holds one is
rewritten when the posts change (:func:`docblog.post_page.outdated_neighbours`).
"""

from __future__ import annotations

from typing import Any

from ablog.post import PostList
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .collection import Blog, get_blog
from .diagnostics import Subtype, warn
from .pages import is_html_builder
from .posts import Post, get_domain
from .rendering import get_renderer
from .slugs import name_key
from .views import post_view

_ = get_translation("docblog")


class posts_placeholder(nodes.General, nodes.Element):
    """Where a ``docblog-posts`` list goes."""


def _names(argument: str) -> list[str]:
    return [n.strip() for n in (argument or "").split(",") if n.strip()]


def _style(argument: str) -> str:
    return directives.choice(argument, ("cards", "list"))


class PostsDirective(SphinxDirective):
    """``{docblog-posts}``: the latest posts, optionally of a category, tag or author."""

    has_content = False
    option_spec = {
        "limit": directives.positive_int,
        "category": _names,
        "tag": _names,
        "author": _names,
        "style": _style,
    }

    def run(self) -> list[nodes.Node]:
        node = posts_placeholder()
        self.set_source_info(node)
        node["limit"] = self.options.get("limit")
        node["category"] = self.options.get("category", [])
        node["tags"] = self.options.get("tag", [])
        node["author"] = self.options.get("author", [])
        node["style"] = self.options.get("style", "cards")
        get_domain(self.env).embeds.add(self.env.docname)
        return [node]


def remember_postlists(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: ABlog's ``postlist`` placeholders also make their page an embedder."""
    if any(True for _node in doctree.findall(PostList)):
        get_domain(app.env).embeds.add(app.env.docname)


def _select(blog: Blog, node: nodes.Element) -> list[Post]:
    wanted = {
        "category": {name_key(n) for n in node.get("category", [])},
        "tag": {name_key(n) for n in node.get("tags", [])},
        "author": {name_key(n) for n in node.get("author", [])},
    }
    chosen = []
    for post in blog.listed:
        if all(
            not names or names & {name_key(t.name) for t in blog.terms_of(post, kind)}
            for kind, names in wanted.items()
        ):
            chosen.append(post)
    limit = node.get("limit") or node.get("length")
    return chosen[:limit] if limit else chosen


def _link_list(app: Sphinx, blog: Blog, posts: list[Post], docname: str,
               date_format: str | None = None) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["docblog-post-list"])
    renderer = get_renderer(app)
    for post in posts:
        paragraph = nodes.paragraph()
        if post.date:
            date = post.date.astimezone(blog.config.zone)
            fmt = date_format or blog.config.date_format
            paragraph += nodes.Text(renderer.date(date, fmt) + " – ")
        reference = nodes.reference("", post.title, internal=True,
                                    refuri=app.builder.get_relative_uri(docname, post.docname))
        paragraph += reference
        items += nodes.list_item("", paragraph)
    return items


def fill_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace placeholders with the current posts."""
    placeholders = list(doctree.findall(posts_placeholder)) + list(doctree.findall(PostList))
    if not placeholders:
        return
    blog = get_blog(app)
    for node in placeholders:
        posts = _select(blog, node)
        if not posts:
            warn("no published post matches this post list", Subtype.DIRECTIVE, node)
        if isinstance(node, posts_placeholder) and node["style"] == "cards" and is_html_builder(app):
            renderer = get_renderer(app)
            cards = [post_view(app, blog, renderer, p, docname) for p in posts]
            html = renderer.render("posts.html", cards=cards)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.replace_self(_link_list(app, blog, posts, docname, node.get("date")))


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(posts_placeholder, html=(_skip, None), latex=(_skip, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("docblog-posts", PostsDirective)
    app.connect("doctree-read", remember_postlists)
    app.connect("doctree-resolved", fill_lists)
