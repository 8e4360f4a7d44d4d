"""ABlog's template context, ``ablog``, drawn from docblog's post views.

ABlog's sidebar templates (``ablog/postcard.html``, ``recentposts``, ``tagcloud``,
``categories``, ``archives``, ``authors``, ``languages``, ``locations``, ``postnavy``…) and
many sites' own templates read one context variable, ``ablog`` — ABlog's global ``Blog``.
docblog disconnects ABlog's collection (see :mod:`docblog.ablog_compat`), so it gives those
templates a read-only object of the same shape, built once per build from the same
:class:`docblog.collection.Blog` and post views every other page uses, with every link
pointing at docblog's pages. The templates then render unchanged, with ABlog's CSS classes.

The shape follows ABlog's documented API (``ablog.blog.Blog``, ``Catalog``, ``Collection``,
``Post``): ``pagename in ablog``, ``ablog[pagename]``, ``ablog.recent(n, pagename)``,
``ablog.archive`` / ``category`` / ``tags`` / ``author`` / ``location`` / ``language``
(iterable catalogs of collections with ``docname``, ``name``, ``len``, ``relsize``), and
ABlog's settings as attributes (``ablog.post_date_format``, ``ablog.fontawesome``, …).

ABlog's cross-references are :mod:`docblog.ablog_references`; which pages its sidebars make
stale, and rendering them once per folder, :mod:`docblog.ablog_sidebars`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .build_state import get_build, is_html_builder
from .collection import Blog, Term, get_blog
from .posts import Post
from .views import PostView, TermView, view_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: ABlog's taxonomies: catalog attribute on ``ablog`` → docblog's term kind.
CATALOGS = {"tags": "tag", "author": "author", "category": "category",
            "location": "location", "language": "language"}


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
        #: Fingerprints of each blog-wide thing a sidebar shows (:mod:`docblog.ablog_sidebars`).
        self.sidebar_parts: dict[str, str] | None = None
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

        # Every version of a translated post is a post (``ablog[pagename]``); only one per
        # group is in the lists (``ablog.recent``, archives), as on docblog's pages.
        listed = {p.docname for p in blog.listed_versions}
        self._posts: dict[str, AblogPost] = {}
        for post in [*blog.listed_versions, *[p for p in blog.drafts if p.docname not in listed]]:
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
        """ABlog's templates would load Disqus as soon as a page opens, so they see no
        shortname; docblog shows the site's Disqus comments on request instead
        (:mod:`docblog.comments`)."""
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


def setup(app: Sphinx) -> None:
    # Before docblog's other html-page-context handlers and the theme's (priority 500).
    app.connect("html-page-context", add_context, priority=300)
