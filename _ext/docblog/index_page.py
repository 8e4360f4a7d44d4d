"""A site's own page at ``blog_path`` becomes the blog index, as with ABlog.

ABlog writes its listing of all posts at ``blog_path`` whatever is there, so ABlog sites
keep a placeholder document at that address (often a ``blog.rst`` holding only a title,
listed in a toctree so the navigation links to it). docblog keeps the document — its
title, its place in the toctree and the navigation the site built — and shows the index's
first page as its body, with the document's title as the heading. Pages 2, 3, … are
generated as usual. ``docblog_index_document_body = True`` keeps the document's own body
above the cards, for sites that want their own text there.

The document shows the index's first page, so :func:`docblog.staleness.outdated_index` marks it for rewriting
when that page's fingerprint changed (and only then: Sphinx also rewrites the pages whose
toctree lists it).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx

from .build_state import is_html_builder
from .collection import Blog
from .config import get_config
from .fingerprints import stable_hash

if TYPE_CHECKING:
    from .pages import GeneratedPage, PageWriter

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
    first_page = first_index_page(writer)
    listing = writer.render(first_page)
    if get_config(app).index_document_body:
        # The document's own text (without its title, which the listing shows) above the cards.
        own = _FIRST_HEADING.sub("", str(context.get("body", "")), count=1)
        listing = listing.replace("</h1>", "</h1>\n" + own, 1)
    context["body"] = listing
    context["metatags"] = str(context.get("metatags", "") or "") + writer.head(first_page)
    context["docblog_page"] = True
    context["display_toc"] = False


def first_index_page(writer: PageWriter) -> GeneratedPage:
    return next(iter(writer.listing_pages(next(iter(writer.listings())))))


def first_page_fingerprint(app: Sphinx, blog: Blog) -> str:
    """The fingerprint of what the index's first page receives in ``blog``."""
    from .pages import PageWriter

    writer = PageWriter(app, blog)
    page = first_index_page(writer)
    return stable_hash(page.context, page.head)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", show_index, priority=450)
