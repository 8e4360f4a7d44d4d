"""ABlog's template context, ``ablog``, drawn from docblog's records.

ABlog's sidebar templates (``ablog/postcard.html``, ``recentposts``, ``tagcloud``,
``categories``, ``archives``, ``authors``, ``languages``, ``locations``, ``postnavy``…) and
many sites' own templates read one context variable, ``ablog`` — ABlog's global ``Blog``.
docblog disconnects ABlog's collection (see :mod:`docblog.ablog_compat`), so it gives those
templates a read-only object of the same shape, built once per build from the same
:class:`docblog.collection.Blog` every other page uses, with every link pointing at
docblog's pages. The templates then render unchanged, with ABlog's CSS classes.

The shape follows ABlog's documented API (``ablog.blog.Blog``, ``Catalog``, ``Collection``,
``Post``): ``pagename in ablog``, ``ablog[pagename]``, ``ablog.recent(n, pagename)``,
``ablog.archive`` / ``category`` / ``tags`` / ``author`` / ``location`` / ``language``
(iterable catalogs of collections with ``docname``, ``name``, ``len``, ``relsize``), and
ABlog's settings as attributes (``ablog.post_date_format``, ``ablog.fontawesome``, …).

Pages that show these sidebars depend on blog-wide data: :func:`sidebar_key` gives, for one
page, a fingerprint of exactly what its ABlog sidebars show, so a build rewrites exactly the
pages whose sidebars changed (:func:`docblog.staleness.outdated_sidebars`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import posixpath
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .build_state import get_build, is_html_builder
from .collection import Blog, Term, get_blog
from .fingerprints import digest
from .posts import Post, get_domain
from .views import PostView, TermView, view_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: ABlog's taxonomies: catalog attribute on ``ablog`` → docblog's term kind.
CATALOGS = {"tags": "tag", "author": "author", "category": "category",
            "location": "location", "language": "language"}

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


class AblogCollection:
    """Posts sharing a label, as ABlog's ``Collection``: a tag, category, author, year…"""

    def __init__(self, catalog: AblogCatalog, label: Any, name: str, docname: str,
                 href: str | None = None) -> None:
        self.catalog = catalog
        self.label = label
        self.name = name
        self.href = href or None
        self.docname = self.path = docname
        self.xref = f"{catalog.xref}-{label}"
        self.page = 0
        self._posts: list[AblogPost] = []

    def __str__(self) -> str:
        return str(self.name)

    def __repr__(self) -> str:
        return f"{self.name} <{self.docname}>"

    def __len__(self) -> int:
        return len(self._posts)

    def __bool__(self) -> bool:
        return bool(self._posts)

    def __iter__(self) -> Iterator[AblogPost]:
        return iter(self._posts)

    def __contains__(self, docname: object) -> bool:
        return any(p.docname == docname for p in self._posts)

    def __getitem__(self, docname: str) -> AblogPost | None:
        return next((p for p in self._posts if p.docname == docname), None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AblogCollection) and self.name == other.name

    def __lt__(self, other: AblogCollection) -> bool:
        return self.name < other.name

    def __hash__(self) -> int:
        return hash((self.catalog.name, self.name))

    @property
    def title(self) -> str:
        return self.name

    def relsize(self, maxsize: int = 5, minsize: int = 1) -> int:
        """Relative size for tag clouds, as ABlog computes it."""
        low, high = self.catalog.size_range()
        spread = maxsize - minsize
        if len(self.catalog.collections) == 1 or low == high:
            return int(round(spread / 2.0 + minsize))
        return int(1.0 * (len(self) - low) / (high - low) * spread + minsize)


