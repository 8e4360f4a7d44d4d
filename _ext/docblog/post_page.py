"""Each post's own page: a meta line, authors, tags, "Updated …", previous/next post links
(unless ABlog's ``post_show_prev_next`` is False),
``<meta name="description">`` and the feed link.

The header and footer are added when the doctree is resolved for writing, not when it is
read, so when a neighbour's title changes only the pages that show it are rewritten (listed
by :func:`outdated_neighbours`), without reading them again.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import feeds
from .build_state import get_build, is_html_builder
from .collection import get_blog
from .posts import Post, get_domain
from .rendering import get_renderer
from .views import post_view, relative_url


def add_header_and_footer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``."""
    if not is_html_builder(app):
        return
    blog = get_blog(app)
    post = blog.records.get(docname)
    if post is None:
        return
    renderer = get_renderer(app)
    view = post_view(app, blog, post, docname)
    header = nodes.raw("", renderer.render("post_header.html", post=view), format="html")
    # ABlog's post_show_prev_next = False hides the links to the neighbouring posts.
    older, newer = blog.neighbours(docname) if app.config.post_show_prev_next else (None, None)
    footer = nodes.raw("", renderer.render(
        "post_footer.html",
        post=view,
        older={"title": older.title, "url": relative_url(app, docname, older.docname)} if older else None,
        newer={"title": newer.title, "url": relative_url(app, docname, newer.docname)} if newer else None,
        index_url=relative_url(app, docname, blog.blog_path),
    ), format="html")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, header)
        section.append(footer)
    else:
        doctree.insert(0, header)
        doctree.append(footer)


def add_head_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.Node | None) -> None:
    """``html-page-context``: description, OpenGraph tags and feed link in a post's ``<head>``.

    OpenGraph: ``og:title``, ``og:description`` (the summary), ``og:type`` = ``article``,
    ``og:site_name``, ``article:published_time`` and ``article:modified_time`` (UTC),
    ``og:url`` when ``blog_baseurl`` is set, and ``og:image`` for a post's ``image`` (made
    absolute with ``blog_baseurl``). Every value is escaped by markupsafe. A tag already in
    the page (written by another extension) is not written twice; when sphinxext-opengraph is
    loaded after docblog, it writes the ``og:`` tags and docblog hands it the post's values.
    """
    import datetime as dt
    import posixpath
    import re
    from urllib.parse import quote

    if not is_html_builder(app) or doctree is None:
        return
    blog = get_blog(app)
    post = blog.records.get(pagename)
    if post is None:
        return
    existing = str(context.get("metatags", "") or "")
    present = set(re.findall(r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']([^"']+)["']""",
                             existing))

    def utc(value: Any) -> str:
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    image_url = ""
    if post.image:
        if re.match(r"^https?://", post.image, re.IGNORECASE):
            image_url = post.image
        elif feeds.enabled(app):
            # "/x.png" is relative to the site's root, "x.png" to the post's source folder.
            folder = posixpath.dirname(pagename)
            path = (post.image.lstrip("/") if post.image.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, post.image)))
            if path and not path.startswith(".."):
                image_url = feeds.absolute_url(app, quote(path, safe="/%:@!$&'()*+,;=~"))
    opengraph = {
        "og:title": post.title,
        "og:type": "article",
        "og:description": post.summary,
        "og:site_name": app.config.project,
        "og:url": feeds.absolute_url(app, app.builder.get_target_uri(pagename))
        if feeds.enabled(app) else "",
        "og:image": image_url,
    }
    if "sphinxext.opengraph" in app.extensions and "og:title" not in present:
        # sphinxext-opengraph runs next and writes og:title, og:url, og:site_name, …; it takes
        # per-page values from the page's metadata ("meta"), so it gets the post's from here.
        handed = {k: v for k, v in opengraph.items()
                  if k in ("og:type", "og:description", "og:image") and v}
        context["meta"] = {**(context.get("meta") or {}), **handed}
        opengraph = {}
    article = {
        "article:published_time": utc(post.date) if post.date else "",
        "article:modified_time": utc(post.updated) if post.updated else "",
    }
    tags = []
    if post.summary and "description" not in present:
        tags.append(Markup('<meta name="description" content="{}">').format(post.summary))
    for key, value in {**opengraph, **article}.items():
        if value and key not in present:
            tags.append(Markup('<meta property="{}" content="{}">').format(key, value))
    if feeds.enabled(app):
        tags.append(Markup('<link rel="alternate" type="application/atom+xml" title="{}" href="{}">')
                    .format(blog.title, feeds.relative_feed_url(app, pagename, blog.blog_path)))
    context["metatags"] = existing + "\n".join(str(t) for t in tags)


# --- incremental builds -----------------------------------------------------------------------


def _neighbour_titles(blog_records: dict[str, Post], listed: list[Post]) -> dict[str, tuple[Any, ...]]:
    titles = {}
    for index, post in enumerate(listed):
        older = listed[index + 1] if index + 1 < len(listed) else None
        newer = listed[index - 1] if index > 0 else None
        titles[post.docname] = tuple(
            (p.docname, p.title) if p else None for p in (older, newer)
        )
    return titles


def remember_records(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: keep the records as they were before this build reads anything."""
    get_build(app).previous_records = dict(get_domain(env).posts)
    return []


def outdated_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: posts whose previous/next links changed, and pages embedding lists."""
    before = get_build(app).previous_records
    after = get_domain(env).posts
    if before is None or before == after:
        return []
    if not app.config.post_show_prev_next:  # no neighbour links on the pages to keep current
        return sorted(get_domain(env).embeds)
    new_blog = get_blog(app)  # built from the records just read; reused for writing
    old_listed = new_blog.listed_of(before)
    old_titles = _neighbour_titles(before, old_listed)
    new_titles = _neighbour_titles(after, new_blog.listed)
    stale = {doc for doc in set(old_titles) | set(new_titles)
             if old_titles.get(doc) != new_titles.get(doc) and doc in env.found_docs}
    stale |= get_domain(env).embeds
    return sorted(stale)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_header_and_footer)
    app.connect("html-page-context", add_head_tags)
    app.connect("env-get-outdated", remember_records)
    app.connect("env-get-updated", outdated_neighbours)
