"""What a template sees of a post: one :class:`PostView` per post and build, shown on any
page with page-relative URLs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from . import images
from .build_state import get_build
from .collection import TAXONOMIES, Blog, Term
from .fingerprints import stable_hash
from .posts import Post
from .rendering import get_renderer


def target_uri(app: Sphinx, page: str) -> str:
    """The builder's URI of a page, remembered for the build (listings ask for each many times)."""
    cache = get_build(app).target_uris
    if page not in cache:
        cache[page] = app.builder.get_target_uri(page)
    return cache[page]


def relative_url(app: Sphinx, from_page: str, to_page: str) -> str:
    """What ``builder.get_relative_uri`` gives (a link to the page itself: its file name,
    not Sphinx's unusable ""), made once per folder of ``from_page`` (:func:`url_from`)."""
    return url_from(app, target_uri(app, from_page), to_page)


def folder_of(base: str) -> str:
    """The folder of an output path as :func:`~sphinx.util.osutil.relative_uri` splits it
    (``posixpath.dirname`` would merge doubled slashes)."""
    return base.rsplit("/", 1)[0] if "/" in base else ""


def relative_from(base: str, to: str) -> str:
    """:func:`~sphinx.util.osutil.relative_uri`, the same string, with the folders' common part
    found once per pair of folders (:func:`_between`): asked for 30,000 URLs a build at 1,000
    posts, Sphinx's splits and compares every path's segments each time."""
    if "#" in base or "#" in to or to.startswith("/"):
        return relative_uri(base, to)
    folder = folder_of(base)
    climb, dropped = _between(folder, folder_of(to))
    rest = to[dropped:]
    if not climb and "/" not in rest:  # both in the same folder: relative_uri's special cases
        if rest == base[len(folder) + 1 if "/" in base else 0:]:
            return ""
        if not rest:
            return "./"
    return climb + rest


@lru_cache(maxsize=4096)
def _between(folder: str, to_folder: str) -> tuple[str, int]:
    """("../" for each folder to climb from ``folder``, how many leading characters of a path
    in ``to_folder`` the URL drops): its folders in common with ``folder``, and their slashes."""
    climbed = folder.split("/") if folder else []
    descended = to_folder.split("/") if to_folder else []
    common = 0
    for mine, theirs in zip(climbed, descended, strict=False):
        if mine != theirs:
            break
        common += 1
    return "../" * (len(climbed) - common), sum(len(name) + 1 for name in descended[:common])


@dataclass(frozen=True)
class TermView:
    """A category, tag or author as a post shows it; ``listed`` when it has a page."""

    kind: str
    name: str
    slug: str
    pagename: str
    link: str
    listed: bool
    #: Authors: the avatar's path in the output ("" for none) and their links.
    avatar: str = ""
    links: tuple[tuple[str, str], ...] = ()

    @cached_property
    def fingerprint(self) -> str:
        """Its part of the fingerprints of the posts that show it (once per term and build)."""
        return stable_hash(*(getattr(self, f.name) for f in fields(self)))

    def link_at(self, app: Sphinx, base: str) -> dict[str, str]:
        """``{name, slug, url}`` from the output file ``base``: made once per folder and shared
        by every post that shows the term there (read-only)."""
        made: dict[str, dict[str, str]] = self.__dict__.setdefault("_links", {})  # not a field
        folder = folder_of(base)
        found = made.get(folder)
        if found is None:
            found = made[folder] = {"name": self.name, "slug": self.slug,
                                    "url": url_from(app, base, self.pagename)}
        return found

    def person_at(self, app: Sphinx, base: str) -> dict[str, Any]:
        """An author as a post shows them from ``base`` (linked when they have a page)."""
        made: dict[str, dict[str, Any]] = self.__dict__.setdefault("_people", {})  # not a field
        folder = folder_of(base)
        found = made.get(folder)
        if found is None:
            found = made[folder] = self.person(
                page_url=lambda page: url_from(app, base, page),
                file_url=lambda path: relative_from(base, path))
        return found

    def person(self, *, page_url: Callable[[str], str], file_url: Callable[[str], str]) -> dict[str, Any]:
        """An author as a post shows them, with URLs as the callables give them."""
        return {"name": self.name, "slug": self.slug,
                "url": page_url(self.pagename) if self.listed else "",
                "avatar_url": file_url(self.avatar) if self.avatar else "",
                "initials": initials(self.name),
                "links": [{"label": label, "url": href} for label, href in self.links]}


