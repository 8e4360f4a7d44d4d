"""ABlog's cross-references: ``:ref:`my-post``` to a post by its file name, and ABlog's
archive names (``blog-posts``, ``tag-sphinx``, ``archive-2024``…) to docblog's pages."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from .ablog_context import CATALOGS
from .build_state import get_build, is_html_builder
from .collection import get_blog
from .posts import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def post_label(docname: str) -> str:
    """ABlog's label of a post: its file name, or its folder's for an ``index`` file."""
    folder, label = posixpath.split(docname)
    if label == "index":
        label = posixpath.basename(folder)
    return label


def register_post_label(app: Sphinx, doctree: Any) -> None:
    """``doctree-read`` (after docblog reads the post): ``:ref:`my-post``` links to the post,
    as with ABlog. Kept in the standard domain's labels, which Sphinx clears and merges per
    document, so incremental and parallel builds stay correct; a label the site defined
    itself wins."""
    env = app.env
    post = get_domain(env).posts.get(env.docname)
    if post is None:
        return
    label = post_label(env.docname)
    std = env.domains["std"]
    if label and label not in std.labels:
        # No anchor: the link opens the post's page (ABlog's "#<label>" names no element).
        std.labels[label] = (env.docname, "", post.title)
        std.anonlabels[label] = (env.docname, "")


def references(app: Sphinx) -> dict[str, tuple[str, str]]:
    """ABlog's reference names → (page, title): ``blog-posts``, ``tag-sphinx``, ``archive-2024``…"""
    build = get_build(app)
    if build.ablog_references is not None:
        return build.ablog_references
    blog = get_blog(app)
    from .slugs import ablog_slugify

    blog_path = blog.blog_path
    found: dict[str, tuple[str, str]] = {
        "blog-posts": (blog_path, "Posts"),
        "blog-drafts": (f"{blog_path}/drafts", "Drafts"),
        "blog-feed": (f"{blog_path}/atom.xml", f"{blog.title} Feed"),
        "blog-archives": (f"{blog_path}/archive", "Archives"),
        "blog-tags": (f"{blog_path}/tag", "Tags"),
        "blog-authors": (f"{blog_path}/author", "Authors"),
        "blog-locations": (f"{blog_path}/location", "Locations"),
        "blog-languages": (f"{blog_path}/language", "Languages"),
        "blog-categories": (f"{blog_path}/category", "Categories"),
    }
    for post in blog.records.values():
        for kind in CATALOGS.values():
            for label in blog.names_of(post, kind):
                term = blog.term(kind, label)
                if term is not None and term.posts:
                    found.setdefault(f"{kind}-{ablog_slugify(label)}", (term.pagename, term.name))
    for year in blog.years:
        found[f"archive-{year}"] = (blog.year_pagename(year), str(year))
    build.ablog_references = found
    return found


def resolve_reference(app: Sphinx, env: BuildEnvironment, node: Any, contnode: Any) -> Any:
    """``missing-reference``: ABlog's archive references (``:ref:`blog-archives```,
    ``:ref:`tag-sphinx```…) link to docblog's pages, as ABlog's links to its own."""
    from docutils import nodes
    from sphinx.util.osutil import relative_uri

    if node.get("refdomain") != "std" or node.get("reftype") not in ("ref", "any"):
        return None
    target = node.get("reftarget", "")
    found = references(app).get(target)
    if found is None:
        return None
    page, title = found
    refdoc = node.get("refdoc", env.docname)
    if page.endswith(".xml"):
        if is_html_builder(app):
            uri = relative_uri(app.builder.get_target_uri(refdoc), page)
        else:
            uri = app.config.blog_baseurl.rstrip("/") + "/" + page
    elif is_html_builder(app):
        uri = app.builder.get_relative_uri(refdoc, page)
    else:
        return None
    reference = nodes.reference("", "", internal=not page.endswith(".xml"), refuri=uri, reftitle=title)
    if node.get("refexplicit"):
        reference += contnode
    else:
        reference += nodes.emphasis(title, title)
    return reference


def setup(app: Sphinx) -> None:
    # After docblog reads the post (docblog.posts.read_post, priority 600).
    app.connect("doctree-read", register_post_label, priority=650)
    app.connect("missing-reference", resolve_reference)
