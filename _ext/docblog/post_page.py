"""Each post's own page: a meta line, authors, tags, "Updated …", previous/next post links
(unless ABlog's ``post_show_prev_next`` is False),
``<meta name="description">`` and the feed link.

The header and footer are added when the doctree is resolved for writing, not when it is
read, so when a neighbour's title changes only the pages that show it are rewritten (listed
by :func:`docblog.staleness.outdated_neighbours`), without reading them again.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx.application import Sphinx

from . import comments, feeds, structured_data
from .build_state import get_build, get_build_of, is_html_builder
from .collection import Blog, get_blog
from .i18n import gettext_in
from .posts import Post, get_domain
from .rendering import Renderer, get_renderer
from .views import PostView, SmallCardView, materialize, relative_url, target_uri, view_of


def page_parts(app: Sphinx, blog: Blog, post: Post,
               records: dict[str, Post] | None = None) -> dict[str, Any]:
    """What docblog's header and footer on ``post``'s page receive (views and plain values):
    both what they are rendered from and, hashed, what decides whether the page must be
    written again when other posts change (:mod:`docblog.staleness`).

    ``records`` replaces the other posts' records by docname, in a blog of the same shape:
    what the page showed before an edit that moved no post.
    """
    docname = post.docname

    def record(other: Post) -> Post:
        return records.get(other.docname, other) if records is not None else other

    def link(other: Post | None) -> dict[str, str] | None:
        if other is None:
            return None
        return {"title": record(other).title, "url": relative_url(app, docname, other.docname)}

    view = view_of(app, blog, post)
    series = blog.series_of(post)
    # ABlog's post_show_prev_next = False hides the links to the neighbouring posts.
    older, newer = blog.neighbours(docname) if app.config.post_show_prev_next else (None, None)
    return {
        "header": {"post": view, "translations": translations(app, blog, post, record),
                   "series": None if series is None else {
            "name": series.name,
            "url": relative_url(app, docname, series.pagename),
            "number": series.number(post),
            "total": len(series.parts),
            "parts": [{**link(part), "current": part.docname == docname}  # type: ignore[dict-item]
                      for part in series.parts],
        }},
        "footer": {
            "post": view,
            "related": [SmallCardView.of(view_of(app, blog, record(other)))
                        for other in blog.related(post)],
            "older": link(older),
            "newer": link(newer),
            "index_url": relative_url(app, docname, blog.blog_path),
            "comments": comments.for_post(app, post, blog.is_unpublished(post),
                                          target_uri(app, docname)),
        },
    }


def translations(app: Sphinx, blog: Blog, post: Post,
                 record: Any = lambda other: other) -> dict[str, Any] | None:
    """The post's versions in other languages as its page shows them ("También en: English"),
    or None: the heading in the post's own language (:func:`docblog.i18n.gettext_in`), each
    version named in its own language, with its title; ``current`` marks the post itself,
    ``default`` the group's representative (``hreflang="x-default"``)."""
    versions = blog.versions(post)
    if not versions:
        return None
    heading, lang = gettext_in(app, blog.language_of(post), "Also in:")
    return {
        "heading": heading,
        "lang": lang,
        "versions": [{"lang": blog.language_of(other), "name": blog.language_label(other),
                      "title": record(other).title,
                      "url": relative_url(app, post.docname, other.docname),
                      "docname": other.docname,
                      "current": other.docname == post.docname, "default": number == 0}
                     for number, other in enumerate(versions)],
    }


def alternate_links(app: Sphinx, pagename: str, parts: dict[str, Any] | None) -> list[Markup]:
    """``<link rel="alternate" hreflang>`` for each listed version of a listed post, itself
    included, and ``x-default`` for the group's representative; absolute with
    ``blog_baseurl`` (as search engines want them), else relative to the page."""
    if not parts or not any(v["current"] for v in parts["versions"]):
        return []  # a draft or unlisted version: search engines are not pointed at it
    found: list[Markup] = []
    for version in parts["versions"]:
        url = structured_data.absolute(app, version["docname"]) or version["url"]
        if version["lang"]:
            found.append(Markup('<link rel="alternate" hreflang="{}" href="{}">').format(
                version["lang"], url))
        if version["default"]:
            found.append(Markup('<link rel="alternate" hreflang="x-default" href="{}">').format(url))
    return found


class post_chrome(nodes.General, nodes.Element):  # noqa: N801 (docutils names its nodes so)
    """docblog's header or footer on a post's page: its ``html``, or the ``template`` and
    ``context`` to render it from when the page is written.

    Rendered when written, not when the doctree is resolved: with ``-j N``, Sphinx resolves
    every doctree in its main process, one after the other, and writes them in N processes,
    so the rendering (most of docblog's work on a post's page) is shared by them.

    Not a ``raw`` node: Sphinx indexes the text of raw HTML for search, which would make
    every post match the titles and summaries of its related posts and neighbours, and the
    dates, "min read" and labels of its header. The search index keeps to what the author
    wrote, as without docblog (and indexing the cards' words cost a tenth of the full build's
    search-index time)."""


