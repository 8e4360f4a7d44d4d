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
from .collection import Blog, changed_records, get_blog
from .posts import Post, get_domain
from .rendering import get_renderer
from .views import card_key, post_view, relative_url


def series_box(app: Sphinx, blog: Blog, post: Post, docname: str) -> dict[str, Any] | None:
    """The series box of ``post``'s page: name, page, part number and every part, in order."""
    series = blog.series_of(post)
    if series is None:
        return None
    return {
        "name": series.name,
        "url": relative_url(app, docname, series.pagename),
        "number": series.number(post),
        "total": len(series.parts),
        "parts": [{"title": part.title, "url": relative_url(app, docname, part.docname),
                   "current": part.docname == post.docname} for part in series.parts],
    }


class post_chrome(nodes.General, nodes.Element):  # noqa: N801 (docutils names its nodes so)
    """docblog's header or footer on a post's page, written as the HTML in ``html``.

    Not a ``raw`` node: Sphinx indexes the text of raw HTML for search, which would make
    every post match the titles and summaries of its related posts and neighbours, and the
    dates, "min read" and labels of its header. The search index keeps to what the author
    wrote, as without docblog (and indexing the cards' words cost a tenth of the full build's
    search-index time)."""


def visit_post_chrome(translator: Any, node: post_chrome) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


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
    header = post_chrome(html=renderer.render(
        "post_header.html", post=view, series=series_box(app, blog, post, docname),
    ))
    # ABlog's post_show_prev_next = False hides the links to the neighbouring posts.
    older, newer = blog.neighbours(docname) if app.config.post_show_prev_next else (None, None)
    footer = post_chrome(html=renderer.render(
        "post_footer.html",
        post=view,
        related=[post_view(app, blog, other, docname) for other in blog.related(post)],
        older={"title": older.title, "url": relative_url(app, docname, older.docname)} if older else None,
        newer={"title": newer.title, "url": relative_url(app, docname, newer.docname)} if newer else None,
        index_url=relative_url(app, docname, blog.blog_path),
    ))
    if app.config.blog_feed_fulltext and feeds.enabled(app):
        # What a full-text feed leaves out of the page's body (feeds.remember_fulltext).
        get_build(app).post_chrome[docname] = (header["html"], footer["html"])
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
    if post.unlisted and "robots" not in present:
        # Reachable by its address, but not for search engines to list.
        tags.append(Markup('<meta name="robots" content="noindex">'))
    if post.summary and "description" not in present:
        tags.append(Markup('<meta name="description" content="{}">').format(post.summary))
    for key, value in {**opengraph, **article}.items():
        if value and key not in present:
            tags.append(Markup('<meta property="{}" content="{}">').format(key, value))
    if feeds.enabled(app):
        tags.append(Markup(feeds.head_links(app, blog, pagename, blog.blog_path, blog.title)))
    context["metatags"] = existing + "\n".join(str(t) for t in tags)


def keep_out_of_sitemap(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: nodes.Node | None) -> None:
    """``html-page-context`` (before sphinx-sitemap's): an unlisted post's address joins
    ``sitemap_excludes``, the patterns sphinx-sitemap leaves out of ``sitemap.xml``."""
    import glob

    if not is_html_builder(app) or doctree is None:
        return
    excludes = getattr(app.config, "sitemap_excludes", None)
    post = get_domain(app.env).posts.get(pagename)
    if post is None or not post.unlisted or not isinstance(excludes, list):
        return
    link = glob.escape(app.builder.get_target_uri(pagename))
    if link not in excludes:
        excludes.append(link)


# --- incremental builds -----------------------------------------------------------------------