def initials(name: str) -> str:
    """What stands for an author with no avatar: the first letters of their first and last
    names (``Ana Souza`` → ``AS``), or the first letter of a one-word name (``dana`` → ``D``)."""
    words = [word for word in name.split() if word[:1].isalnum()]
    if not words:
        return name[:1].upper()
    return "".join(word[0] for word in (words[0], words[-1])[:len(words)]).upper()


def url_from(app: Sphinx, base: str, page: str) -> str:
    """The URL of ``page`` from the output file ``base``: the same from any file of its folder
    (:func:`~sphinx.util.osutil.relative_uri` keeps only the folder of ``base``), so made once
    per folder and build — listings of many pages in one folder ask for the same links."""
    urls = get_build(app).page_urls
    key = (folder_of(base), page)
    url = urls.get(key)
    if url is None:
        target = target_uri(app, page)
        # A link to the page itself: relative_uri gives "", which is not a usable href.
        url = relative_from(base, target) or target.rsplit("/", 1)[-1] or "./"
        if "#" not in target:  # (relative_uri compares such a target without its fragment)
            urls[key] = url
    return url


@dataclass(frozen=True)
class PostView:
    """What every place that shows a post shows of it — its card on any listing, its page's
    header, ``posts.json`` (and so the in-browser filter), feed entries — computed once per
    post and build. Only URLs depend on the page showing it (:meth:`for_page`, a function of
    the view and the page's folder), so :attr:`fingerprint` stands for the post in the
    fingerprint of any output that shows it (:func:`docblog.fingerprints.stable_hash`)."""

    docname: str
    title: str
    summary: str
    minutes: int
    draft: bool
    date: dt.datetime | None  # in the blog's zone
    updated: dt.datetime | None
    #: How dates are shown; the localised text is made only where a page is rendered (Babel
    #: costs a quarter of a second per 1,000 dates: fingerprinting every listing must not pay it).
    date_format: str
    image_path: str  # in the output folder, "" when none is shown
    terms: tuple[TermView, ...]
    pinned: bool = False
    #: (series name, its page, this part's number, number of parts), or None.
    series: tuple[str, str, int, int] | None = None
    #: ABlog's ``external_link``, ``redirect`` and ``image``, as the post gives them.
    external_link: str = ""
    redirect: tuple[str, ...] = ()
    image: str = ""
    #: The post's own name of each of :attr:`terms` (an author's ``blog_authors`` key).
    labels: tuple[str, ...] = ()
    #: ``unlisted: true``: reachable, but in no listing, feed or sitemap.
    unlisted: bool = False
    #: The post's language (BCP 47 tag, "" when its label names none Babel knows).
    language: str = ""
    #: Its other listed versions in other languages (:mod:`docblog.translations`):
    #: (language tag, the language's name in that language, docname), as its card shows them.
    translations: tuple[tuple[str, str, str], ...] = ()

    @cached_property
    def fingerprint(self) -> str:
        """A digest of every field above; every output that shows the post hashes it, so it
        is computed once per view, and short (listings of 1,000 posts hash 1,000 of them)."""
        # Terms and dates given as what stable_hash would make of them (its fallback for
        # values JSON does not know is a Python call per value: a third of a no-op's hashing).
        return stable_hash(*(
            [t.fingerprint for t in value] if name == "terms"
            else value.isoformat() if isinstance(value, dt.datetime) else value
            for name in _POST_VIEW_FIELDS for value in (getattr(self, name),)))

    def terms_of(self, kind: str, listed_only: bool = True) -> list[TermView]:
        return [t for t in self.terms if t.kind == kind and (t.listed or not listed_only)]

    def labelled(self, kind: str) -> list[tuple[str, TermView]]:
        """(the post's name of it, term) for each of the post's terms of ``kind``."""
        return [(label, t) for label, t in zip(self.labels, self.terms, strict=True) if t.kind == kind]

    def for_page(self, app: Sphinx, from_page: str) -> dict[str, Any]:
        """The template context of this post on ``from_page``: page-relative URLs."""
        return self.at(app, target_uri(app, from_page))

    def at(self, app: Sphinx, base: str) -> dict[str, Any]:
        """The template context with URLs relative to the output file ``base``: the same for
        every file in one folder (a link to the page itself is its file name, as from the
        folder's other pages), so it is made once per folder. Read-only: shared by the pages."""
        folder = folder_of(base)
        made: dict[str, dict[str, Any]] = self.__dict__.setdefault("_contexts", {})  # not a field
        found = made.get(folder)
        if found is None:
            found = made[folder] = self._context_at(app, base)
        return found

    def _context_at(self, app: Sphinx, base: str) -> dict[str, Any]:
        return self.context(app, page_url=lambda page: url_from(app, base, page),
                             file_url=lambda path: relative_from(base, path),
                             term_link=lambda term: term.link_at(app, base),
                             person=lambda term: term.person_at(app, base))

    def context(self, app: Sphinx, *, page_url: Callable[[str], str], file_url: Callable[[str], str],
                 term_link: Callable[[TermView], dict[str, str]],
                 person: Callable[[TermView], dict[str, Any]]) -> dict[str, Any]:
        """The template context, with URLs of pages and of output files as the callables give them."""
        renderer = get_renderer(app)
        series = None
        if self.series is not None:
            name, page, number, total = self.series
            series = {"name": name, "url": page_url(page), "number": number, "total": total}

        return {
            "docname": self.docname,
            "title": self.title,
            "url": page_url(self.docname),
            "summary": self.summary,
            "image_url": file_url(self.image_path) if self.image_path else "",
            "minutes": self.minutes,
            "draft": self.draft,
            "date_iso": self.date.isoformat() if self.date else "",
            "date_display": renderer.date(self.date, self.date_format) if self.date else "",
            "updated_iso": self.updated.isoformat() if self.updated else "",
            "updated_display": renderer.date(self.updated, self.date_format) if self.updated else "",
            "categories": [term_link(t) for t in self.terms_of("category")],
            "category_slugs": [t.slug for t in self.terms_of("category", listed_only=False)],
            "tags": [term_link(t) for t in self.terms_of("tag")],
            "authors": [term_link(t) for t in self.terms_of("author")],
            # Every author the post names, linked when they have a page (listed posts).
            "people": [person(t) for t in self.terms_of("author", listed_only=False)],
            "pinned": self.pinned,
            "series": series,
            "language": self.language,
            "translations": [{"lang": lang, "name": name, "url": page_url(docname)}
                             for lang, name, docname in self.translations],
        }