def visit_post_chrome(translator: Any, node: post_chrome) -> None:
    html = node.get("html")
    if html is None:
        renderer = get_build_of(translator.builder).renderer
        assert renderer is not None  # (made when the doctree was resolved)
        html = renderer.render(node["template"], **node["context"])
    translator.body.append(html)
    raise nodes.SkipNode


def add_header_and_footer(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``."""
    if not is_html_builder(app):
        return
    blog = get_blog(app)
    post = blog.records.get(docname)
    if post is None:
        return
    renderer = get_renderer(app)  # (made here: a writing process gets it made)
    ahead = rendered_ahead(app, blog, docname)
    if ahead is not None:
        header, footer = post_chrome(html=ahead[0]), post_chrome(html=ahead[1])
    else:
        parts = materialize(app, docname, page_parts(app, blog, post))
        header = post_chrome(template="post_header.html", context=parts["header"])
        footer = post_chrome(template="post_footer.html", context=parts["footer"])
    if app.config.blog_feed_fulltext and feeds.enabled(app):
        # What a full-text feed leaves out of the page's body (feeds.remember_fulltext),
        # needed in this process: rendered now.
        if ahead is None:
            header["html"], footer["html"] = rendered(renderer, parts)
        get_build(app).post_chrome[docname] = (header["html"], footer["html"])
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, header)
        section.append(footer)
    else:
        doctree.insert(0, header)
        doctree.append(footer)


#: How many posts' headers and footers a serial build renders at a time, ahead of writing them.
RENDERED_AHEAD = 100


def rendered_ahead(app: Sphinx, blog: Blog, docname: str) -> tuple[str, str] | None:
    """The HTML of the header and footer of ``docname``'s page, when a serial HTML build is
    writing it (else None: rendered when written, in the writing process with ``-j N``).

    Rendered for the next :data:`RENDERED_AHEAD` posts in the order Sphinx writes them, one
    after the other: between two posts' pages Sphinx writes a whole page, which leaves the
    templates, the blog's indexes and the records cold in the processor's caches, so that
    contexts and renders made one page at a time cost more than twice as much: 0.94–1.09 s
    against 0.39–0.42 s for the headers and footers of a 1,000-post build (collector off, two
    builds each way). Their ``<head>`` tags are planned with them (:func:`head_tags`), for
    :func:`add_head_tags` to take."""
    build = get_build(app)
    found = build.chrome_ahead.pop(docname, None)
    if found is not None or not build.posts_to_write:
        return found
    start = bisect.bisect_left(build.posts_to_write, docname)
    if start == len(build.posts_to_write) or build.posts_to_write[start] != docname:
        return None  # (resolved for something else than writing its page)
    renderer = get_renderer(app)
    # (With sphinxext-opengraph, a page's head tags depend on what its context holds.)
    heads = "sphinxext.opengraph" not in app.extensions
    for name in build.posts_to_write[start:start + RENDERED_AHEAD]:
        record = blog.records[name]
        build.chrome_ahead[name] = rendered(renderer, materialize(app, name, page_parts(app, blog, record)))
        if heads:
            build.heads_ahead[name] = head_tags(app, blog, record)
    return build.chrome_ahead.pop(docname)


def rendered(renderer: Renderer, parts: dict[str, Any]) -> tuple[str, str]:
    """The HTML of a post's header and footer from their contexts (:func:`page_parts`)."""
    return (renderer.render("post_header.html", **parts["header"]),
            renderer.render("post_footer.html", **parts["footer"]))


def note_posts_to_write(app: Sphinx) -> None:
    """``builder-inited``: a serial HTML build notes the posts it writes, in its order."""
    if not is_html_builder(app) or app.parallel > 1:
        return
    builder = app.builder
    write_documents = builder.write_documents

    def write_documents_noting_posts(docnames: Any) -> None:
        blog = get_blog(app)
        # (Sphinx writes them sorted, Builder.write_documents; private posts it does not write)
        get_build(app).posts_to_write = sorted(
            d for d in docnames if d in blog.records and d not in blog.private)
        write_documents(docnames)

    builder.write_documents = write_documents_noting_posts  # type: ignore[method-assign]


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
    if not is_html_builder(app) or doctree is None:
        return
    build = get_build(app)
    planned = build.heads_ahead.pop(pagename, None)
    if planned is None:
        blog = get_blog(app)
        record = blog.records.get(pagename)
        if record is None:
            return
        planned = head_tags(app, blog, record, context)
    present = _present(context)
    context["metatags"] = str(context.get("metatags", "") or "") + "\n".join(
        [str(tag) for name, tag in planned if name not in present])


#: What a planned tag of :func:`head_tags` is named when it is always written, and the name of
#: the schema.org data (written unless the page has some).
ALWAYS, STRUCTURED_DATA = "", "application/ld+json"
_META_NAME = re.compile(r"""<meta\s[^>]*?(?:property|name)\s*=\s*["']([^"']+)["']""")


def _present(context: dict[str, Any]) -> set[str]:
    """The names and properties of the ``<meta>`` tags already in the page (another
    extension's), and :data:`STRUCTURED_DATA` when it has schema.org data."""
    existing = str(context.get("metatags", "") or "")
    present = set(_META_NAME.findall(existing))
    if STRUCTURED_DATA in existing:
        present.add(STRUCTURED_DATA)
    return present


def head_tags(app: Sphinx, blog: Blog, record: Post,
              context: dict[str, Any] | None = None) -> list[tuple[str, Markup]]:
    """A post page's ``<head>`` tags, each with the ``<meta>`` name or property a tag already
    in the page would have (:func:`add_head_tags` leaves those out; :data:`ALWAYS` for the
    feed and translation links). ``context`` is the page's, when it is being written: with
    sphinxext-opengraph loaded it is handed the post's values (without it, the tags can be
    planned ahead of the page: :func:`rendered_ahead`)."""
    pagename = record.docname
    post = view_of(app, blog, record)
    image_url = _image_url(app, pagename, post.image)
    tags: list[tuple[str, Markup]] = []
    if post.unlisted:
        # Reachable by its address, but not for search engines to list.
        tags.append(("robots", Markup('<meta name="robots" content="noindex">')))
    if post.summary:
        tags.append(("description", Markup(structured_data.description(post.summary))))
    article = {
        "article:published_time": feeds.rfc3339(post.date) if post.date else "",
        "article:modified_time": feeds.rfc3339(post.updated) if post.updated else "",
    }
    for key, value in {**_opengraph(app, pagename, post, image_url, context), **article}.items():
        if value:  # (escape, not Markup.format: 6 tags a post; the keys are the constants above)
            tags.append((key, Markup(f'<meta property="{key}" content="{escape(value)}">')))
    if feeds.enabled(app):
        tags.append((ALWAYS, Markup(feeds.head_links(app, blog, pagename, blog.blog_path, blog.title))))
    tags.extend((ALWAYS, link) for link in alternate_links(app, pagename, translations(app, blog, record)))
    tags.append((STRUCTURED_DATA, Markup(structured_data.script(
        structured_data.post(app, post, image_url)))))
    return tags


def _opengraph(app: Sphinx, pagename: str, post: PostView, image_url: str,
               context: dict[str, Any] | None) -> dict[str, str]:
    """The post's OpenGraph tags for docblog to write, or none when sphinxext-opengraph is
    loaded after docblog: it writes og:title, og:url, og:site_name, … and takes per-page values
    from the page's metadata (``meta``), so it is handed the post's there."""
    opengraph = {
        "og:title": post.title,
        "og:type": "article",
        "og:description": post.summary,
        "og:site_name": app.config.project,
        "og:url": feeds.absolute_url(app, app.builder.get_target_uri(pagename))
        if feeds.enabled(app) else "",
        "og:image": image_url,
    }
    if context is not None and "sphinxext.opengraph" in app.extensions and "og:title" not in _present(context):
        handed = {k: v for k, v in opengraph.items()
                  if k in ("og:type", "og:description", "og:image") and v}
        context["meta"] = {**(context.get("meta") or {}), **handed}
        return {}
    return opengraph


def _image_url(app: Sphinx, pagename: str, image: str) -> str:
    """A post's ``image`` as an absolute URL for ``og:image``, or "" when there is none."""
    import posixpath
    import re
    from urllib.parse import quote

    if not image:
        return ""
    if re.match(r"^https?://", image, re.IGNORECASE):
        return image
    if not feeds.enabled(app):
        return ""
    # "/x.png" is relative to the site's root, "x.png" to the post's source folder.
    folder = posixpath.dirname(pagename)
    path = (image.lstrip("/") if image.startswith("/")
            else posixpath.normpath(posixpath.join(folder, image)))
    if not path or path.startswith(".."):
        return ""
    return feeds.absolute_url(app, quote(path, safe="/%:@!$&'()*+,;=~"))


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


def add_comments_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: nodes.Node | None) -> None:
    """``html-page-context``: ``docblog-comments.js`` on the pages that show comments only."""
    if not is_html_builder(app) or doctree is None or not app.config.docblog_comments:
        return
    blog = get_blog(app)
    post = blog.records.get(pagename)
    if post is not None and comments.shown(app.config.docblog_comments, post, blog.is_unpublished(post)):
        # The builder's per-page list (Sphinx.add_js_file would also register it for every
        # page of the next build of a long-lived application, ``docblog serve``).
        builder: Any = app.builder
        builder.add_js_file(comments.SCRIPT, priority=500, defer="defer")


def setup(app: Sphinx) -> None:
    # Added to doctrees for HTML builders only (never pickled), so only HTML writes them.
    app.add_node(post_chrome, html=(visit_post_chrome, None))
    app.connect("doctree-resolved", add_header_and_footer)
    app.connect("builder-inited", note_posts_to_write)
    app.connect("html-page-context", add_head_tags)
    app.connect("html-page-context", add_comments_script)
    app.connect("html-page-context", keep_out_of_sitemap, priority=400)
