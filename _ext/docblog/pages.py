"""Listing pages: the index (with pages 2, 3, …), category, tag, author, location, language,
year, archive and drafts pages, and redirects.

Every address ABlog writes keeps answering: year pages sit at ABlog's ``blog/<year>``, the
drafts page is always written, and where ABlog's slug of a term differs from docblog's
(``CI/CD``: ABlog ``cicd``, docblog ``ci-cd``) a redirect page at ABlog's address forwards to
docblog's page, which stays the canonical one.

All are rendered from the post records with one card component (``docblog/card.html``)
inside one listing fragment, placed in the theme's own ``page.html`` as the page body, so
they sit in the site's layout whatever the theme.

Each page is planned first as a :class:`GeneratedPage`: its fragment template and the plain
context that template receives (posts as :class:`Card` s of their views). Its fingerprint is
the stable hash of that context (:mod:`docblog.fingerprints`), so what decides whether a page
is rewritten is exactly what renders it; only pages whose fingerprint changed are rendered and
yielded to Sphinx. A no-op rebuild renders nothing, and plans nothing either: the plan is kept
while what it is made from (:meth:`PageWriter.sources`) stays the same.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields, replace
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util.osutil import relative_uri

from . import authors, cards, feeds, images, structured_data, theme
from .ablog_sidebars import sidebar_key
from .authors import Author
from .build_state import get_build, is_epub_builder, is_html_builder
from .collection import (
    TAXONOMIES,
    Blog,
    Term,
    get_blog,
    minutes_of,
    people_of,
    private_at,
    private_posts,
    this_build_time,
    unpublished_at,
)
from .config import get_config, lists_ablog
from .diagnostics import Subtype, warn
from .fingerprints import FingerprintStore, config_digest, digest, get_store, layout_key, stable_hash
from .i18n import language_tag, ngettext, pgettext, plural_templates
from .posts import Post, get_domain
from .rendering import MONTH_FORMAT, Renderer, get_renderer
from .views import DateText, PostView, materialize, relative_url, target_uri, view_of

_ = get_translation("docblog")

#: What the generated pages are planned from, of a post's record: every field but its word
#: counts (pages show the reading time they give) and the source lines of its keys.
_planned_fields = attrgetter(*(f.name for f in fields(Post) if f.name not in ("words", "cjk_characters", "lines")))


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
    return ngettext(singular, plural, n) % {"num": n}


def page_names(base: str, count: int) -> list[str]:
    return [base] + [f"{base}/page/{number}" for number in range(2, count + 1)]


@dataclass(frozen=True)
class Card:
    """A post's card on a listing page, rendered from the post's view with URLs for the page:
    the view and the page's name are all it depends on."""

    view: PostView
    pinned: bool = False

    @property
    def fingerprint(self) -> str:
        """What stands for the card in a page's fingerprint: its view's, and whether pinned."""
        return self.view.fingerprint + ("+pinned" if self.pinned else "")

    def materialize(self, app: Sphinx, pagename: str) -> CardOnPage:
        return CardOnPage(app, self.view, target_uri(app, pagename), self.pinned)


class CardOnPage(Mapping[str, Any]):
    """What a listing's template receives of a card: ``html``, the card as rendered for the
    page (:func:`docblog.cards.card_at`), and the view's fields with URLs for the
    page, made only if the template reads them (a site's own ``listing.html`` may)."""

    def __init__(self, app: Sphinx, view: PostView, base: str, pinned: bool) -> None:
        self._app, self._view, self._base, self._pinned = app, view, base, pinned
        self._fields: dict[str, Any] | None = None
        self._html: Markup | None = None

    def _all(self) -> dict[str, Any]:
        if self._fields is None:
            fields = self._view.at(self._app, self._base)
            self._fields = {**fields, "show_pin": True} if self._pinned else fields
        return self._fields

    @property
    def html(self) -> Markup:
        """The card as rendered for the page (read twice by listing.html, "post.html if
        post.html is defined": an attribute, which Jinja tries before an item)."""
        if self._html is None:
            self._html = cards.card_at(self._app, self._view, self._base, self._pinned)
        return self._html

    def __getitem__(self, key: str) -> Any:
        return self.html if key == "html" else self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._all(), "html"])

    def __len__(self) -> int:
        return len(self._all()) + 1