@dataclass(frozen=True)
class SmallCardView:
    """A related post at the end of another post's page, as ``docblog/small_card.html`` shows
    it: title, date and reading time (so editing a post's summary or tags rewrites no other
    post's page)."""

    docname: str
    title: str
    date: dt.datetime | None  # in the blog's zone
    date_format: str
    minutes: int

    @classmethod
    def of(cls, view: PostView) -> SmallCardView:
        return cls(view.docname, view.title, view.date, view.date_format, view.minutes)

    def materialize(self, app: Sphinx, pagename: str) -> dict[str, Any]:
        """Its context on ``pagename``, with its HTML (``html``): the same from every page of
        a folder, so made once per folder and build (a post is the related post of several)."""
        base, renderer = target_uri(app, pagename), get_renderer(app)
        return renderer.small_card((self, folder_of(base)), lambda: {
            "docname": self.docname,
            "title": self.title,
            "url": url_from(app, base, self.docname),
            "date_iso": self.date.isoformat() if self.date else "",
            "date_display": renderer.date(self.date, self.date_format) if self.date else "",
            "minutes": self.minutes,
        })


@dataclass(frozen=True)
class DateText:
    """A date as a page shows it, localised only where the page is rendered (Babel's first
    date of a build costs more than planning every listing: planning must not pay it)."""

    value: dt.date
    format: str

    def materialize(self, app: Sphinx, pagename: str) -> str:
        return get_renderer(app).date(self.value, self.format)


def _image_path(app: Sphinx, post: Post) -> str:
    """The post's image in the output, when it is there (Sphinx copies the images a body
    shows to ``_images/``; docblog copies the others, see :mod:`docblog.images`)."""
    path = images.output_path(post)
    if not path:
        return ""
    cache = get_build(app).image_exists
    if path not in cache:
        cache[path] = path.startswith("_images/") or (Path(app.srcdir) / path).is_file()
    return path if cache[path] else ""


def _term_view(app: Sphinx, blog: Blog, kind: str, term: Term) -> TermView:
    """The term's view, made once per blog and build (each is shown on many posts)."""
    cache = get_build(app).term_views
    found = cache.get((id(blog), id(term)))
    if found is not None and found[0] is term:
        return found[1]
    view = _make_term_view(app, blog, kind, term)
    cache[(id(blog), id(term))] = (term, view)
    return view


