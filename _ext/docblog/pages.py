"""Listing pages: the index (with pages 2, 3, …), category, tag, author, location, language,
year, archive and drafts pages, and redirects.

Every address ABlog writes keeps answering: year pages sit at ABlog's ``blog/<year>``, the
drafts page is always written, and where ABlog's slug of a term differs from docblog's
(``CI/CD``: ABlog ``cicd``, docblog ``ci-cd``) a redirect page at ABlog's address forwards to
docblog's page, which stays the canonical one.

All are rendered from the post records with one card component (``docblog/card.html``)
inside one listing fragment, placed in the theme's own ``page.html`` as the page body, so
they sit in the site's layout whatever the theme.

A page's fingerprint is computed from what it shows — the records of its posts
(:func:`docblog.views.card_key`), its heading, count, chips and page number — before
anything is rendered; only pages whose fingerprint changed are rendered and yielded to Sphinx
(see :mod:`docblog.fingerprints`). A no-op rebuild renders nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from . import authors, feeds, images
from .ablog_context import sidebar_key
from .build_state import is_epub_builder, is_html_builder
from .collection import TAXONOMIES, Blog, Term, get_blog
from .config import lists_ablog
from .diagnostics import Subtype, warn
from .fingerprints import digest, get_store, layout_key
from .i18n import language_tag, ngettext, pgettext, plural_templates
from .posts import Post
from .rendering import Renderer, get_renderer
from .views import card_key, post_view, relative_url, view_of

_ = get_translation("docblog")




@dataclass
class Listing:
    """One listing before pagination."""

    kind: str
    pagename: str
    heading: str
    posts: list[Post]
    count_line: str
    description: str = ""
    chips_current: str | None = None  # slug of the selected chip ("" for All), None = no chips
    feed_pagename: str | None = None
    empty: str = ""  # shown when there are no posts (default: "No posts yet.")
    #: An author's page: {name, avatar (output path), bio, links}.
    person: dict[str, Any] | None = None


def _plural(n: int, singular: str, plural: str) -> str:
    """``singular``/``plural`` in the site's language, in the form its plural rule gives ``n``."""
    from .i18n import ngettext

    return ngettext(singular, plural, n) % {"num": n}


def page_names(base: str, count: int) -> list[str]:
    return [base] + [f"{base}/page/{number}" for number in range(2, count + 1)]


@dataclass
class GeneratedPage:
    """A page to write: cheap facts first; the body is rendered only when ``key`` changed."""

    pagename: str
    title: str
    #: Tags for ``<head>``, or a function making them when the page is written; then
    #: :attr:`head_key` stands for them in the fingerprint.
    head: str | Callable[[], str]
    key: Any
    render: Callable[[], str]
    template: str = "page.html"
    #: A document of the same name silently wins (redirects from ABlog's addresses).
    yields_to_documents: bool = False
    head_key: Any = None


#: The JSON index of every listed post, next to the blog's category folder: ``blog/posts.json``.
POSTS_INDEX_FILE = "posts.json"
POSTS_INDEX_VERSION = 1


def posts_index_path(blog: Blog) -> str:
    """Output path of the posts index, relative to the output folder."""
    return f"{blog.blog_path}/{POSTS_INDEX_FILE}"


