"""Atom feeds for the blog and each category, written with feedgen when they changed.

Entries carry the title, link, summary, every author and category, and the published and
updated timestamps in UTC. Each post's entry data is computed once per build and reused by
every feed it appears in (ABlog re-renders the post's HTML once per feed).
"""

from __future__ import annotations

import os
import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from . import __version__
from .collection import Blog, get_blog
from .diagnostics import Subtype, warn
from .fingerprints import digest, get_store
from .posts import Post

_ = get_translation("docblog")
FEED_FILE = "atom.xml"
# XML 1.0 forbids most control characters; a post author's text must not break the feed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def enabled(app: Sphinx) -> bool:
    return bool(app.config.blog_baseurl)


def feed_path(feed_pagename: str) -> str:
    """Output path of a listing's feed, relative to the output folder: ``blog/atom.xml``."""
    return f"{feed_pagename}/{FEED_FILE}"


def relative_feed_url(app: Sphinx, from_page: str, feed_pagename: str) -> str:
    return relative_uri(app.builder.get_target_uri(from_page), feed_path(feed_pagename))


def absolute_url(app: Sphinx, path: str) -> str:
    return app.config.blog_baseurl.rstrip("/") + "/" + path.lstrip("/")


def _entry_data(app: Sphinx, blog: Blog, post: Post) -> dict[str, Any]:
    url = absolute_url(app, app.builder.get_target_uri(post.docname))
    return {
        "id": url,
        "url": url,
        "title": clean(post.title),
        "summary": clean(post.summary),
        "authors": [clean(a.name) for a in blog.terms_of(post, "author")],
        "categories": [(t.slug, clean(t.name)) for t in blog.terms_of(post, "category")],
        "tags": [(t.slug, clean(t.name)) for t in blog.terms_of(post, "tag")],
        "published": post.date,
        "updated": post.updated or post.date,
    }


def _write_feed(app: Sphinx, path: str, title: str, feed_pagename: str,
                entries: list[dict[str, Any]]) -> None:
    from feedgen.feed import FeedGenerator  # imported only when a feed is written (lxml is slow to load)

    feed = FeedGenerator()
    feed_url = absolute_url(app, feed_path(feed_pagename))
    feed.id(feed_url)
    feed.title(clean(title))
    feed.link(href=absolute_url(app, app.builder.get_target_uri(feed_pagename)), rel="alternate")
    feed.link(href=feed_url, rel="self")
    if app.config.blog_feed_subtitle:
        feed.subtitle(clean(str(app.config.blog_feed_subtitle)))
    feed.language(app.config.language or "en")
    feed.generator("docblog", __version__)
    newest = max((e["updated"] for e in entries), default=None)
    if newest is not None:
        feed.updated(newest)
    for data in entries:
        entry = feed.add_entry(order="append")
        entry.id(data["id"])
        entry.title(data["title"] or data["url"])
        entry.link(href=data["url"], rel="alternate")
        if data["summary"]:
            entry.summary(data["summary"])
        for name in data["authors"]:
            entry.author({"name": name})
        for slug, name in data["categories"] + data["tags"]:
            entry.category({"term": slug, "label": name})
        entry.published(data["published"])
        entry.updated(data["updated"])
    os.makedirs(os.path.dirname(path), exist_ok=True)
    feed.atom_file(path, pretty=True)


def write_feeds(app: Sphinx) -> None:
    if not enabled(app):
        if get_blog(app).records:
            warn("blog_baseurl is not set, so no Atom feeds are written "
                 "(set it to the site's public address, e.g. 'https://example.org/')",
                 Subtype.FEED)
        return
    blog = get_blog(app)
    store = get_store(app)
    length = app.config.blog_feed_length
    limit = length if isinstance(length, int) and length > 0 else None
    entry_cache: dict[str, dict[str, Any]] = {}

    def entries(chosen: list[Post]) -> list[dict[str, Any]]:
        for post in chosen:
            if post.docname not in entry_cache:
                entry_cache[post.docname] = _entry_data(app, blog, post)
        return [entry_cache[p.docname] for p in chosen]

    feeds = [(blog.blog_path, blog.title, blog.published)]
    for term in blog.terms["category"].values():
        if any(not blog.is_unpublished(p) for p in term.posts):
            feeds.append((term.pagename, f"{blog.title}: {term.name}", term.posts))
    settings = (app.config.blog_baseurl, app.config.blog_feed_subtitle, app.config.language,
                app.builder.name, __version__)
    for feed_pagename, title, posts in feeds:
        chosen = [p for p in posts if not blog.is_unpublished(p)][:limit]
        path = os.path.join(app.outdir, *feed_path(feed_pagename).split("/"))
        # Fingerprinted on the records shown, so an unchanged feed costs no entry rendering.
        fingerprint = digest(repr(settings), title, repr([blog.card_key(p) for p in chosen]))
        if store.is_current(path, fingerprint):
            continue
        _write_feed(app, path, title, feed_pagename, entries(chosen))