def _make_term_view(app: Sphinx, blog: Blog, kind: str, term: Term) -> TermView:
    person = blog.author(term) if kind == "author" else None
    avatar = person.avatar if person else ""
    if avatar:
        cache = get_build(app).image_exists
        if avatar not in cache:
            cache[avatar] = (Path(app.confdir) / avatar).is_file()
        avatar = avatar if cache[avatar] else ""
    return TermView(kind, term.name, term.slug, term.pagename, term.link, bool(term.posts),
                    avatar=avatar, links=person.links if person else ())


def _series(blog: Blog, post: Post) -> tuple[str, str, int, int] | None:
    series = blog.series_of(post)
    if series is None:
        return None
    return series.name, series.pagename, series.number(post), len(series.parts)


def _labelled_terms(blog: Blog, post: Post) -> list[tuple[str, str, Term]]:
    """(kind, the post's first name of the term, term) for each of the post's terms."""
    found: list[tuple[str, str, Term]] = []
    for kind in TAXONOMIES:
        seen: set[int] = set()
        for label in blog.names_of(post, kind):
            term = blog.term(kind, label)
            if term is not None and id(term) not in seen:
                seen.add(id(term))
                found.append((kind, label, term))
    return found


#: :class:`PostView`'s fields, in order (what its fingerprint hashes).
_POST_VIEW_FIELDS = tuple(f.name for f in fields(PostView))


def view_of(app: Sphinx, blog: Blog, post: Post) -> PostView:
    """The post's :class:`PostView` in ``blog`` (remembered for the build). ``post`` may be a
    record as it was before this build (what a page showed before an edit)."""
    cache = get_build(app).post_views
    cache_key = (id(blog), id(post))
    found = cache.get(cache_key)
    if found is not None and found[0] is post:
        return found[1]
    zone = blog.config.zone
    terms = _labelled_terms(blog, post)
    date = post.date.astimezone(zone) if post.date else None
    updated = post.updated.astimezone(zone) if post.updated else None
    view = PostView(
        docname=post.docname,
        title=post.title,
        summary=post.summary,
        minutes=blog.minutes(post),
        draft=blog.is_unpublished(post),
        date=date,
        updated=updated,
        date_format=blog.config.date_format,
        image_path=_image_path(app, post),
        terms=tuple(_term_view(app, blog, kind, t) for kind, _label, t in terms),
        pinned=post.pin,
        series=_series(blog, post),
        external_link=post.external_link,
        redirect=post.redirect,
        image=post.image,
        labels=tuple(label for _kind, label, _term in terms),
        unlisted=post.unlisted,
        language=blog.language_of(post),
        translations=tuple((blog.language_of(other), blog.language_label(other), other.docname)
                           for other in blog.versions(post) if other.docname != post.docname),
    )
    cache[cache_key] = (post, view)
    return view


def post_view(app: Sphinx, blog: Blog, post: Post, from_page: str) -> dict[str, Any]:
    """The template context of ``post`` on ``from_page`` (see :class:`PostView`)."""
    return view_of(app, blog, post).for_page(app, from_page)


#: Values :func:`materialize` gives back as they are, known by their exact class without a
#: call (most of a context: it was asked of 45,000 values in a 1,000-post build, each with
#: three ``isinstance`` and a ``getattr``; 25,000 now).
_PLAIN_VALUES = frozenset({str, int, bool, float, type(None), Markup, dt.datetime, dt.date})


def materialize(app: Sphinx, pagename: str, value: Any) -> Any:
    """A planned context (plain values, views, and objects with a ``materialize`` method such
    as listing cards) as its template receives it on ``pagename``."""
    cls = value.__class__
    if cls in _PLAIN_VALUES:
        return value
    if cls is dict:
        return {k: v if v.__class__ in _PLAIN_VALUES else materialize(app, pagename, v)
                for k, v in value.items()}
    if isinstance(value, PostView):
        return value.for_page(app, pagename)
    if isinstance(value, dict):
        return {k: materialize(app, pagename, v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if v.__class__ in _PLAIN_VALUES else materialize(app, pagename, v) for v in value]
    made = getattr(value, "materialize", None)
    return made(app, pagename) if made is not None else value
