"""What search engines read: schema.org data (JSON-LD) and ``<meta name="description">``.

* Each post page: a ``BlogPosting`` (headline, description, dates published and modified in
  UTC, authors as ``Person`` with their links, image, canonical URL, language).
* Each listing page: the blog's index a ``Blog``, the others a ``CollectionPage``, each with
  the posts it lists (``blogPost`` / ``hasPart``), and a ``<meta name="description">``: the
  listing's own description, else the blog's subtitle (``blog_feed_subtitle``) on the index,
  else the page's heading and count line, in the site's language.

The data sit in ``<head>``, which Sphinx does not index for search. Every value is author
text or a URL written with :func:`json.dumps`, with ``<``, ``>`` and ``&`` escaped so that no
value can close the ``<script>`` element.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from .feeds import absolute_url, rfc3339
from .i18n import language_tag
from .views import target_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from .views import PostView

SCHEMA = "https://schema.org"


def script(data: dict[str, Any]) -> str:
    """``<script type="application/ld+json">`` holding ``data``, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def description(text: str) -> str:
    # (escape, not Markup.format: its formatter costs four times as much, on every page)
    return f'<meta name="description" content="{escape(text)}">' if text else ""


def absolute(app: Sphinx, page: str) -> str:
    """The page's public address (``blog_baseurl``), or "" without one."""
    return absolute_url(app, target_uri(app, page)) if app.config.blog_baseurl else ""


def brief(app: Sphinx, view: PostView) -> dict[str, Any]:
    """A post as a listing's entry: the same on every listing, so made once per view (kept
    with the view, read-only)."""
    made: dict[str, Any] | None = view.__dict__.get("_brief")  # not a field
    if made is not None:
        return made
    entry: dict[str, Any] = {"@type": "BlogPosting", "headline": view.title}
    url = absolute(app, view.docname)
    if url:
        entry["url"] = url
    if view.date:
        entry["datePublished"] = rfc3339(view.date)
    view.__dict__["_brief"] = entry
    return entry


def post(app: Sphinx, view: PostView, image_url: str = "") -> dict[str, Any]:
    """A post page's ``BlogPosting``."""
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "BlogPosting", "headline": view.title,
                            "inLanguage": view.language or language_tag(app.config.language)}
    if view.summary:
        data["description"] = view.summary
    if view.date:
        data["datePublished"] = rfc3339(view.date)
        data["dateModified"] = rfc3339(view.updated or view.date)
    authors = []
    for term in view.terms_of("author", listed_only=False):
        person: dict[str, Any] = {"@type": "Person", "name": term.name}
        links = [href for _label, href in term.links] or ([term.link] if term.link else [])
        if links:
            person["url"] = links[0]
            if len(links) > 1:
                person["sameAs"] = links[1:]
        authors.append(person)
    if authors:
        data["author"] = authors
    if image_url:
        data["image"] = image_url
    url = absolute(app, view.docname)
    if url:
        data["url"] = data["mainEntityOfPage"] = url
    return data


@dataclass(frozen=True)
class ListingData:
    """A listing page's schema.org data as planned: its fingerprint is its fields (the posts'
    by their views'), and the JSON is made only when the page is rendered."""

    heading: str
    views: tuple[PostView, ...]
    is_index: bool = False

    def materialize(self, app: Sphinx, pagename: str) -> str:
        entries = [brief(app, view) for view in self.views]
        return script(listing(app, pagename, self.heading, entries, is_index=self.is_index))


def listing(app: Sphinx, pagename: str, heading: str, entries: list[dict[str, Any]], *,
            is_index: bool) -> dict[str, Any]:
    """A listing page's ``Blog`` (the index) or ``CollectionPage``, with its posts' entries
    (:func:`brief`)."""
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "Blog" if is_index else "CollectionPage",
                            "name": heading, "inLanguage": language_tag(app.config.language)}
    url = absolute(app, pagename)
    if url:
        data["url"] = url
    data["blogPost" if is_index else "hasPart"] = entries
    return data
