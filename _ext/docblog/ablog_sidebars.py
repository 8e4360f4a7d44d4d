"""ABlog's sidebars on docblog's data: which pages a change makes stale, and the blog-wide
ones rendered once per folder of pages.

Pages that show ABlog's sidebars depend on blog-wide data: :func:`sidebar_key` gives, for one
page, a fingerprint of exactly what its ABlog sidebars show, so a build rewrites exactly the
pages whose sidebars changed (:func:`docblog.staleness.outdated_sidebars`).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .ablog_context import CATALOGS, AblogCatalog, AblogView, get_view
from .build_state import get_build, is_html_builder
from .fingerprints import digest

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What each of ABlog's sidebar templates shows, for :func:`sidebar_key`.
SIDEBAR_PARTS = {
    "ablog/recentposts.html": ("recent",),
    "ablog/tagcloud.html": ("tags",),
    "ablog/categories.html": ("category",),
    "ablog/archives.html": ("archive",),
    "ablog/authors.html": ("author",),
    "ablog/languages.html": ("language",),
    "ablog/locations.html": ("location",),
    "ablog/postcard.html": ("post",),
    "ablog/postcard2.html": ("post",),
    "ablog/postnavy.html": ("post",),
    # ABlog's pre-0.10 names, still found in older sites' html_sidebars
    "recentposts.html": ("recent",),
    "tagcloud.html": ("tags",),
    "categories.html": ("category",),
    "archives.html": ("archive",),
    "authors.html": ("author",),
    "languages.html": ("language",),
    "locations.html": ("location",),
    "postcard.html": ("post",),
}
#: Every blog-wide part a sidebar can show (the site's own templates may show any).
SIDEBAR_PARTS_ALL = ("recent", "tags", "category", "archive", "author", "language", "location")
#: ABlog's ``recent(5, pagename)`` leaves out the page itself, so six posts can show.
RECENT_SHOWN = 6


def _parts(view: AblogView) -> dict[str, str]:
    """A fingerprint of each blog-wide thing an ABlog sidebar shows."""
    def listing(catalog: AblogCatalog) -> str:
        return digest(json.dumps([(str(c.name), c.docname, len(c), c.href) for c in catalog]))

    def cloud(catalog: AblogCatalog) -> str:
        return digest(json.dumps([(str(c.name), c.docname, len(c), c.relsize(5, 1)) for c in catalog]))

    recent = [(p.docname, p.title, p.date.isoformat() if p.date else "")
              for p in list(view.recent(RECENT_SHOWN))]
    return {
        "recent": digest(json.dumps(recent)),
        "tags": cloud(view.tags),
        "category": listing(view.category),
        "archive": listing(view.archive),
        "author": listing(view.author),
        "language": listing(view.language),
        "location": listing(view.location),
    }


def _post_part(view: AblogView, pagename: str) -> str:
    """What a post's own ABlog cards show of other pages: its terms' pages and neighbours."""
    post = view[pagename]
    if post is None:
        return ""
    shown: list[Any] = [post.published]
    for attribute in CATALOGS:
        shown.append([(str(c.name), c.docname, len(c) > 0) for c in getattr(post, attribute)])
    for other in (post.prev, post.next):
        shown.append((other.docname, other.title) if other else None)
    return digest(json.dumps(shown))


def page_sidebars(app: Sphinx, pagename: str) -> list[str]:
    """The sidebar templates the builder puts on ``pagename`` (``html_sidebars``)."""
    builder = app.builder
    add_sidebars = getattr(builder, "add_sidebars", None)
    if add_sidebars is None:
        return []
    context: dict[str, Any] = {}
    try:
        add_sidebars(pagename, context)
    except Exception:  # a theme's sidebar configuration Sphinx itself would report
        return []
    return list(context.get("sidebars") or [])


def _templates_use_ablog(paths: tuple[str, ...]) -> bool:
    """Whether the site's own templates read ``ablog`` (then every page depends on it all)."""
    word = re.compile(rb"\bablog\s*[.\[]|\bin\s+ablog\b|\bif\s+ablog\b")
    for root in paths:
        for folder, _dirs, files in os.walk(root):
            for name in files:
                if name.endswith((".html", ".jinja", ".j2")):
                    try:
                        with open(os.path.join(folder, name), "rb") as stream:
                            if word.search(stream.read()):
                                return True
                    except OSError:
                        continue
    return False


def site_templates_use_ablog(app: Sphinx) -> bool:
    """Looked up once per build (a warm live-preview server sees edited templates)."""
    build = get_build(app)
    if build.templates_use_ablog is None:
        paths = tuple(os.path.join(app.confdir, p) for p in app.config.templates_path)
        build.templates_use_ablog = _templates_use_ablog(paths)
    return build.templates_use_ablog


