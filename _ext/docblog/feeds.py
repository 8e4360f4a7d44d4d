"""Atom feeds at every address ABlog writes them, with RSS 2.0 and JSON Feed 1.1 next to the
blog's and each category's; written when they changed.

* The blog's feed: ``blog/<root>.xml`` for each key ``root`` of ``blog_feed_templates``
  (ABlog's default ``{"atom": {}}`` gives ``blog/atom.xml``, which docblog's pages link to and
  always writes).
* Each category's feed at docblog's ``blog/category/<slug>/atom.xml`` (linked from its page).
* Next to the blog's and each category's ``atom.xml``: ``rss.xml`` (RSS 2.0, written with
  feedgen) and ``feed.json`` (JSON Feed 1.1, written with :func:`json.dumps`), with the same
  entries as that ``atom.xml`` (the same entry data, so the same posts, order, titles, links,
  summaries, content, dates, authors and categories), linked from the same pages' ``<head>``.
  Feed readers and sites differ in what they take: Docusaurus writes all three, and some
  readers (and most JavaScript widgets) read only RSS or only JSON. A ``blog_feed_templates``
  key ``rss`` keeps meaning an Atom feed at ``blog/rss.xml``, as in ABlog; docblog then writes
  no RSS feed of its own.
* With ``blog_feed_archives``, one feed per author, location, language, category, year and
  tag with published posts, at ABlog's ``<collection path>/<root>.xml`` (a category's feed is
  the same feed at both addresses when the slugs differ).

Entries carry the title, link, summary, every author and category, and the published and
updated timestamps in UTC; ``blog_feed_titles`` leaves out summary and content,
``blog_feed_fulltext`` adds the post's full HTML (captured when the post page is written, see
:func:`remember_fulltext`), and the ``title`` / ``summary`` / ``content`` entries of a
``blog_feed_templates`` value are Jinja templates rendered with the post's values as ABlog
renders them. Each post's entry data is computed once per build and feed template; a feed is
fingerprinted on what it shows, so an unchanged feed is neither rendered nor rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.console import bold
from sphinx.util.osutil import relative_uri

from . import __version__
from .build_state import get_build, is_epub_builder
from .collection import Blog, Term, get_blog
from .diagnostics import Subtype, warn
from .fingerprints import KeptRenderings, digest, get_store, stable_hash
from .posts import Post, get_domain
from .views import PostView, TermView, target_uri, view_of

_ = get_translation("docblog")
logger = logging.getLogger(__name__)
FEED_FILE = "atom.xml"
DEFAULT_ROOT = "atom"
#: Each format's file name next to a listing's ``atom.xml``, and its media type.
FORMATS: dict[str, tuple[str, str]] = {
    "atom": (FEED_FILE, "application/atom+xml"),
    "rss": ("rss.xml", "application/rss+xml"),
    "json": ("feed.json", "application/feed+json"),
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
#: Per-post HTML bodies for ``blog_feed_fulltext``, under the doctree folder, one folder per builder.
FULLTEXT_DIR = "docblog-fulltext"
#: Kinds whose collections get feeds with ``blog_feed_archives``, in ABlog's order.
ARCHIVE_KINDS = ("author", "location", "language", "category", "tag")
# XML 1.0 forbids most control characters; a post author's text must not break the feed.
_FEED_ROOT = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FIRST_H1 = re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)
# docblog's own header and footer on a post page, in bodies kept by docblog versions that
# kept them whole (bodies are now kept without them: remember_fulltext).
_POST_CHROME = re.compile(
    r'<div class="docblog-post-header">.*?</div>|<nav class="docblog-post-nav".*?</nav>', re.DOTALL)
_LINK_ATTRIBUTE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def enabled(app: Sphinx) -> bool:
    """Feeds are written, and linked from pages, when ``blog_baseurl`` is set; not in an EPUB."""
    return bool(app.config.blog_baseurl) and not is_epub_builder(app)


def feed_path(feed_pagename: str, form: str = "atom") -> str:
    """Output path of a listing's feed, relative to the output folder: ``blog/atom.xml``
    (``blog/rss.xml``, ``blog/feed.json`` for the other formats)."""
    return f"{feed_pagename}/{FORMATS[form][0]}"


def relative_feed_url(app: Sphinx, from_page: str, feed_pagename: str, form: str = "atom") -> str:
    return relative_uri(app.builder.get_target_uri(from_page), feed_path(feed_pagename, form))


def extra_formats(app: Sphinx) -> tuple[str, ...]:
    """The formats written next to the blog's and the categories' Atom feeds.

    A ``blog_feed_templates`` key ``rss`` is an Atom feed at ``blog/rss.xml`` in ABlog, and
    keeps that address: docblog's RSS feed steps aside rather than change what it serves.
    """
    value = app.config.blog_feed_templates
    if isinstance(value, dict) and "rss" in value:
        return ("json",)
    return ("rss", "json")


def formats_of(app: Sphinx, blog: Blog, feed_pagename: str) -> tuple[str, ...]:
    """The formats written for the listing ``feed_pagename``: all three for the blog and for a
    category with published posts, Atom alone for ABlog's other collections' feeds."""
    if feed_pagename == blog.blog_path or any(
            t.pagename == feed_pagename and published_of(blog, t.posts)
            for t in blog.terms["category"].values()):
        return ("atom", *extra_formats(app))
    return ("atom",)


def head_links(app: Sphinx, blog: Blog, from_page: str, feed_pagename: str, title: str) -> str:
    """The ``<link rel="alternate">`` tags for a listing's feeds, for a page's ``<head>``
    (feed readers and browsers find a site's feeds with them). Every value is escaped.
    The same on every page of a folder (their links are relative to it): made once per folder."""
    from markupsafe import Markup

    cache = get_build(app).feed_links
    key = (id(blog), posixpath.dirname(target_uri(app, from_page)), feed_pagename, title)
    if key in cache:
        return cache[key]
    titles = {"atom": title, "rss": _("%(title)s (RSS)") % {"title": title},
              "json": _("%(title)s (JSON Feed)") % {"title": title}}
    cache[key] = "\n".join(
        str(Markup('<link rel="alternate" type="{}" title="{}" href="{}">').format(
            FORMATS[form][1], titles[form], relative_feed_url(app, from_page, feed_pagename, form)))
        for form in formats_of(app, blog, feed_pagename))
    return cache[key]


def absolute_url(app: Sphinx, path: str) -> str:
    return app.config.blog_baseurl.rstrip("/") + "/" + path.lstrip("/")


def feed_templates(app: Sphinx) -> dict[str, dict[str, str]]:
    """``blog_feed_templates`` as root → {element: template}; malformed values are dropped."""
    value = app.config.blog_feed_templates
    if not isinstance(value, dict) or not value:
        return {DEFAULT_ROOT: {}}
    roots: dict[str, dict[str, str]] = {}
    for root, templates in value.items():
        if not isinstance(root, str) or not _FEED_ROOT.fullmatch(root) or ".." in root.split("/"):
            warn(f"blog_feed_templates key {root!r} is not a file name inside the blog folder; "
                 "ignored", Subtype.FEED)
            continue
        roots[root] = {k: v for k, v in (templates or {}).items()
                       if k in ("title", "summary", "content") and isinstance(v, str)} \
            if isinstance(templates, dict) else {}
    return roots or {DEFAULT_ROOT: {}}


def has_archive_feeds(app: Sphinx) -> bool:
    """True when ABlog's per-collection ``<collection path>/atom.xml`` feeds are written."""
    if not enabled(app) or not app.config.blog_feed_archives:
        return False
    value = app.config.blog_feed_templates
    return not isinstance(value, dict) or not value or DEFAULT_ROOT in value


#: An empty feed's date: feedgen would write the time of the build, so that the feed changed
#: on every build and an incremental build's differed from a fresh one's.
EMPTY_FEED_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _newest(entries: list[dict[str, Any]]) -> dt.datetime:
    """A feed's ``updated`` (Atom) or ``lastBuildDate`` (RSS): its newest entry's date."""
    return max((e["updated"] for e in entries if e["updated"]), default=EMPTY_FEED_DATE)


# --- full text ------------------------------------------------------------------------------


def _fulltext_file(doctreedir: str | os.PathLike[str], builder: str, docname: str) -> Path:
    name = hashlib.sha1(docname.encode("utf-8")).hexdigest()
    return Path(doctreedir) / FULLTEXT_DIR / builder / f"{name}.html"


def remember_fulltext(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: Any) -> None:
    """``html-page-context``: keep a post's rendered body for ``blog_feed_fulltext``.

    Sphinx keeps no HTML after writing a page, and rendering a doctree again per feed is what
    made ABlog's feeds slow; the body is written to a small file instead, replaced whenever the
    post page is written again (and removed when the post is read again).
    """
    if doctree is None or not app.config.blog_feed_fulltext or not enabled(app):
        return
    if app.builder.format != "html" or app.builder.name in ("json", "pickle"):
        return  # no feeds are written for these builders
    if pagename not in get_domain(app.env).posts:
        return
    body = context.get("body")
    if not isinstance(body, str):
        return
    # docblog's header and footer (meta line, related posts, links to other posts) are the
    # page's, not the post's text.
    for chrome in get_build(app).post_chrome.pop(pagename, ()):
        body = body.replace(chrome, "", 1)
    path = _fulltext_file(app.doctreedir, app.builder.name, pagename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    get_build(app).fulltext_written = True


def forget_fulltext(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """``env-purge-doc``: a post read again has a new body; drop the stored one (every builder)."""
    folder = os.path.join(app.doctreedir, FULLTEXT_DIR)
    if not os.path.isdir(folder):  # (asked for every document read: no Path made for the ask)
        return
    for builder in os.listdir(folder):
        _fulltext_file(app.doctreedir, builder, docname).unlink(missing_ok=True)


def fulltext(app: Sphinx, docname: str, post_url: str) -> str:
    """The post's body as written on its page, without its title and docblog's header and
    footer, with relative links made absolute (feed readers have no base URL)."""
    try:
        body = _fulltext_file(app.doctreedir, app.builder.name, docname).read_text(encoding="utf-8")
    except OSError:
        return ""
    body = _FIRST_H1.sub("", body, count=1)
    body = _POST_CHROME.sub("", body)

    def absolute(match: re.Match[str]) -> str:
        url = match["url"]
        if not url or _HAS_SCHEME.match(url) or url.startswith("//"):
            return match[0]
        return f'{match["attr"]}="{urljoin(post_url, url)}"'

    return clean(_LINK_ATTRIBUTE.sub(absolute, body))


# --- what a feed template sees ----------------------------------------------------------------


@dataclass(frozen=True)
class FeedCollection:
    """A read-only category, tag, author, location or language, as ABlog's ``Collection``."""

    label: str
    term: TermView

    name = property(lambda self: self.term.name)
    href = property(lambda self: self.term.link or None)
    path = docname = property(lambda self: self.term.pagename)
    xref = property(lambda self: f"{self.term.kind}-{self.term.slug}")

    def __str__(self) -> str:
        return self.term.name


class FeedPost:
    """A post as ABlog's feed templates see it (``post.title``, ``post.date``, ``post.tags``
    items' ``.name`` / ``.label``, ``post.author``, …): a read-only view of the post's
    :class:`~docblog.views.PostView`. Dates are aware, in the blog's zone; ``update`` is the
    date of the last edit, or the post's date."""

    section = None

    def __init__(self, view: PostView) -> None:
        self._view = view

    def __getattr__(self, name: str) -> Any:
        if name in ("docname", "title", "date", "summary", "draft", "external_link", "redirect"):
            return getattr(self._view, name)
        raise AttributeError(name)

    def __str__(self) -> str:
        return self._view.title

    excerpt = property(lambda self: self._view.summary)
    update = property(lambda self: self._view.updated or self._view.date)
    published = property(lambda self: not self._view.draft)

    def _collections(self, kind: str) -> tuple[FeedCollection, ...]:
        return tuple(FeedCollection(label, term) for label, term in self._view.labelled(kind))

    tags = property(lambda self: self._collections("tag"))
    author = property(lambda self: self._collections("author"))
    category = property(lambda self: self._collections("category"))
    location = property(lambda self: self._collections("location"))
    language = property(lambda self: self._collections("language"))


class TemplateRenderer:
    """Renders ``blog_feed_templates`` entries; autoescape is off, as in ABlog: feedgen escapes
    the XML, and a ``content`` template produces HTML on purpose."""

    def __init__(self) -> None:
        import jinja2

        self.environment = jinja2.Environment(autoescape=False)
        self._compiled: dict[str, Any] = {}
        self.reported: set[tuple[str, str]] = set()

    def render(self, source: str, element: str, root: str, values: dict[str, Any]) -> str | None:
        import jinja2

        try:
            template = self._compiled.get(source)
            if template is None:
                template = self._compiled[source] = self.environment.from_string(source)
            return template.render(**values)
        except jinja2.TemplateError as error:
            if (root, element) not in self.reported:
                self.reported.add((root, element))
                warn(f"blog_feed_templates[{root!r}][{element!r}] cannot be rendered ({error}); "
                     "the default is used", Subtype.FEED)
            return None


# --- feeds ------------------------------------------------------------------------------------


@dataclass
class Feed:
    """One feed: its posts, written to one or more output paths (relative, first canonical)."""

    paths: list[str]
    root: str
    title: str
    alternate: str  # page listing the same posts
    posts: list[Post]
    templates: dict[str, str] = field(default_factory=dict)
    form: str = "atom"  # "atom", "rss" or "json"


def published_of(blog: Blog, posts: list[Post]) -> list[Post]:
    """The published posts of ``posts``."""
    return [p for p in posts if not blog.is_unpublished(p)]


def plan_feeds(app: Sphinx, blog: Blog) -> list[Feed]:
    """Every feed to write and where; a path is claimed by the first feed naming it."""
    roots = feed_templates(app)
    archives = bool(app.config.blog_feed_archives)
    found: list[Feed] = []
    claimed: set[str] = set()

    def add(feed: Feed) -> None:
        feed.paths = [p for p in dict.fromkeys(feed.paths) if p not in claimed]
        if feed.paths:
            claimed.update(feed.paths)
            found.append(feed)

    published = blog.published
    extras = extra_formats(app)
    # RSS and JSON Feed show what blog/atom.xml shows, with its templates if it has any.
    default_templates = roots.get(DEFAULT_ROOT, {})
    for root, templates in roots.items():
        add(Feed([f"{blog.blog_path}/{root}.xml"], root, blog.title, blog.blog_path, published, templates))
    add(Feed([feed_path(blog.blog_path)], DEFAULT_ROOT, blog.title, blog.blog_path, published))
    for form in extras:
        add(Feed([feed_path(blog.blog_path, form)], DEFAULT_ROOT, blog.title, blog.blog_path,
                 published, default_templates, form))

    def term_feeds(term: Term) -> None:
        posts = published_of(blog, term.posts)
        if not posts:
            return
        title = _("%(blog)s: %(name)s") % {"blog": blog.title, "name": term.name}
        address = blog.ablog_pagename(term) if archives else ""
        if term.kind == "category":
            paths = [feed_path(term.pagename)]
            if address:
                paths.append(f"{address}/{DEFAULT_ROOT}.xml")
            add(Feed(paths, DEFAULT_ROOT, title, term.pagename, posts, default_templates))
            for form in extras:
                add(Feed([feed_path(term.pagename, form)], DEFAULT_ROOT, title, term.pagename, posts,
                         default_templates, form))
        if address:
            for root, templates in roots.items():
                add(Feed([f"{address}/{root}.xml"], root, title, term.pagename, posts, templates))

    for kind in ARCHIVE_KINDS:
        if kind == "category" or archives:
            for term in blog.terms[kind].values():
                term_feeds(term)
        if kind == "category" and archives:
            for year, posts in blog.years.items():
                chosen = published_of(blog, posts)
                if chosen:
                    for root, templates in roots.items():
                        add(Feed([f"{blog.year_pagename(year)}/{root}.xml"], root,
                                 f"{blog.title}: {year}", blog.year_pagename(year), chosen, templates))
    return found


class FeedWriter:
    def __init__(self, app: Sphinx, blog: Blog) -> None:
        self.app = app
        self.blog = blog
        length = app.config.blog_feed_length
        self.limit = length if isinstance(length, int) and not isinstance(length, bool) and length > 0 else None
        self.titles_only = bool(app.config.blog_feed_titles)
        self.full = bool(app.config.blog_feed_fulltext) and not self.titles_only
        self.templates = TemplateRenderer()
        self._entries: dict[tuple[str, str, int], dict[str, Any]] = {}
        self._content: dict[str, str] = {}
        #: id of a feed's posts → (those posts, their views); a blog's or category's Atom,
        #: RSS and JSON feeds share one list. (The posts are kept, so their id stays theirs.)
        self._views: dict[int, tuple[list[Post], list[PostView]]] = {}
        self._shown_digests: dict[tuple[int, bool], str] = {}

    def post_url(self, docname: str) -> str:
        return absolute_url(self.app, self.app.builder.get_target_uri(docname))

    def content(self, docname: str) -> str:
        if not self.full:
            return ""
        if docname not in self._content:
            self._content[docname] = fulltext(self.app, docname, self.post_url(docname))
        return self._content[docname]

    def settings(self) -> tuple[Any, ...]:
        config = self.app.config
        return (config.blog_baseurl, config.blog_feed_subtitle, config.language, self.app.builder.name,
                __version__, self.limit, self.titles_only, self.full, site_author(self.app))

    def fingerprint(self, feed: Feed, chosen: list[PostView]) -> str:
        """:func:`~docblog.fingerprints.stable_hash` of what the feed is written from: its
        settings, the views of its posts and (where shown) their full text."""
        # The full text counts only where it is shown: not under a ``content`` template that
        # does not use it.
        shows_content = self.full and (
            "content" not in feed.templates or any("content" in t for t in feed.templates.values()))
        return stable_hash(self.settings(), feed.paths, feed.form, feed.root, feed.title,
                           feed.alternate, feed.templates, self._shown(chosen, shows_content))

    def views(self, feed: Feed) -> list[PostView]:
        """The views of the posts ``feed`` shows, made once for the feeds showing the same posts."""
        found = self._views.get(id(feed.posts))
        if found is None:
            found = self._views[id(feed.posts)] = (
                feed.posts, [view_of(self.app, self.blog, post) for post in feed.posts[:self.limit]])
        return found[1]

    def _shown(self, chosen: list[PostView], shows_content: bool) -> str:
        """A digest of the views of a feed's posts (and their full text where shown), made
        once for the feeds that show the same posts (``chosen`` is one of :meth:`views`)."""
        key = (id(chosen), shows_content)
        found = self._shown_digests.get(key)
        if found is None:
            found = self._shown_digests[key] = digest(*(
                view.fingerprint + (digest(self.content(view.docname)) if shows_content else "")
                for view in chosen))
        return found

    def entry(self, feed: Feed, view: PostView, index: int) -> dict[str, Any]:
        # Without templates an entry is the same in every feed; with them it may show the feed.
        key = (view.docname, feed.paths[0], index) if feed.templates else (view.docname, "", 0)
        cached = self._entries.get(key)
        if cached is not None:
            return cached
        url = self.post_url(view.docname)
        updated = view.updated or view.date
        data: dict[str, Any] = {
            "id": url,
            "url": url,
            "title": clean(view.title),
            "summary": "" if self.titles_only else clean(view.summary),
            "content": clean(self.content(view.docname)),
            "authors": [clean(t.name) for t in view.terms_of("author", listed_only=False)],
            "categories": [(t.slug, clean(t.name)) for t in view.terms_of("category", listed_only=False)],
            "tags": [(t.slug, clean(t.name)) for t in view.terms_of("tag", listed_only=False)],
            # Feeds carry UTC timestamps.
            "published": view.date.astimezone(dt.UTC) if view.date else None,
            "updated": updated.astimezone(dt.UTC) if updated else None,
        }
        if feed.templates:
            values = {
                "post": FeedPost(view),
                "title": view.title,
                "summary": "" if self.titles_only else view.summary,
                "content": data["content"] or None,
                "post_url": url,
                "base_url": self.app.config.blog_baseurl,
                "feed_title": feed.title,
                "feed_url": absolute_url(self.app, feed.paths[0]),
                "pagename": feed.alternate,
                "feed_length": self.limit,
                "feed_fulltext": self.full,
                "i": index,
            }
            for element in ("title", "summary", "content"):
                source = feed.templates.get(element)
                if source is None or (self.titles_only and element != "title"):
                    continue
                rendered = self.templates.render(source, element, feed.root, values)
                if rendered is not None:
                    data[element] = clean(rendered)
        # What the entry is kept as between builds (:meth:`_with_entries`): everything its
        # data is made of; none when templates may show the feed around it.
        data["kept_as"] = "" if feed.templates else "|".join((
            view.fingerprint, url, str(int(self.titles_only)),
            digest(data["content"]) if data["content"] else ""))
        self._entries[key] = data
        return data

    def write(self, feed: Feed, chosen: list[PostView]) -> None:
        entries = [self.entry(feed, view, index) for index, view in enumerate(chosen)]
        writers = {"atom": self.atom, "rss": self.rss, "json": self.json_feed}
        text = writers[feed.form](feed, entries)
        for relative in feed.paths:
            path = os.path.join(self.app.outdir, *relative.split("/"))
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as stream:
                stream.write(text)

    def home_url(self, feed: Feed) -> str:
        return absolute_url(self.app, self.app.builder.get_target_uri(feed.alternate))

    def subtitle(self) -> str:
        value = self.app.config.blog_feed_subtitle
        return clean(str(value)) if value else ""

    def atom(self, feed: Feed, entries: list[dict[str, Any]]) -> bytes:
        from feedgen.feed import FeedGenerator  # imported only when a feed is written (lxml is slow to load)

        app = self.app
        generator = FeedGenerator()
        feed_url = absolute_url(app, feed.paths[0])
        generator.id(feed_url)
        generator.title(clean(feed.title))
        generator.link(href=self.home_url(feed), rel="alternate")
        generator.link(href=feed_url, rel="self")
        if self.subtitle():
            generator.subtitle(self.subtitle())
        generator.language(app.config.language or "en")
        generator.generator("docblog", __version__)
        generator.updated(_newest(entries))
        return self._with_entries("atom", bytes(generator.atom_str(pretty=True)), entries)

    @staticmethod
    def _atom_entries(entries: list[dict[str, Any]]) -> bytes:
        from feedgen.feed import FeedGenerator

        generator = FeedGenerator()
        generator.id("-")
        generator.title("-")
        generator.link(href="-", rel="self")
        for data in entries:
            entry = generator.add_entry(order="append")
            entry.id(data["id"])
            entry.title(data["title"] or data["url"])
            entry.link(href=data["url"], rel="alternate")
            if data["summary"]:
                entry.summary(data["summary"])
            if data["content"]:
                entry.content(content=data["content"], type="html")
            for name in data["authors"]:
                entry.author({"name": name})
            for slug, name in data["categories"] + data["tags"]:
                entry.category({"term": slug, "label": name})
            entry.published(data["published"])
            entry.updated(data["updated"])
        return bytes(generator.atom_str(pretty=True))

    def rss(self, feed: Feed, entries: list[dict[str, Any]]) -> bytes:
        """RSS 2.0: the channel's ``description`` is required, so it is the subtitle or else
        the title; an item's ``<author>`` must be an e-mail address, so authors are
        ``dc:creator`` (what feed readers show for RSS authors); categories and tags are
        ``<category>`` with their display names."""
        from feedgen.feed import FeedGenerator

        app = self.app
        generator = FeedGenerator()
        generator.load_extension("dc", atom=False, rss=True)
        generator.title(clean(feed.title) or self.home_url(feed))
        # feedgen takes the last link as the channel's <link>: the page, after the self link.
        generator.link(href=absolute_url(app, feed.paths[0]), rel="self", type=FORMATS["rss"][1])
        generator.link(href=self.home_url(feed), rel="alternate")
        generator.description(self.subtitle() or clean(feed.title) or self.home_url(feed))
        generator.language(_language_tag(app.config.language))
        generator.generator(f"docblog {__version__}")
        generator.lastBuildDate(_newest(entries))
        return self._with_entries("rss", bytes(generator.rss_str(pretty=True)), entries)

    @staticmethod
    def _rss_entries(entries: list[dict[str, Any]]) -> bytes:
        from feedgen.feed import FeedGenerator

        generator = FeedGenerator()
        generator.load_extension("dc", atom=False, rss=True)
        generator.title("-")
        generator.link(href="-")
        generator.description("-")
        for data in entries:
            entry = generator.add_entry(order="append")
            entry.guid(data["id"], permalink=True)
            entry.title(data["title"] or data["url"])
            entry.link(href=data["url"])
            if data["summary"]:
                entry.summary(data["summary"])
            if data["content"]:
                entry.content(content=data["content"], type="html")
            for name in data["authors"]:
                entry.dc.dc_creator(name, replace=False)
            for slug, name in data["categories"] + data["tags"]:
                entry.category({"term": slug, "label": name})
            if data["published"]:
                entry.pubDate(data["published"])
        return bytes(generator.rss_str(pretty=True))

    def _with_entries(self, form: str, empty: bytes, entries: list[dict[str, Any]]) -> bytes:
        """The feed ``empty`` (its channel, no entries) with ``entries``, as feedgen writes
        them, each serialized once and kept between builds (:func:`kept_entries`).

        A feed lists up to every post (ABlog's ``blog_feed_length`` is unlimited by default),
        and feedgen builds and serializes all of them whenever one changes: after a title
        edit, three 1,000-entry feeds. An entry's XML does not depend on the feed around it
        (its namespaces are declared on the root, its indentation is its depth), so each is cut
        out of a serialization of the entries not kept yet and put into the empty feed before
        its closing tags. Entries shown through ``blog_feed_templates`` (which may show the
        feed, or their place in it) are serialized with their feed each time.
        """
        opening, closing = ENTRY_TAGS[form]
        close = empty.rindex(closing)
        kept = kept_entries(self.app)
        names = [f"{form}:{data['kept_as']}" if data["kept_as"] else "" for data in entries]
        texts: list[str | None] = [kept.get(name) if name else None for name in names]
        missing = [data for data, text in zip(entries, texts, strict=True) if text is None]
        if missing:
            serializer = self._atom_entries if form == "atom" else self._rss_entries
            made = iter(_cut_entries(serializer(missing), opening, closing))
            for number, text in enumerate(texts):
                if text is None:
                    texts[number] = next(made)
                    if names[number]:
                        kept.put(names[number], texts[number])
        return empty[:close] + "".join(t or "" for t in texts).encode("utf-8") + empty[close:]

    def json_feed(self, feed: Feed, entries: list[dict[str, Any]]) -> bytes:
        """JSON Feed 1.1 (https://jsonfeed.org/version/1.1). An item needs ``content_html`` or
        ``content_text``: the full text when the feed has it, else the summary as text."""
        app = self.app
        document: dict[str, Any] = {
            "version": JSON_FEED_VERSION,
            "title": clean(feed.title) or self.home_url(feed),
            "home_page_url": self.home_url(feed),
            "feed_url": absolute_url(app, feed.paths[0]),
        }
        if self.subtitle():
            document["description"] = self.subtitle()
        document["language"] = _language_tag(app.config.language)
        author = site_author(app)
        if author:
            document["authors"] = [{"name": author}]
        kept = kept_entries(app)
        items = []
        for data in entries:
            name = f"json-item:{data['kept_as']}" if data["kept_as"] else ""
            text = kept.get(name) if name else None
            if text is None:
                text = "    " + indented_json(self._json_item(data), "    ")  # (indented as in "items")
                if name:
                    kept.put(name, text)
            items.append(text)
        # As json.dumps(document, indent=2) with the items last, each item serialized once
        # and kept between builds (as Atom and RSS entries are: :meth:`_with_entries`).
        head = json.dumps(document, ensure_ascii=False, indent=2)[:-2]
        if not items:
            return (head + ',\n  "items": []\n}\n').encode("utf-8")
        body = ",\n".join(items)
        return (head + ',\n  "items": [\n' + body + "\n  ]\n}\n").encode("utf-8")

    @staticmethod
    def _json_item(data: dict[str, Any]) -> dict[str, Any]:
        """A JSON Feed item of an entry's data."""
        item: dict[str, Any] = {"id": data["id"], "url": data["url"], "title": data["title"]}
        if data["summary"]:
            item["summary"] = data["summary"]
        if data["content"]:
            item["content_html"] = data["content"]
        else:
            item["content_text"] = data["summary"]
        if data["published"]:
            item["date_published"] = rfc3339(data["published"])
        if data["updated"]:
            item["date_modified"] = rfc3339(data["updated"])
        if data["authors"]:
            item["authors"] = [{"name": name} for name in data["authors"]]
        tags = list(dict.fromkeys(name for _slug, name in data["categories"] + data["tags"]))
        if tags:
            item["tags"] = tags
        return item


def indented_json(value: Any, level: str = "") -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, its lines after the first indented
    by ``level`` too, for what a feed item holds (strings, numbers, lists, and dicts with
    string keys). json writes indented JSON with its pure-Python encoder, a generator step per
    token; this asks its C encoder for each string: a JSON Feed's 1,000 items 0.11 → 0.03 s
    under the profiler."""
    if value.__class__ is str:
        return _json_string(value)
    inner = level + "  "
    if isinstance(value, dict) and all(key.__class__ is str for key in value):
        if not value:
            return "{}"
        return ("{\n" + ",\n".join(inner + _json_string(key) + ": " + indented_json(item, inner)
                                    for key, item in value.items()) + "\n" + level + "}")
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + indented_json(item, inner) for item in value) + "\n" + level + "]"
    if value is None or isinstance(value, (bool, int, float)):
        return json.dumps(value)
    raise TypeError(f"not written as a feed item's JSON: {value!r}")


_json_string = json.encoder.encode_basestring  # (json's own, in C, for ensure_ascii=False)


#: Where an entry starts in a pretty-printed feed, and what closes the feed's entries.
ENTRY_TAGS = {"atom": (b"\n  <entry>", b"</feed>"), "rss": (b"\n    <item>", b"  </channel>")}
ENTRIES_KEPT = "docblog-feed-entries.pickle"


def _cut_entries(serialized: bytes, opening: bytes, closing: bytes) -> list[str]:
    """Each entry of a pretty-printed feed, as its text (from its indentation to its line
    end). Text inside an entry is escaped, so an entry's opening tag can only be an entry's."""
    end = serialized.rindex(closing)
    starts = []
    position = serialized.find(opening)
    while position != -1 and position < end:
        starts.append(position + 1)
        position = serialized.find(opening, position + 1)
    bounds = [*starts, end]
    return [serialized[a:b].decode("utf-8") for a, b in zip(bounds, bounds[1:], strict=False)]


def kept_entries(app: Sphinx) -> KeptRenderings:
    """Feed entries serialized by this build, and those the previous build kept."""
    from importlib.metadata import version

    import lxml.etree

    build = get_build(app)
    if build.feed_entries is None:
        # Kept for the same docblog, feedgen and lxml (the entry's XML is theirs).
        key = "|".join((__version__, version("feedgen"), lxml.etree.__version__))
        build.feed_entries = KeptRenderings(app, ENTRIES_KEPT, key)
    return build.feed_entries


def save_entries(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: keep the entries of this build's feeds for the next one."""
    build = get_build(app)
    kept = build.feed_entries
    if kept is not None and exception is None:
        # Only the entries of the feeds this build wrote: the blog's feed, written whenever a
        # post changes, shows every post (unless blog_feed_length says otherwise), so what is
        # kept never grows with the edits of a writing session.
        kept.previous = {}
        kept.save(lambda name: True)
    build.feed_entries = None


def rfc3339(value: dt.datetime) -> str:
    """``2026-03-16T09:30:00Z``: RFC 3339 in UTC, as JSON Feed asks."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _language_tag(language: str | None) -> str:
    """Sphinx's ``pt_BR`` as the ``pt-BR`` that RSS and JSON Feed (BCP 47) expect."""
    return (language or "en").replace("_", "-")


def site_author(app: Sphinx) -> str:
    """Sphinx's ``author`` when the site sets it (not Sphinx's placeholder default)."""
    value = getattr(app.config, "author", "")
    option = getattr(app.config, "values", {}).get("author")
    default = getattr(option, "default", option[0] if isinstance(option, tuple) else None)
    return clean(value) if isinstance(value, str) and value and value != default else ""


def note_no_feeds(app: Sphinx) -> None:
    """Say why a blog gets no feeds: ``blog_baseurl`` is not set."""
    if not enabled(app) and get_blog(app).records and not is_epub_builder(app):
        # A note, not a warning: ABlog writes no feeds without blog_baseurl either, and a
        # site switching from ABlog must not gain a warning it did not have.
        logger.info(bold("docblog: ") + "blog_baseurl is not set, so no feeds (Atom, RSS, "
                    "JSON Feed) are written (set it to the site's public address, e.g. 'https://example.org/')")


def write_feeds(app: Sphinx) -> list[str]:
    """Write each feed whose fingerprint changed; the paths of every feed."""
    if not enabled(app):
        return []
    blog = get_blog(app)
    store = get_store(app)
    writer = FeedWriter(app, blog)
    paths = []
    for feed in plan_feeds(app, blog):
        chosen = writer.views(feed)
        # Fingerprinted on what the feed shows, so an unchanged feed costs no entry rendering.
        fingerprint = writer.fingerprint(feed, chosen)
        outputs = [os.path.join(app.outdir, *p.split("/")) for p in feed.paths]
        paths.extend(outputs)
        current = [store.is_current(path, fingerprint) for path in outputs]
        if all(current):
            continue
        writer.write(feed, chosen)
    return paths


def setup(app: Sphinx) -> None:
    app.connect("build-finished", save_entries)
    app.connect("html-page-context", remember_fulltext)
    app.connect("env-purge-doc", forget_fulltext)