class PageWriter:
    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.blog: Blog = get_blog(app)
        self.renderer: Renderer = get_renderer(app)
        self.store = get_store(app)
        self.layout = digest(
            layout_key(app), self.renderer.version, repr(self.blog.config), self.blog.title,
            app.config.blog_baseurl, app.config.language,
        )

    # --- what the pages are ------------------------------------------------------------

    def index_heading(self) -> str:
        """The index's heading: the title of the site's own page at ``blog_path`` if it has one
        (ABlog writes its listing at that address, so ABlog sites keep a placeholder there)."""
        title = self.app.env.titles.get(self.blog.blog_path)
        if self.blog.blog_path in self.app.env.found_docs and title is not None and title.astext():
            return title.astext()
        return _(self.blog.config.index_title)

    def listings(self) -> Iterator[Listing]:
        blog = self.blog
        count = len(blog.listed)
        yield Listing(
            "index", blog.blog_path, self.index_heading(), blog.index_posts,
            _plural(count, "%(num)d post so far.", "%(num)d posts so far."),
            chips_current="", feed_pagename=blog.blog_path,
        )
        # With blog_feed_archives, pages link the feed ABlog writes for their collection.
        archive_feeds = feeds.has_archive_feeds(self.app)

        def archive_feed(pagename: str, posts: list[Post]) -> str | None:
            published = any(not blog.is_unpublished(p) for p in posts)
            return pagename if archive_feeds and pagename and published else None

        for kind, terms in blog.terms.items():
            for term in terms.values():
                if not term.posts:
                    continue
                n = len(term.posts)
                person = blog.author(term)
                yield Listing(
                    kind, term.pagename, self.term_heading(term), term.posts,
                    _plural(n, "%(num)d post", "%(num)d posts"),
                    description=term.description or (person.bio if person else ""),
                    person={"avatar": person.avatar, "links": person.links} if person else None,
                    chips_current=term.slug if kind == "category" else None,
                    feed_pagename=term.pagename if kind == "category"
                    else archive_feed(blog.ablog_pagename(term), term.posts),
                )
        for series in blog.series.values():
            yield Listing(
                "series", series.pagename, _("Series: %s") % series.name, series.parts,
                _plural(len(series.parts), "%(num)d part", "%(num)d parts"),
            )
        for year, posts in blog.years.items():
            yield Listing(
                "year", blog.year_pagename(year), pgettext("year page heading", "Posts in %s") % year, posts,
                _plural(len(posts), "%(num)d post", "%(num)d posts"),
                feed_pagename=archive_feed(blog.year_pagename(year), posts),
            )
        # Always written, as ABlog always writes it: its address keeps answering.
        yield Listing(
            "drafts", blog.pagename("drafts"), _("Drafts"), blog.drafts,
            _plural(len(blog.drafts), "%(num)d draft or scheduled post",
                    "%(num)d drafts and scheduled posts"),
            description=_("Drafts and posts dated in the future are left out of every "
                          "listing and feed until they are published."),
            empty=_("No drafts or scheduled posts."),
        )

    @staticmethod
    def term_heading(term: Term) -> str:
        headings = {
            "category": pgettext("category page heading", "Posts in %s"),
            "tag": _("Posts tagged “%s”"),
            "author": _("Posts by %s"),
            "location": _("Posts from %s"),
            "language": pgettext("language page heading", "Posts in %s"),
        }
        return headings[term.kind] % term.name

    # --- rendering ------------------------------------------------------------------------

    def chips(self, pagename: str, current: str) -> list[dict[str, Any]]:
        chips = [{"name": _("All"), "slug": "", "url": relative_url(self.app, pagename, self.blog.blog_path),
                  "current": current == "", "count": None}]
        for term in self.blog.terms["category"].values():
            if term.posts:
                chips.append({"name": term.name, "slug": term.slug, "count": len(term.posts),
                              "url": relative_url(self.app, pagename, term.pagename),
                              "current": current == term.slug})
        return chips

    def chips_key(self, current: str | None) -> Any:
        if current is None:
            return None
        return current, tuple((t.name, t.slug, len(t.posts))
                              for t in self.blog.terms["category"].values() if t.posts)

    def feed_link(self, pagename: str, feed_pagename: str | None, title: str) -> tuple[str, str]:
        """(page-relative URL of the feed, <link> tag for <head>) or empty strings."""
        if not feed_pagename or not feeds.enabled(self.app):
            return "", ""
        # The Atom feed's URL for the page's feed icon; <link> tags for every format written.
        url = feeds.relative_feed_url(self.app, pagename, feed_pagename)
        return url, feeds.head_links(self.app, self.blog, pagename, feed_pagename, title)

    def listing_pages(self, listing: Listing) -> Iterator[GeneratedPage]:
        """Each page of a listing (pages 2, 3, … past ``docblog_posts_per_page`` posts)."""
        per_page = self.blog.config.posts_per_page
        chunks = [listing.posts[i:i + per_page] for i in range(0, len(listing.posts), per_page)]
        chunks = chunks or [[]]
        names = page_names(listing.pagename, len(chunks))
        for number, (pagename, chunk) in enumerate(zip(names, chunks, strict=True), start=1):
            title = listing.heading if number == 1 else _("%(title)s (page %(number)d)") % {
                "title": listing.heading, "number": number}
            shown_feeds = [(listing.feed_pagename, listing.heading)]
            if listing.feed_pagename != self.blog.blog_path:
                shown_feeds.append((self.blog.blog_path, self.blog.title))
            key = (listing.kind, listing.heading, listing.description, listing.count_line, listing.empty,
                   repr(listing.person),
                   self.chips_key(listing.chips_current), number, len(names),
                   tuple(card_key(self.app, self.blog, p) for p in chunk))
            yield GeneratedPage(pagename, title, self._head_renderer(pagename, shown_feeds), key,
                                self._listing_renderer(listing, pagename, chunk, number, names),
                                head_key=self.feeds_key(shown_feeds))

    def feeds_key(self, shown_feeds: list[tuple[str | None, str]]) -> Any:
        """What decides a listing's feed ``<link>`` tags, besides its own address: which
        feeds, their titles and formats (making the tags costs a tenth of a second per
        build at 1,000 posts; they are made only for pages written)."""
        if not feeds.enabled(self.app):
            return None
        return tuple((feed, title, feeds.formats_of(self.app, self.blog, feed) if feed else ())
                     for feed, title in shown_feeds)

    def _head_renderer(self, pagename: str,
                       shown_feeds: list[tuple[str | None, str]]) -> Callable[[], str]:
        def render() -> str:
            return "".join(self.feed_link(pagename, feed, title)[1] for feed, title in shown_feeds)
        return render

    def _listing_renderer(self, listing: Listing, pagename: str, chunk: list[Post], number: int,
                          names: list[str]) -> Callable[[], str]:
        def render() -> str:
            feed_url, _tag = self.feed_link(pagename, listing.feed_pagename, listing.heading)
            context = {
                "kind": listing.kind,
                "heading": listing.heading,
                "description": listing.description,
                "count_line": listing.count_line,
                "empty": listing.empty,
                "feed_url": feed_url,
                "chips": self.chips(pagename, listing.chips_current)
                if listing.chips_current is not None else [],
                "cards": [self._card(p, pagename, pinned=listing.kind == "index" and number == 1)
                          for p in chunk],
                "person": self._person(listing.person, pagename),
                "pagination": {
                    "number": number,
                    "total": len(names),
                    "newer_url": relative_url(self.app, pagename, names[number - 2]) if number > 1 else "",
                    "older_url": relative_url(self.app, pagename, names[number]) if number < len(names) else "",
                },
            }
            if listing.kind == "index":
                context["filter"] = self.filter_data(pagename)
            return self.renderer.render("listing.html", **context)

        return render

    def _card(self, post: Post, pagename: str, pinned: bool = False) -> dict[str, Any]:
        return self.renderer.card(post_view(self.app, self.blog, post, pagename), pinned and post.pin)

    def _person(self, person: dict[str, Any] | None, pagename: str) -> dict[str, Any] | None:
        """An author page's avatar URL and links (its bio is the page's description)."""
        if person is None:
            return None
        avatar = person["avatar"]
        if avatar and not (Path(self.app.confdir) / avatar).is_file():
            avatar = ""
        base = self.app.builder.get_target_uri(pagename)
        return {"avatar_url": relative_uri(base, avatar) if avatar else "",
                "links": [{"label": label, "url": url} for label, url in person["links"]]}

    def filter_data(self, pagename: str) -> dict[str, str]:
        """What docblog.js needs on an index page to filter it by category (:meth:`posts_index`):
        the count line once per plural category of the language, picked with ``Intl.PluralRules``."""
        language = self.app.config.language
        forms = plural_templates(language, lambda n: ngettext(
            "%(num)d post in %(category)s", "%(num)d posts in %(category)s", n))
        return {
            "index_url": relative_uri(self.app.builder.get_target_uri(pagename),
                                      posts_index_path(self.blog)),
            "lang": language_tag(language),
            "count_forms": json.dumps(forms, ensure_ascii=False, sort_keys=True),
            # For a site's own docblog/listing.html written before count_forms.
            "count_one": forms.get("one", forms["other"]),
            "count_other": forms["other"],
        }

    def posts_index(self) -> str:
        """JSON of every listed post, newest first, for filtering a paginated index in place.

        URLs are relative to the JSON file itself; every value is author text or a display
        string, written with :func:`json.dumps` and only ever read with ``JSON.parse``.
        """
        builder = self.app.builder
        base = posts_index_path(self.blog)

        def url(docname: str) -> str:
            return relative_uri(base, builder.get_target_uri(docname))

        posts = []
        for post in self.blog.listed:
            # The same view and card template as the pages' cards, with URLs relative to
            # this file: the in-browser filter shows exactly the card a page would.
            view = view_of(self.app, self.blog, post).at(self.app, base)
            posts.append({
                "title": view["title"],
                "url": view["url"],
                "date_iso": view["date_iso"],
                "date_display": view["date_display"],
                "categories": view["categories"],
                "minutes": view["minutes"],
                "reading_time": _plural(view["minutes"], "%(num)d min read", "%(num)d min read"),
                "summary": view["summary"],
                "image": view["image_url"],
                "draft": view["draft"],
                "card": self.renderer.render_card(view),
            })
        categories = [
            {"name": t.name, "slug": t.slug, "url": url(t.pagename), "count": len(t.posts)}
            for t in self.blog.terms["category"].values() if t.posts
        ]
        return json.dumps({
            "version": POSTS_INDEX_VERSION,
            "labels": {"draft": str(_("Draft"))},
            "categories": categories,
            "posts": posts,
        }, ensure_ascii=True, sort_keys=True, indent=None, separators=(",", ":"))

    def write_posts_index(self) -> None:
        """Write ``blog/posts.json`` when what it lists changed (fingerprinted like the pages)."""
        path = os.path.join(self.app.outdir, *posts_index_path(self.blog).split("/"))
        key = (POSTS_INDEX_VERSION, self.chips_key(""),
               tuple(card_key(self.app, self.blog, p) for p in self.blog.listed))
        if self.store.is_current(path, digest(self.layout, "posts-index", repr(key))):
            return
        text = self.posts_index()
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.write("\n")

    def archive(self) -> GeneratedPage:
        pagename = self.blog.pagename("archive")
        dated = [p for p in self.blog.listed if p.date is not None]

        def render() -> str:
            years: list[dict[str, Any]] = []
            for post in dated:
                local = post.date.astimezone(self.blog.config.zone)  # type: ignore[union-attr]
                if not years or years[-1]["year"] != local.year:
                    years.append({"year": local.year, "label": str(local.year),
                                  "id": f"year-{local.year}", "months": []})
                months = years[-1]["months"]
                if not months or months[-1]["month"] != local.month:
                    months.append({"month": local.month, "id": f"month-{local:%Y-%m}",
                                   "label": self.renderer.date(local, "%B %Y"), "cards": []})
                months[-1]["cards"].append(self._card(post, pagename))
            return self.renderer.render(
                "listing.html", kind="archive", heading=_("Archive"),
                count_line=_plural(len(dated), "%(num)d post", "%(num)d posts"),
                groups=years, chips=[], cards=[], pagination=None,
            )

        head = self.feed_link(pagename, self.blog.blog_path, self.blog.title)[1]
        key = ("archive", tuple(card_key(self.app, self.blog, p) for p in dated))
        return GeneratedPage(pagename, _("Archive"), head, key, render)

    def overview(self, kind: str, heading: str) -> GeneratedPage:
        pagename = self.blog.pagename(kind)
        listed = [t for t in self.blog.terms[kind].values() if t.posts]

        def render() -> str:
            terms = [{"name": t.name, "url": relative_url(self.app, pagename, t.pagename),
                      "count": len(t.posts)} for t in listed]
            return self.renderer.render(
                "listing.html", kind=f"{kind}-overview", heading=heading,
                count_line=_plural(len(terms), "%(num)d entry", "%(num)d entries"),
                terms=terms, chips=[], cards=[], pagination=None,
            )

        key = ("overview", kind, tuple((t.name, t.slug, len(t.posts)) for t in listed))
        return GeneratedPage(pagename, heading, "", key, render)

    def series_overview(self) -> GeneratedPage:
        """``blog/series``: every series, with its number of parts."""
        pagename = self.blog.pagename("series")
        listed = list(self.blog.series.values())

        def render() -> str:
            terms = [{"name": s.name, "url": relative_url(self.app, pagename, s.pagename),
                      "count": len(s.parts), "parts": True} for s in listed]
            return self.renderer.render(
                "listing.html", kind="series-overview", heading=pgettext("series overview page heading", "Series"),
                count_line=_plural(len(terms), "%(num)d series", "%(num)d series"),
                terms=terms, chips=[], cards=[], pagination=None,
            )

        key = ("series-overview", tuple((s.name, s.slug, len(s.parts)) for s in listed))
        return GeneratedPage(pagename, pgettext("series overview page heading", "Series"), "", key, render)

    def redirect(self, pagename: str, target: str, title: str, what: str, seconds: str,
                 yields_to_documents: bool = False) -> GeneratedPage:
        """A page at ``pagename`` that forwards to ``target`` after ``seconds``."""
        url = relative_url(self.app, pagename, target)

        def render() -> str:
            return self.renderer.render("redirect.html", title=title, url=url, what=what)

        head = str(Markup('<meta http-equiv="refresh" content="{}; url={}">').format(seconds, url))
        return GeneratedPage(pagename, title, head, ("redirect", what, target, title, seconds), render,
                             yields_to_documents=yields_to_documents)

    def redirects(self) -> Iterator[GeneratedPage]:
        """ABlog's ``redirect``: old page names that forward to the post after
        ``post_redirect_refresh`` seconds, as ABlog's redirect pages do."""
        seconds = _refresh_seconds(getattr(self.app.config, "post_redirect_refresh", 0))
        for post in self.blog.records.values():
            for pagename in post.redirect:
                yield self.redirect(pagename, post.docname, post.title, "post", seconds)

    def address_redirects(self, taken: set[str]) -> Iterator[GeneratedPage]:
        """ABlog's address of each term page with published posts, where it differs from
        docblog's, forwarding at once to docblog's page. ``taken`` (docblog's own pages) wins."""
        taken = set(taken)
        for kind in TAXONOMIES:
            for term in self.blog.terms[kind].values():
                if not any(not self.blog.is_unpublished(p) for p in term.posts):
                    continue
                address = self.blog.ablog_pagename(term)
                if not address or address in taken:
                    continue
                taken.add(address)
                yield self.redirect(address, term.pagename, self.term_heading(term), "page", "0",
                                    yields_to_documents=True)

    def all_pages(self) -> Iterator[GeneratedPage]:
        pages: list[GeneratedPage] = []
        for listing in self.listings():
            pages.extend(self.listing_pages(listing))
        pages.append(self.archive())
        for kind, heading in (("category", _("Categories")), ("tag", _("Tags")), ("author", _("Authors")),
                              ("location", _("Locations")), ("language", _("Languages"))):
            if any(t.posts for t in self.blog.terms[kind].values()):
                pages.append(self.overview(kind, heading))
        if self.blog.series:
            pages.append(self.series_overview())
        yield from pages
        yield from self.address_redirects({p.pagename for p in pages})
        yield from self.redirects()

    def document_at(self, pagename: str) -> bool:
        """A document is written where ``pagename`` would be (dirhtml writes both ``x`` and
        ``x/index`` to ``x/index.html``). Not for the index at ``blog_path``: like ABlog's
        listing, it replaces a placeholder ``blog/index`` there."""
        docs = self.app.env.found_docs
        if pagename in docs:
            return True
        return (self.app.builder.name == "dirhtml" and pagename != self.blog.blog_path
                and f"{pagename}/index" in docs)

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        existing_docs = self.app.env.found_docs
        for page in self.all_pages():
            if page.pagename == self.blog.blog_path and page.pagename in existing_docs:
                # The site's own page at blog_path shows the index's first page in its body
                # (docblog.index_page), as ABlog's listing replaced it; no warning.
                continue
            if self.document_at(page.pagename):
                if not page.yields_to_documents and not lists_ablog(self.app.config.extensions):
                    # (An ABlog site keeps such documents silently, as ABlog does: sites keep
                    # ``blog/tag.md`` placeholders for their navigation.)
                    warn(f"docblog generates the page {page.pagename!r}, but a document of that "
                         "name exists; the document is kept", Subtype.PAGE, page.pagename)
                continue
            outfile = str(self.app.builder.get_outfilename(page.pagename))  # type: ignore[attr-defined]
            # The page's ABlog sidebars (recent posts, tag cloud…) show blog-wide data too.
            head = page.head
            fingerprint = digest(self.layout, page.pagename, page.title,
                                 repr(page.head_key) if callable(head) else head, repr(page.key),
                                 sidebar_key(self.app, page.pagename))
            if self.store.is_current(outfile, fingerprint):
                continue
            yield page.pagename, {
                "title": str(escape(page.title)),
                "body": page.render(),
                "metatags": head() if callable(head) else head,
                "docblog_page": True,
                "display_toc": False,
            }, page.template


def _refresh_seconds(value: Any) -> str:
    """``post_redirect_refresh`` as the whole number of seconds a refresh tag takes."""
    try:
        return str(max(0, int(value)))
    except (TypeError, ValueError):
        return "0"


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``."""
    if not is_html_builder(app):
        return
    writer = PageWriter(app)
    images.copy_images(app, [*writer.blog.listed, *writer.blog.unlisted])
    authors.copy_avatars(app, list(writer.blog.authors.values()))
    yield from writer.collect()
    if not is_epub_builder(app):  # the in-browser filter's data; a book has no use for it
        writer.write_posts_index()
    feeds.write_feeds(app)


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
    feeds.setup(app)