class AblogCatalog:
    """A family of collections, as ABlog's ``Catalog``: all tags, all years…"""

    def __init__(self, name: str, xref: str, docname: str, reverse: bool = False) -> None:
        self.name = name
        self.xref = xref
        self.docname = self.path = docname
        self.collections: dict[Any, AblogCollection] = {}
        self._reverse = reverse

    def __str__(self) -> str:
        return self.name

    def __iter__(self) -> Iterator[AblogCollection]:
        for key in sorted(self.collections, reverse=self._reverse):
            yield self.collections[key]

    def __len__(self) -> int:
        return sum(len(c) for c in self.collections.values())

    def __bool__(self) -> bool:
        return len(self) > 0

    def __getitem__(self, label: Any) -> AblogCollection | None:
        return self.collections.get(label)

    def __contains__(self, label: object) -> bool:
        return label in self.collections

    @property
    def title(self) -> str:
        return self.name

    @functools.cache  # noqa: B019 - one catalog per build; the sizes never change in it
    def size_range(self) -> tuple[int, int]:
        sizes = [len(c) for c in self.collections.values() if len(c)] or [0]
        return min(sizes), max(sizes)


class AblogPost:
    """One post, as ABlog's ``Post``: a read-only view of the post's
    :class:`~docblog.views.PostView` in ABlog's shapes. Dates are naive ``datetime`` values in
    the blog's zone, so templates' ``post.date.strftime(…)`` show what ABlog shows; ``update``
    is the later of the post's date and its last edit; ``excerpt`` a list of paragraphs."""

    section = ""
    nocomments = False
    canonical_link = ""
    doctree = None
    order = 1

    def __init__(self, view: AblogView, post: PostView) -> None:
        self._view = view
        self._post = post
        self.tags: list[AblogCollection] = []
        self.author: list[AblogCollection] = []
        self.category: list[AblogCollection] = []
        self.location: list[AblogCollection] = []
        self.language: list[AblogCollection] = []
        self.archive: AblogCollection | list[Any] = []

    docname = property(lambda self: self._post.docname)
    title = property(lambda self: self._post.title)
    published = property(lambda self: not self._post.draft)
    draft = property(lambda self: self._post.draft)
    external_link = property(lambda self: self._post.external_link or None)
    image = property(lambda self: self._post.image)
    redirect = property(lambda self: list(self._post.redirect))
    excerpt = property(lambda self: [self._post.summary] if self._post.summary else [])

    @property
    def date(self) -> dt.datetime | None:
        return self._post.date.replace(tzinfo=None) if self._post.date else None

    @property
    def update(self) -> dt.datetime | None:
        updated = self._post.updated.replace(tzinfo=None) if self._post.updated else None
        return max(d for d in (updated, self.date) if d) if (updated or self.date) else None

    @property
    def options(self) -> dict[str, Any]:
        return {"external_link": self.external_link, "image": self.image}

    def __str__(self) -> str:
        return self.title

    def __repr__(self) -> str:
        return f"{self.title} <{self.docname}>"

    def __lt__(self, other: AblogPost) -> bool:
        far = dt.datetime.max
        return (self.date or far, self.title) < (other.date or far, other.title)

    @property
    def blog(self) -> AblogView:
        return self._view

    @property
    def prev(self) -> AblogPost | None:
        """The next older published post (ABlog's ``prev``)."""
        older, _newer = self._view.blog.neighbours(self.docname)
        return self._view.post_of(older)

    @property
    def next(self) -> AblogPost | None:
        """The next newer published post (ABlog's ``next``)."""
        _older, newer = self._view.blog.neighbours(self.docname)
        return self._view.post_of(newer)

    def to_html(self, pagename: str = "", fulltext: bool = False, drop_h1: bool = True,
                img_url: bool = False) -> Markup:
        """The excerpt as HTML (ABlog renders its stored doctree excerpt; docblog keeps the
        summary as text, so it is one escaped paragraph)."""
        if not self._post.summary:
            return Markup("")
        return Markup('<p class="ablog-post-excerpt">{}</p>').format(self._post.summary)


