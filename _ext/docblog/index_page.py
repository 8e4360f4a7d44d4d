"""A site's own page at ``blog_path`` becomes the blog index, as with ABlog.

ABlog writes its listing of all posts at ``blog_path`` whatever is there, so ABlog sites
keep a placeholder document at that address (often a ``blog.rst`` holding only a title,
listed in a toctree so the navigation links to it). docblog keeps the document — its
title, its place in the toctree and the navigation the site built — and shows the index's
first page as its body, with the document's title as the heading. Pages 2, 3, … are
generated as usual. ``docblog_index_document_body = True`` keeps the document's own body
above the cards, for sites that want their own text there.

The document shows the index's first page, so :func:`docblog.staleness.outdated_index` marks it for rewriting
when what that page shows changed (and only then: Sphinx also rewrites the pages whose
toctree lists it).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

from .build_state import is_html_builder
from .collection import Blog
from .config import get_config
from .views import card_key

_FIRST_HEADING = re.compile(r"<h1>.*?</h1>", re.DOTALL)


def is_index_document(app: Sphinx, pagename: str) -> bool:
    return pagename == app.config.blog_path and pagename in app.env.found_docs


def show_index(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
               doctree: Any) -> None:
    """``html-page-context`` of the site's page at ``blog_path``: its body is the index."""
    from .pages import PageWriter

    if not is_html_builder(app) or doctree is None or not is_index_document(app, pagename):
        return
    writer = PageWriter(app)
    index = next(iter(writer.listings()))
    first_page = next(iter(writer.listing_pages(index)))
    listing = first_page.render()
    if get_config(app).index_document_body:
        # The document's own text (without its title, which the listing shows) above the cards.
        own = _FIRST_HEADING.sub("", str(context.get("body", "")), count=1)
        listing = listing.replace("</h1>", "</h1>\n" + own, 1)
    context["body"] = listing
    head = first_page.head() if callable(first_page.head) else first_page.head
    context["metatags"] = str(context.get("metatags", "") or "") + head
    context["docblog_page"] = True
    context["display_toc"] = False


def first_page_key(app: Sphinx, blog: Blog) -> tuple[Any, ...]:
    """What the index's first page shows: count, category chips and the first cards."""
    shown = blog.index_posts[:blog.config.posts_per_page]
    chips = tuple((t.name, t.slug, len(t.posts)) for t in blog.terms["category"].values() if t.posts)
    return len(blog.listed), chips, tuple((card_key(app, blog, p), p.pin) for p in shown)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", show_index, priority=450)
