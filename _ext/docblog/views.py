"""What a template sees of a post: plain dicts with display strings and page-relative URLs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from . import images
from .build_state import get_build
from .collection import Blog, Term
from .posts import Post
from .rendering import Renderer


def target_uri(app: Sphinx, page: str) -> str:
    """The builder's URI of a page, remembered for the build (listings ask for each many times)."""
    cache = get_build(app).target_uris
    if page not in cache:
        cache[page] = app.builder.get_target_uri(page)
    return cache[page]


def relative_url(app: Sphinx, from_page: str, to_page: str) -> str:
    """What ``builder.get_relative_uri`` gives, from remembered target URIs."""
    target = target_uri(app, to_page)
    url = relative_uri(target_uri(app, from_page), target)
    if url:
        return url
    # A link to the page itself: Sphinx gives "", which is not a usable href.
    return target.rsplit("/", 1)[-1] or "./"


def term_link(app: Sphinx, term: Term, from_page: str) -> dict[str, str]:
    return {"name": term.name, "slug": term.slug, "url": relative_url(app, from_page, term.pagename)}


def linked_terms(app: Sphinx, blog: Blog, post: Post, kind: str, from_page: str) -> list[dict[str, str]]:
    """The post's terms that have a page (a term only drafts use has none while drafts are hidden)."""
    return [term_link(app, t, from_page) for t in blog.terms_of(post, kind) if t.posts]


def local_date(blog: Blog, value: dt.datetime) -> dt.datetime:
    return value.astimezone(blog.config.zone)


def image_url(app: Sphinx, post: Post, from_page: str) -> str:
    """Page-relative URL of the post's image when it is in the output, else ""."""
    path = images.output_path(post)
    if not path:
        return ""
    cache = get_build(app).image_exists
    if path not in cache:
        # Sphinx copies the images a body shows to _images/; docblog copies the others.
        cache[path] = path.startswith("_images/") or (Path(app.srcdir) / path).is_file()
    if not cache[path]:
        return ""
    return relative_uri(target_uri(app, from_page), path)


def post_view(app: Sphinx, blog: Blog, renderer: Renderer, post: Post, from_page: str) -> dict[str, Any]:
    fmt = blog.config.date_format
    view: dict[str, Any] = {
        "docname": post.docname,
        "title": post.title,
        "url": relative_url(app, from_page, post.docname),
        "summary": post.summary,
        "image_url": image_url(app, post, from_page),
        "minutes": blog.minutes(post),
        "draft": blog.is_unpublished(post),
        "date_iso": "",
        "date_display": "",
        "updated_iso": "",
        "updated_display": "",
        "categories": linked_terms(app, blog, post, "category", from_page),
        "category_slugs": [t.slug for t in blog.terms_of(post, "category")],
        "tags": linked_terms(app, blog, post, "tag", from_page),
        "authors": linked_terms(app, blog, post, "author", from_page),
    }
    if post.date:
        date = local_date(blog, post.date)
        view["date_iso"] = date.isoformat()
        view["date_display"] = renderer.date(date, fmt)
    if post.updated:
        updated = local_date(blog, post.updated)
        view["updated_iso"] = updated.isoformat()
        view["updated_display"] = renderer.date(updated, fmt)
    return view