@dataclass
class GeneratedPage:
    """A page to write: its fragment template (``docblog/<fragment>``) and the context that
    template receives (plain values and :class:`Card` s), from which both the page's
    fingerprint and, only when that changed, its body are made."""

    pagename: str
    title: str
    fragment: str
    context: dict[str, Any]
    #: Tags for ``<head>``: strings, and planned parts made when the page is rendered.
    head: tuple[Any, ...] = ()
    template: str = "page.html"
    #: A document of the same name silently wins (redirects from ABlog's addresses).
    yields_to_documents: bool = False


#: The JSON index of every listed post, next to the blog's category folder: ``blog/posts.json``.
POSTS_INDEX_FILE = "posts.json"
POSTS_INDEX_VERSION = 1


def posts_index_path(blog: Blog) -> str:
    """Output path of the posts index, relative to the output folder."""
    return f"{blog.blog_path}/{POSTS_INDEX_FILE}"


class PageWriter:
    def __init__(self, app: Sphinx, blog: Blog | None = None) -> None:
        self.app = app
        #: The blog the pages are planned from when it is not this build's (the blog as it was).
        self.given_blog = blog
        self.renderer: Renderer = get_renderer(app)
        self._filter_forms: dict[str, str] | None = None
        self._views: dict[str, tuple[Post, PostView]] = {}

    @cached_property
    def blog(self) -> Blog:
        """The blog of this build, built when a page is planned (a kept plan needs none)."""
        return self.given_blog if self.given_blog is not None else get_blog(self.app)

    @cached_property
    def layout(self) -> str:
        """What every generated page shares besides its own context."""
        return stable_hash(layout_key(self.app), self.renderer.version, repr(get_config(self.app)),
                           self.app.config.blog_title, self.app.config.blog_baseurl,
                           self.app.config.language, theme.style_key())

    # --- what the pages are ------------------------------------------------------------

    def index_heading(self) -> str:
        """The index's heading: the title of the site's own page at ``blog_path`` if it has one
        (ABlog writes its listing at that address, so ABlog sites keep a placeholder there)."""
        blog_path = self.app.config.blog_path
        title = self.app.env.titles.get(blog_path)
        if blog_path in self.app.env.found_docs and title is not None and title.astext():
            return title.astext()
        return _(get_config(self.app).index_title)

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
        names = self.page_names_of(listing)
        chunks = [listing.posts[i:i + per_page] for i in range(0, len(names) * per_page, per_page)]
        for number, (pagename, chunk) in enumerate(zip(names, chunks, strict=True), start=1):
            title = listing.heading if number == 1 else _("%(title)s (page %(number)d)") % {
                "title": listing.heading, "number": number}
            shown_feeds = [(listing.feed_pagename, listing.heading)]
            if listing.feed_pagename != self.blog.blog_path:
                shown_feeds.append((self.blog.blog_path, self.blog.title))
            pinned = listing.kind == "index" and number == 1
            cards = [self.card(p, pinned) for p in chunk]
            context: dict[str, Any] = {
                "kind": listing.kind,
                "heading": listing.heading,
                "description": listing.description,
                "count_line": listing.count_line,
                "empty": listing.empty,
                "feed_url": self.feed_link(pagename, listing.feed_pagename, listing.heading)[0],
                "chips": self.chips(pagename, listing.chips_current)
                if listing.chips_current is not None else [],
                "cards": cards,
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
            head = ("".join(self.feed_link(pagename, feed, feed_title)[1] for feed, feed_title in shown_feeds),
                    *self.search_engine_tags(title, listing.count_line, listing.description,
                                             [card.view for card in cards],
                                             is_index=listing.kind == "index"))
            yield GeneratedPage(pagename, title, "listing.html", context, head)

    def search_engine_tags(self, title: str, count_line: str, description: str,
                           views: list[PostView], is_index: bool = False) -> tuple[Any, ...]:
        """A listing page's ``<meta name="description">`` (its description, else the blog's
        subtitle on the index, else its heading and count) and schema.org data (made when
        the page is rendered)."""
        subtitle = str(self.app.config.blog_feed_subtitle or "") if is_index else ""
        text = description or subtitle or f"{title} — {count_line}"
        return (structured_data.description(text),
                structured_data.ListingData(title, tuple(views), is_index=is_index))

    def card(self, post: Post, pinned: bool = False) -> Card:
        """A post's card; ``pinned`` on the index's first page, where pinned posts show it."""
        view = self.view(post)
        return Card(view, pinned and view.pinned)

    def view(self, post: Post) -> PostView:
        """The post's view (each is shown on several listings: looked up once per writer)."""
        found = self._views.get(post.docname)
        if found is None or found[0] is not post:
            found = self._views[post.docname] = (post, view_of(self.app, self.blog, post))
        return found[1]

    def render(self, page: GeneratedPage) -> str:
        """The page's body: its fragment rendered with its context, cards made from views."""
        return self.renderer.render(page.fragment, **materialize(self.app, page.pagename, page.context))

    def head(self, page: GeneratedPage) -> str:
        """The page's ``<head>`` tags, as written."""
        return "".join(materialize(self.app, page.pagename, part) for part in page.head)

    def fingerprint(self, page: GeneratedPage) -> str:
        """:func:`~docblog.fingerprints.stable_hash` of what the page's templates receive: its
        context, title and head, the shared layout, and what its ABlog sidebars show."""
        return stable_hash(self.layout, page.pagename, page.title, page.fragment, page.template,
                           page.context, page.head, sidebar_key(self.app, page.pagename))

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
        if self._filter_forms is None:
            self._filter_forms = plural_templates(language, lambda n: ngettext(
                "%(num)d post in %(category)s", "%(num)d posts in %(category)s", n))
        forms = self._filter_forms
        return {
            "index_url": relative_uri(self.app.builder.get_target_uri(pagename),
                                      posts_index_path(self.blog)),
            "lang": language_tag(language),
            "count_forms": json.dumps(forms, ensure_ascii=False, sort_keys=True),
            # For a site's own docblog/listing.html written before count_forms.
            "count_one": forms.get("one", forms["other"]),
            "count_other": forms["other"],
        }

    def posts_index_inputs(self) -> dict[str, Any]:
        """What ``posts.json`` is made of: every listed post's view, the categories."""
        base = posts_index_path(self.blog)
        categories = [
            {"name": t.name, "slug": t.slug, "count": len(t.posts),
             "url": relative_uri(base, self.app.builder.get_target_uri(t.pagename))}
            for t in self.blog.terms["category"].values() if t.posts
        ]
        return {
            "version": POSTS_INDEX_VERSION,
            "labels": {"draft": str(_("Draft"))},
            "categories": categories,
            "posts": [self.view(post) for post in self.blog.listed],
        }

    def posts_index(self, inputs: dict[str, Any]) -> str:
        """JSON of every listed post, newest first, for filtering a paginated index in place.

        URLs are relative to the JSON file itself; every value is author text or a display
        string, written with :func:`json.dumps` and only ever read with ``JSON.parse``. Each
        post's entry is kept between builds with the cards (:mod:`docblog.cards`), by its view
        and the pages' layout (which holds the config its URLs are made with), so a file
        rewritten after one post changed serializes one entry.
        """
        kept = cards.kept_cards(self.app)
        entries = []
        for post_view in inputs["posts"]:
            name = f"{post_view.fingerprint}+posts.json:{self.layout}"
            entry = kept.get(name)
            if entry is None:
                entry = json.dumps(self._posts_index_entry(post_view), ensure_ascii=True,
                                   sort_keys=True, indent=None, separators=(",", ":"))
                kept.put(name, entry)
            entries.append(entry)
        # The keys are sorted and every string escaped, so '"posts":[]' is the posts' place.
        document = json.dumps({**inputs, "posts": []},
                              ensure_ascii=True, sort_keys=True, indent=None, separators=(",", ":"))
        return document.replace('"posts":[]', '"posts":[' + ",".join(entries) + "]", 1)

    def _posts_index_entry(self, post_view: PostView) -> dict[str, Any]:
        base = posts_index_path(self.blog)
        # The same view and card template as the pages' cards, with URLs relative to this
        # file: the in-browser filter shows exactly the card a page would.
        view = post_view.at(self.app, base)
        return {
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
            "card": str(cards.card_at(self.app, post_view, base)).strip(),
        }

    def write_posts_index(self) -> str:
        """Write ``blog/posts.json`` when its inputs changed (fingerprinted like the pages);
        its path."""
        path = os.path.join(self.app.outdir, *posts_index_path(self.blog).split("/"))
        inputs = self.posts_index_inputs()
        if get_store(self.app).is_current(path, stable_hash(self.layout, "posts.json", inputs)):
            return path
        text = self.posts_index(inputs)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.write("\n")
        return path

    def archive(self) -> GeneratedPage:
        pagename = self.blog.pagename("archive")
        years: list[dict[str, Any]] = []
        count = 0
        for post in self.blog.listed:
            card = self.card(post)
            local = card.view.date  # in the blog's zone
            if local is None:
                continue
            count += 1
            if not years or years[-1]["year"] != local.year:
                years.append({"year": local.year, "label": str(local.year),
                              "id": f"year-{local.year}", "months": []})
            months = years[-1]["months"]
            if not months or months[-1]["month"] != local.month:
                months.append({"month": local.month, "id": f"month-{local:%Y-%m}",
                               "label": DateText(local.date().replace(day=1), MONTH_FORMAT), "cards": []})
            months[-1]["cards"].append(card)
        count_line = _plural(count, "%(num)d post", "%(num)d posts")
        context = {"kind": "archive", "heading": _("Archive"), "count_line": count_line,
                   "groups": years, "chips": [], "cards": [], "pagination": None}
        newest = [card.view for year in years for month in year["months"] for card in month["cards"]]
        # (the newest posts only: the archive lists every post, its head need not)
        head = (self.feed_link(pagename, self.blog.blog_path, self.blog.title)[1],
                *self.search_engine_tags(_("Archive"), count_line, "",
                                         newest[:self.blog.config.posts_per_page]))
        return GeneratedPage(pagename, _("Archive"), "listing.html", context, head)

    def overview(self, kind: str, heading: str) -> GeneratedPage:
        pagename = self.blog.pagename(kind)
        terms = [{"name": t.name, "url": relative_url(self.app, pagename, t.pagename),
                  "count": len(t.posts)} for t in self.blog.terms[kind].values() if t.posts]
        count_line = _plural(len(terms), "%(num)d entry", "%(num)d entries")
        return GeneratedPage(pagename, heading, "listing.html", {
            "kind": f"{kind}-overview", "heading": heading, "count_line": count_line,
            "terms": terms, "chips": [], "cards": [], "pagination": None},
            self.search_engine_tags(heading, count_line, "", []))

    def series_overview(self) -> GeneratedPage:
        """``blog/series``: every series, with its number of parts."""
        pagename = self.blog.pagename("series")
        heading = pgettext("series overview page heading", "Series")
        terms = [{"name": s.name, "url": relative_url(self.app, pagename, s.pagename),
                  "count": len(s.parts), "parts": True} for s in self.blog.series.values()]
        count_line = _plural(len(terms), "%(num)d series", "%(num)d series")
        return GeneratedPage(pagename, heading, "listing.html", {
            "kind": "series-overview", "heading": heading, "count_line": count_line,
            "terms": terms, "chips": [], "cards": [], "pagination": None},
            self.search_engine_tags(heading, count_line, "", []))

    def redirect(self, pagename: str, target: str, title: str, what: str, seconds: str,
                 yields_to_documents: bool = False) -> GeneratedPage:
        """A page at ``pagename`` that forwards to ``target`` after ``seconds``."""
        url = relative_url(self.app, pagename, target)
        head = (str(Markup('<meta http-equiv="refresh" content="{}; url={}">').format(seconds, url)),)
        return GeneratedPage(pagename, title, "redirect.html", {"title": title, "url": url, "what": what},
                             head, yields_to_documents=yields_to_documents)

    def redirects(self) -> Iterator[GeneratedPage]:
        """ABlog's ``redirect``: old page names that forward to the post after
        ``post_redirect_refresh`` seconds, as ABlog's redirect pages do."""
        seconds = _refresh_seconds(getattr(self.app.config, "post_redirect_refresh", 0))
        for post in self.blog.records.values():
            if post.docname in self.blog.private:
                continue
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

    def other_pages(self, listing_pages: set[str]) -> Iterator[GeneratedPage]:
        """The pages that are not pages of a listing (``listing_pages`` names those): the
        archive, the overviews, and the redirects."""
        pages: list[GeneratedPage] = [self.archive()]
        for kind, heading in (("category", _("Categories")), ("tag", _("Tags")), ("author", _("Authors")),
                              ("location", _("Locations")), ("language", _("Languages"))):
            if any(t.posts for t in self.blog.terms[kind].values()):
                pages.append(self.overview(kind, heading))
        if self.blog.series:
            pages.append(self.series_overview())
        yield from pages
        yield from self.address_redirects(listing_pages | {p.pagename for p in pages})
        yield from self.redirects()

    def page_names_of(self, listing: Listing) -> list[str]:
        """The names of a listing's pages (as :meth:`listing_pages` paginates it)."""
        per_page = self.blog.config.posts_per_page
        return page_names(listing.pagename, max(1, -(-len(listing.posts) // per_page)))

    # --- the plan of each listing, kept while what it is made from is the same --------------

    @cached_property
    def blog_wide(self) -> str:
        """What a listing's pages read of the blog besides their own listing: the categories
        (their chips, and whether each has a feed), and everything the plan is made from but
        the posts' records (:meth:`sources`)."""
        blog = self.blog
        categories = [(t.name, t.slug, t.pagename, len(t.posts), bool(feeds.published_of(blog, t.posts)))
                      for t in blog.terms["category"].values()]
        return stable_hash(self.sources_but_records, categories)

    def listing_key(self, listing: Listing) -> str:
        """:func:`~docblog.fingerprints.stable_hash` of what :meth:`listing_pages` makes the
        listing's pages from: the listing (its posts by their views' fingerprints, which stand
        for their cards), what it reads of the rest of the blog (:attr:`blog_wide`), and what
        each page's ABlog sidebars show. While it is the previous build's, so is every page's
        context, and so its fingerprint: a title edit plans only the listings that show the post."""
        posts = digest(*(self.view(post).fingerprint for post in listing.posts))
        return stable_hash(self.blog_wide, replace(listing, posts=[]), posts,
                           [sidebar_key(self.app, name) for name in self.page_names_of(listing)])

    def document_at(self, pagename: str) -> bool:
        """A document is written where ``pagename`` would be (dirhtml writes both ``x`` and
        ``x/index`` to ``x/index.html``). Not for the index at ``blog_path``: like ABlog's
        listing, it replaces a placeholder ``blog/index`` there."""
        docs = self.app.env.found_docs
        if pagename in docs:
            return True
        return (self.app.builder.name == "dirhtml" and pagename != self.blog.blog_path
                and f"{pagename}/index" in docs)

    def sources(self) -> str:
        """A digest of what the generated pages are planned from: the post records (word
        counts as the reading time they give), which posts this build's clock publishes, and
        the rest (:attr:`sources_but_records`).

        When it is the previous build's, the plan — every page's context, and so its
        fingerprint — is the previous build's too, and is not made again: a no-op build, or
        an edit no listing shows (most edits of a body), plans nothing.
        """
        config, now, posts = get_config(self.app), this_build_time(self.app), self.records
        records = [(_planned_fields(post), minutes_of(config, post),
                    private_at(config, post, now), unpublished_at(post, now))
                   for _docname, post in sorted(posts.items())]
        return digest(self.sources_but_records, repr(records))

    @property
    def records(self) -> dict[str, Post]:
        """The post records the pages are planned from (the blog's, when it was given)."""
        return self.given_blog.records if self.given_blog is not None else get_domain(self.app.env).posts

    @cached_property
    def people(self) -> dict[str, Author]:
        """The site's authors (the blog's, when it was given)."""
        return self.given_blog.authors if self.given_blog is not None else people_of(self.app)

    @cached_property
    def sources_but_records(self) -> str:
        """What the generated pages are planned from besides the post records: the Sphinx
        config, the layout (theme, templates, navigation), the index's heading, the site's
        documents, and whether the image and avatar files the pages show are there."""
        app = self.app
        files = sorted({*(images.output_path(p) for p in self.records.values()),
                        *(person.avatar for person in self.people.values())} - {""})
        # Feeds with full text show the bodies kept as post pages are written: when one was
        # written in this build, the plan is made again (each feed is still written only when
        # its own fingerprint changed).
        bodies = os.urandom(8).hex() if get_build(app).fulltext_written else ""
        return digest(self.layout, config_digest(app.config), self.index_heading(),
                      "\n".join(sorted(app.env.found_docs)), bodies,
                      repr([(path, (Path(app.srcdir) / path).is_file(), (Path(app.confdir) / path).is_file())
                            for path in files]))

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        store = get_store(self.app)
        sources = self.sources()
        if store.plan_kept(sources):
            return
        warnings = getattr(self.app, "_warncount", None)
        # Feeds first: what serializing them takes (feedgen's entries and lxml's trees, about
        # 6 MiB at 1,000 posts) is then freed for the pages to use, rather than added on top of
        # what the pages keep (cards, URLs by folder) at the build's peak of memory.
        planned = list(feeds.write_feeds(self.app))
        for outfile, page in self.pages_to_write(store):
            planned.append(outfile)
            if page is not None:
                yield page
        if not is_epub_builder(self.app):  # the in-browser filter's data; a book has no use for it
            planned.append(self.write_posts_index())
        if warnings is not None and warnings == getattr(self.app, "_warncount", None):
            # (A plan that warned is made again by the next build, which warns again.)
            store.remember_plan(sources, planned)

    def pages_to_write(
            self, store: FingerprintStore) -> Iterator[tuple[str, tuple[str, dict[str, Any], str] | None]]:
        """Each generated page's output file, with the page for Sphinx to write when its
        fingerprint changed (else None). A listing whose key (:meth:`listing_key`) is the
        previous build's keeps its pages' fingerprints without being planned."""
        names: set[str] = set()
        for listing in self.listings():
            names.update(self.page_names_of(listing))
            key, where = self.listing_key(listing), f"{listing.kind}:{listing.pagename}"
            kept = store.listing_kept(where, key)
            if kept is not None:
                yield from ((outfile, None) for outfile in kept)
                continue
            warnings = getattr(self.app, "_warncount", None)
            outfiles = []
            for outfile, page in self.write_or_keep(store, self.listing_pages(listing)):
                outfiles.append(outfile)
                yield outfile, page
            if warnings is not None and warnings == getattr(self.app, "_warncount", None):
                # (A listing that warned is planned again by the next build, which warns again.)
                store.remember_listing(where, key, outfiles)
        yield from self.write_or_keep(store, self.other_pages(names))

    def write_or_keep(self, store: FingerprintStore, pages: Iterable[GeneratedPage],
                      ) -> Iterator[tuple[str, tuple[str, dict[str, Any], str] | None]]:
        """Each page's output file, with the page for Sphinx to write when its fingerprint
        changed (else None); none for a page a document of the site takes the place of."""
        existing_docs = self.app.env.found_docs
        for page in pages:
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
            if store.is_current(outfile, self.fingerprint(page)):
                yield outfile, None
                continue
            yield outfile, (page.pagename, {
                "title": str(escape(page.title)),
                "body": self.render(page),
                "metatags": self.head(page),
                "docblog_page": True,
                "display_toc": False,
            }, page.template)


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
    private = private_posts(app)
    images.copy_images(app, [post for name, post in writer.records.items() if name not in private])
    authors.copy_avatars(app, list(writer.people.values()))
    yield from writer.collect()
    feeds.note_no_feeds(app)


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_pages)
    feeds.setup(app)
    cards.setup(app)