def sidebar_parts_shown(app: Sphinx, pagename: str) -> set[str]:
    """What of the blog the ABlog sidebars (and the site's ablog templates) on ``pagename``
    show: names of :func:`_parts`, and "post" for the page's own post."""
    wanted: set[str] = set()
    if site_templates_use_ablog(app):
        wanted = {*SIDEBAR_PARTS_ALL, "post"}
    for template in page_sidebars(app, pagename):
        wanted.update(SIDEBAR_PARTS.get(template, ()))
    return wanted


def sidebar_key(app: Sphinx, pagename: str, view: AblogView | None = None) -> str:
    """A fingerprint of what the ABlog sidebars (and the site's ablog templates) on
    ``pagename`` show; empty when the page shows nothing of the blog (then nothing is built)."""
    wanted = sidebar_parts_shown(app, pagename)
    if not wanted:
        return ""
    view = view or get_view(app)
    if view.sidebar_parts is None:  # computed once per view
        view.sidebar_parts = _parts(view)
    parts = view.sidebar_parts
    shown = [(part, parts[part]) for part in sorted(wanted - {"post"})]
    if "post" in wanted:
        shown.append(("post", _post_part(view, pagename)))
    return digest(json.dumps(shown))


#: ABlog's sidebars that list the whole blog, and the catalog each lists (tags, categories,
#: years, …, and the recent posts): on every page of one folder they are the same HTML,
#: since their links are relative to the folder.
BLOG_WIDE_SIDEBARS = {"ablog/tagcloud.html": "tags", "ablog/categories.html": "category",
                      "ablog/archives.html": "archive", "ablog/authors.html": "author",
                      "ablog/languages.html": "language", "ablog/locations.html": "location",
                      "ablog/recentposts.html": "recent"}


def _sidebars_named(app: Sphinx) -> set[str]:
    """Every template ``html_sidebars`` names, on any page."""
    named: set[str] = set()
    for value in (app.config.html_sidebars or {}).values():
        named.update([value] if isinstance(value, str) else value)
    return named


def cache_blog_wide_sidebars(app: Sphinx) -> None:
    """``builder-inited``: ABlog's blog-wide sidebars are rendered once per folder of pages.

    An ABlog site shows them on every page, and each renders every tag, category or year with
    a relative link: at 200 posts the tag cloud alone took a tenth of the full build on
    pydata-sphinx-theme (about 40 links through Jinja's sandbox and Sphinx's ``pathto`` on each
    of 300 pages). Their HTML depends only on the blog (one :class:`AblogView` per build holds
    the cache) and on the folder a page is in, except on the pages the list links to (a link
    to the page itself reads differently), which get their own. Only ABlog's own copies are
    cached; a site's own version of one of these templates is rendered on every page, as it
    may show anything.
    """
    if not is_html_builder(app):
        return
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    wanted = _sidebars_named(app).intersection(BLOG_WIDE_SIDEBARS)
    if environment is None or not wanted:
        return
    import ablog
    from jinja2 import TemplateError

    ablog_templates = os.path.join(os.path.dirname(os.path.abspath(ablog.__file__)), "templates", "")
    for name in sorted(wanted):
        try:
            template = environment.get_template(name)
        except TemplateError:
            continue  # Sphinx reports a missing sidebar template on the pages that name it
        if template.filename and os.path.abspath(template.filename).startswith(ablog_templates):
            template.root_render_func = _rendered_once_per_folder(app, name, template.root_render_func)


def _linked_pages(view: AblogView, name: str) -> set[str]:
    """The pages whose sidebar ``name`` differs from their folder's other pages': those it
    links to (its catalog's page and each collection's; the blog's index and the newest
    posts), and for the recent posts, the newest posts, which it leaves out on their pages."""
    found = view.sidebar_links.get(name)
    if found is None:
        if BLOG_WIDE_SIDEBARS[name] == "recent":
            found = {view.blog_path, *(p.docname for p in view.recent(RECENT_SHOWN))}
        else:
            catalog: AblogCatalog = getattr(view, BLOG_WIDE_SIDEBARS[name])
            found = {catalog.docname, catalog.path, *(c.docname for c in catalog.collections.values())}
        view.sidebar_links[name] = found
    return found


def _rendered_once_per_folder(app: Sphinx, name: str, render: Any) -> Any:
    def root(context: Any, *args: Any, **kwargs: Any) -> Iterator[str]:
        pagename = context.get("pagename")
        if not isinstance(pagename, str):
            yield from render(context, *args, **kwargs)
            return
        view = get_view(app)
        key = (name, posixpath.dirname(app.builder.get_target_uri(pagename)),
               pagename if pagename in _linked_pages(view, name) else "")
        html = view.rendered_sidebars.get(key)
        if html is None:
            html = view.rendered_sidebars[key] = "".join(render(context, *args, **kwargs))
        yield html
    return root


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", cache_blog_wide_sidebars)