class AblogView:
    """What ABlog's ``Blog`` gives templates, read-only, from one build's :class:`Blog`."""

    def __init__(self, app: Sphinx, blog: Blog) -> None:
        self.blog = blog
        self._config = app.config
        self._sidebar_parts: dict[str, str] | None = None
        #: (template, folder of the page, the page when the sidebar links to it) → the
        #: sidebar's HTML, and template → the pages it links to (:func:`cache_blog_wide_sidebars`).
        self.rendered_sidebars: dict[tuple[str, str, str], str] = {}
        self.sidebar_links: dict[str, set[str]] = {}
        blog_path = blog.blog_path
        self.blog_path = blog_path
        self.posts = AblogCatalog("blog", "blog", blog_path)
        self.archive = AblogCatalog("archive", "archive", f"{blog_path}/archive", reverse=True)
        self.archive.path = blog_path
        self.catalogs: dict[str, AblogCatalog] = {}
        for attribute, kind in CATALOGS.items():
            self.catalogs[attribute] = AblogCatalog(attribute, kind, blog.pagename(kind))
        self.tags = self.catalogs["tags"]
        self.author = self.catalogs["author"]
        self.category = self.catalogs["category"]
        self.location = self.catalogs["location"]
        self.language = self.catalogs["language"]

        listed = {p.docname for p in blog.listed}
        self._posts: dict[str, AblogPost] = {}
        for post in [*blog.listed, *[p for p in blog.drafts if p.docname not in listed]]:
            self._posts[post.docname] = AblogPost(self, view_of(app, blog, post))
        self.published = [self._posts[p.docname] for p in blog.listed
                          if not blog.is_unpublished(p)]
        self.drafts_list = [p for p in self._posts.values() if not p.published]

        for attribute, kind in CATALOGS.items():
            catalog = self.catalogs[attribute]
            for term in blog.terms[kind].values():
                collection = self._collection(catalog, term)
                collection._posts = [self._posts[p.docname] for p in term.posts
                                     if p.docname in self._posts and self._posts[p.docname].published]
            for ablog_post in self._posts.values():
                setattr(ablog_post, attribute, [self._collection(catalog, term) for term
                                                in ablog_post._post.terms_of(kind, listed_only=False)])
        for year, posts in blog.years.items():
            year_collection = AblogCollection(self.archive, year, str(year), blog.year_pagename(year))
            year_collection._posts = [self._posts[p.docname] for p in posts
                                      if self._posts[p.docname].published]
            if year_collection._posts:
                self.archive.collections[year] = year_collection
                for ablog_post in year_collection._posts:
                    ablog_post.archive = year_collection
        post_collection = AblogCollection(self.posts, "post", "Posts", blog_path)
        post_collection._posts = list(self.published)
        self.posts.collections["post"] = post_collection

    def _collection(self, catalog: AblogCatalog, term: Term | TermView) -> AblogCollection:
        collection = catalog.collections.get(term.name)
        if collection is None:
            collection = AblogCollection(catalog, term.name, term.name, term.pagename,
                                         term.link or None)
            catalog.collections[term.name] = collection
        return collection

    def sidebar_parts(self) -> dict[str, str]:
        """Fingerprints of each blog-wide thing a sidebar shows, computed once per view."""
        if self._sidebar_parts is None:
            self._sidebar_parts = _parts(self)
        return self._sidebar_parts

    def post_of(self, post: Post | None) -> AblogPost | None:
        return self._posts.get(post.docname) if post is not None else None

    # --- ABlog's Blog API ------------------------------------------------------------------

    def __contains__(self, pagename: object) -> bool:
        return pagename in self._posts

    def __getitem__(self, pagename: str) -> AblogPost | None:
        return self._posts.get(pagename)

    def __len__(self) -> int:
        return len(self.published)

    def __bool__(self) -> bool:
        return bool(self.published)

    def __iter__(self) -> Iterator[AblogPost]:
        return iter(self.published)

    @property
    def drafts(self) -> list[AblogPost]:
        return self.drafts_list

    def recent(self, num: int | None, docname: str | None = None, **labels: Any) -> Iterator[AblogPost]:
        """The ``num`` newest published posts, leaving out ``docname``."""
        # Stops after ``num``: ABlog's recent-posts sidebar asks on every page.
        shown = 0
        for post in self.published:
            if num is not None and shown >= num:
                return
            if post.docname != docname:
                shown += 1
                yield post

    @property
    def feed_path(self) -> str:
        return f"{self.blog_path}/atom.xml"

    @property
    def fontawesome(self) -> bool:
        """Whether pages have Font Awesome: the site includes it, or names a local copy.
        (ABlog also counts a CDN address, which docblog does not link: no third-party
        request. Then ABlog's templates show their text labels instead of empty icons.)"""
        from .ablog_settings import is_remote

        config = self._config
        css_file = config.fontawesome_css_file
        local_css = isinstance(css_file, str) and bool(css_file.strip()) and not is_remote(css_file)
        return bool(config.fontawesome_included or local_css)

    @property
    def disqus_shortname(self) -> None:
        """docblog loads no third-party script, so ABlog's Disqus blocks stay out (a
        ``docblog.compat`` warning says so when the site sets ``disqus_shortname``)."""
        return None

    @property
    def blog_title(self) -> str:
        return self.blog.title

    def page_id(self, pagename: str) -> str | None:
        if not self._config.blog_baseurl:
            return None
        pagename = pagename.removesuffix("index").strip("/")
        return "/" + pagename + ("/" if pagename else "")

    def page_url(self, pagename: str) -> str | None:
        from urllib.parse import urljoin

        if not self._config.blog_baseurl:
            return None
        return urljoin(self._config.blog_baseurl, pagename).removesuffix("index")

    def __getattr__(self, name: str) -> Any:
        """ABlog's settings (``ablog.post_date_format``, ``ablog.blog_baseurl``…)."""
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return getattr(self._config, name)
        except AttributeError:
            raise AttributeError(f"ABlog has no configuration option {name!r}") from None