def shown_of_others(app: Sphinx, blog: Blog, post: Post,
                    records: dict[str, Post] | None = None) -> tuple[Any, ...]:
    """What a post's page shows of other posts: the previous/next links, the series box and
    the related posts. When it changes, the page is rewritten without being read again.

    ``records`` replaces the other posts' records by docname (their title, date, reading
    time) in a blog of the same shape: what the page showed before an edit that moved no post.
    """
    def record(other: Post) -> Post:
        return records.get(other.docname, other) if records is not None else other

    def brief(other: Post | None) -> tuple[Any, ...] | None:
        return (other.docname, record(other).title) if other is not None else None

    neighbours: tuple[Any, ...] = ()
    if app.config.post_show_prev_next:
        neighbours = tuple(brief(p) for p in blog.neighbours(post.docname))
    series = blog.series_of(post)
    series_key = (series.name, series.slug, tuple(brief(p) for p in series.parts)) if series else None
    related = tuple((p.docname, record(p).title, record(p).date, blog.minutes(record(p)))
                    for p in blog.related(post))
    # The post's own header as the blog shows it: its terms' pages (a term gains or loses its
    # page when another post is tagged or untagged) and their slugs.
    own = card_key(app, blog, post)
    return neighbours, series_key, related, own


def remember_records(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: keep the records as they were before this build reads anything."""
    get_build(app).previous_records = dict(get_domain(env).posts)
    return []


def _shown(blog: Blog, post: Post | None) -> tuple[Any, ...] | None:
    """What another post's page shows of ``post``."""
    return None if post is None else (post.title, post.date, blog.minutes(post))


def outdated_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: posts whose previous/next links, series box or related posts
    changed (:func:`shown_of_others`), and pages embedding lists.

    When a changed post moved (date, tags, categories, series, listed or not), every post's
    page is compared with what it showed in the blog as it was. Otherwise the blog has the
    same shape as before — order, series, related lists — and only the pages that can show a
    changed post are compared: its neighbours, the other parts of its series, the posts
    sharing a tag or category with it and the drafts and unlisted posts (whose pages show
    related posts too); and none when nothing other pages show of it (title, date, reading
    time) changed, as after most edits of a body. Then the blog as it was is not built at
    all: what a page showed before is what it shows now with the old records of the changed
    posts (a quarter of the blog-wide work of a body edit at 1,000 posts).
    """
    from .ablog_context import previous_blog

    found = changed_records(app)
    if found is None:
        return []
    before, after, changed = found
    new_blog = get_blog(app)  # built from the records just read; reused for writing
    if any(new_blog.placing(before.get(d)) != new_blog.placing(after.get(d)) for d in changed):
        old_blog = previous_blog(app)
        assert old_blog is not None
        stale = {docname for docname in after
                 if docname in env.found_docs and (
                     docname not in before
                     or shown_of_others(app, old_blog, before[docname])
                     != shown_of_others(app, new_blog, after[docname]))}
    else:
        candidates: set[str] = set()
        for docname in changed:
            if _shown(new_blog, before[docname]) == _shown(new_blog, after[docname]):
                continue
            post = after[docname]
            candidates.update(p.docname for p in new_blog.neighbours(docname) if p is not None)
            series = new_blog.series_of(post)
            if series is not None:
                candidates.update(p.docname for p in series.parts)
            if new_blog.config.related_posts:
                candidates |= new_blog.sharing(post)
                # Drafts and unlisted posts show related posts too (they are few).
                candidates.update(p.docname for p in (*new_blog.drafts, *new_blog.unlisted))
        # A changed post is read again, so its page is written anyway.
        stale = {docname for docname in candidates - changed
                 if docname in env.found_docs and docname in after
                 and shown_of_others(app, new_blog, after[docname], records=before)
                 != shown_of_others(app, new_blog, after[docname])}
    stale |= get_domain(env).embeds
    return sorted(stale)


def setup(app: Sphinx) -> None:
    # Added to doctrees for HTML builders only (never pickled), so only HTML writes them.
    app.add_node(post_chrome, html=(visit_post_chrome, None))
    app.connect("doctree-resolved", add_header_and_footer)
    app.connect("html-page-context", add_head_tags)
    app.connect("html-page-context", keep_out_of_sitemap, priority=400)
    app.connect("env-get-outdated", remember_records)
    app.connect("env-get-updated", outdated_neighbours)