def anchor(post: Any) -> str:
    """ABlog's ``anchor()``: a ``#section`` for posts that are sections (docblog has none)."""
    section = getattr(post, "section", "")
    return f"#{section}" if section else ""


def get_view(app: Sphinx) -> AblogView:
    build = get_build(app)
    blog = get_blog(app)
    if build.ablog_view is None or build.ablog_view.blog is not blog:
        build.ablog_view = AblogView(app, blog)
    return build.ablog_view


class ViewOnDemand:
    """``ablog`` in a page's context: the :class:`AblogView` is built the first time a
    template reads it. The pages of a site without ABlog's sidebars or templates never do,
    and building the view costs about 30 ms of every build at 1,000 posts."""

    __slots__ = ("_app",)

    def __init__(self, app: Sphinx) -> None:
        self._app = app

    def __getattr__(self, name: str) -> Any:
        return getattr(get_view(self._app), name)

    def __contains__(self, pagename: object) -> bool:
        return pagename in get_view(self._app)

    def __getitem__(self, pagename: str) -> AblogPost | None:
        return get_view(self._app)[pagename]

    def __len__(self) -> int:
        return len(get_view(self._app))

    def __bool__(self) -> bool:
        return bool(get_view(self._app))

    def __iter__(self) -> Iterator[AblogPost]:
        return iter(get_view(self._app))


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: Any) -> None:
    """``html-page-context``: ``ablog`` and ``anchor`` for ABlog's and the site's templates."""
    if not is_html_builder(app):
        return
    context["ablog"] = ViewOnDemand(app)
    context["anchor"] = anchor


# --- ABlog's cross-references ---------------------------------------------------------------


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


# --- which pages a change rewrites ----------------------------------------------------------


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
    parts = view.sidebar_parts()
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
    # Before docblog's other html-page-context handlers and the theme's (priority 500).
    app.connect("html-page-context", add_context, priority=300)
    # After docblog reads the post (docblog.posts.read_post, priority 600).
    app.connect("doctree-read", register_post_label, priority=650)
    app.connect("missing-reference", resolve_reference)
