"""The blog as one build sees it: listed posts, drafts, years, taxonomies, neighbours.

Taxonomies are ABlog's: categories, tags, authors, locations and languages; the last three
take display names and links from ``blog_authors`` / ``blog_locations`` / ``blog_languages``
(label → (name, link)) and ``blog_default_*`` for posts that name none.

Built from the domain's records once per build (cached on the builder, reset when the
environment changes), so every page, feed and post header reads the same answers.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.locale import get_translation

from . import reading_time, translations
from .authors import Author, directory
from .build_state import get_build
from .config import DocblogConfig, get_config
from .diagnostics import Subtype, warn
from .posts import Post, get_domain
from .slugs import ablog_slugify, name_key, slugify

if TYPE_CHECKING:  # only for annotations: `docblog check` runs without loading Sphinx's app
    from sphinx.application import Sphinx


#: kind → (front-matter key, record attribute, subtype, folder under blog_path)
TAXONOMIES = {
    "category": ("category", "categories", Subtype.CATEGORY, "category"),
    "tag": ("tags", "tags", Subtype.TAG, "tag"),
    "author": ("author", "authors", Subtype.AUTHOR, "author"),
    "location": ("location", "location", Subtype.FRONT_MATTER, "location"),
    "language": ("language", "language", Subtype.FRONT_MATTER, "language"),
}
#: kind → (ABlog setting of label → (display name, link), ABlog setting of default labels)
DIRECTORIES = {
    "author": ("blog_authors", "blog_default_author"),
    "location": ("blog_locations", "blog_default_location"),
    "language": ("blog_languages", "blog_default_language"),
}
_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)
_ = get_translation("docblog")


@dataclass
class Term:
    """One category, tag, author, location or language and its listed posts, newest first."""

    kind: str
    name: str
    slug: str
    pagename: str
    posts: list[Post] = field(default_factory=list)
    description: str = ""
    #: The href ``blog_authors`` / ``blog_locations`` / ``blog_languages`` give the term
    #: (ABlog's ``collection.href``), or "".
    link: str = ""


@dataclass
class Series:
    """A multi-part series: its listed parts in reading order."""

    name: str
    slug: str
    pagename: str
    parts: list[Post] = field(default_factory=list)

    def number(self, post: Post) -> int:
        """The part's number, from 1."""
        return next(i for i, p in enumerate(self.parts, start=1) if p.docname == post.docname)


def newest_first(records: dict[str, Post]) -> list[Post]:
    """Dated posts newest first; undated ones (drafts) before them; ties by docname."""
    return sorted(records.values(), key=lambda p: (p.date or _FAR_FUTURE, p.docname), reverse=True)


def this_build_time(app: Sphinx) -> dt.datetime:
    """The time this build publishes at (set at ``env-get-outdated``; now, before that)."""
    return get_build(app).now or build_time()


def build_time() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(float(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Finding:
    """A problem (a build warning) or a note (advice for ``docblog check``) about the posts."""

    message: str
    subtype: Subtype
    location: Any
    note: bool = False


class Blog:
    def __init__(
        self,
        config: DocblogConfig,
        records: dict[str, Post],
        *,
        blog_path: str = "blog",
        title: str = "Blog",
        author_names: dict[str, str] | None = None,
        directories: dict[str, dict[str, tuple[str, str]]] | None = None,
        defaults: dict[str, tuple[str, ...]] | None = None,
        people: dict[str, Author] | None = None,
        now: dt.datetime | None = None,
        language: str | None = None,
        advice: bool = False,
    ) -> None:
        self.config = config
        #: The site's language (Sphinx's ``language``) as a BCP 47 tag: posts that name none
        #: are in it, and a translation group is listed by its version in it.
        self.language = translations.language_code(language or "en") or "en"
        self.blog_path = blog_path
        self.title = title
        #: What is wrong across posts (names that make no page, or share one): building a blog
        #: emits nothing, so it can be built twice (the blog as it was); the build's own blog
        #: reports these once (:func:`get_blog`), ``docblog check`` prints them.
        self.findings: list[Finding] = []
        #: The time this blog is published at: a post dated later is not published yet.
        self.now = now or build_time()
        self.records = dict(records)
        self._read_people(directories, author_names, people)
        self.defaults = {kind: tuple(labels) for kind, labels in (defaults or {}).items() if labels}
        self._language: dict[str, str] = {}
        self._partition()
        if advice:  # (notes: only ``docblog check`` shows them)
            self._warn_duplicates()
        self.terms: dict[str, dict[str, Term]] = {}
        self._term_of: dict[tuple[str, str], Term] = {}
        oldest_first = sorted(self.records.values(), key=lambda p: (p.date or _FAR_FUTURE, p.docname))
        for kind in TAXONOMIES:
            self._collect_terms(kind, oldest_first)
        self.years: dict[int, list[Post]] = {}
        for post in self.listed:
            if post.date is not None:
                self.years.setdefault(post.date.astimezone(self.config.zone).year, []).append(post)
        self._position = {p.docname: i for i, p in enumerate(self.listed)}
        self.series: dict[str, Series] = {}
        self._series_of: dict[str, Series] = {}
        self._collect_series()
        self._related: dict[str, list[Post]] = {}
        self._bit: dict[str, int] = {}
        self._tag_bits: dict[str, int] = {}
        self._by_category: dict[str, tuple[list[Post], list[float]]] | None = None
        self._category_keys: dict[str, set[str]] = {}
        #: The published posts' docnames (by :attr:`_bit` number) and timestamps (by docname).
        self._published_names: list[str] = []
        self._stamps: dict[str, float] = {}
        #: A tag's number, and a published post's tags as the bits of their numbers.
        self._tag_number: dict[str, int] = {}
        self._tag_masks: dict[str, int] = {}

    def _partition(self) -> None:
        """Sort the posts into private, unlisted, drafts and listed ones (one per translation
        group), and the index's order."""
        ordered = newest_first(self.records)
        #: Posts that leave no trace in this build (:meth:`is_private`): no page, no listing.
        self.private = {p.docname for p in ordered if self.is_private(p)}
        #: ``unlisted: true`` posts: built and reachable, in no listing, feed or sitemap.
        self.unlisted = [p for p in ordered if p.unlisted and p.docname not in self.private]
        self.drafts = [p for p in ordered if self.is_unpublished(p) and not p.unlisted
                       and p.docname not in self.private]
        published = [p for p in ordered if not self.is_unpublished(p) and not p.unlisted]
        #: Every listed post, each version of a translated post included (language pages).
        self.listed_versions = self.listed_of(self.records)
        self._group_translations()
        self.published = [p for p in published if p.docname not in self.other_versions]
        self._published_by_name = {p.docname: p for p in self.published}
        #: The listed posts, one per translation group (its representative), newest first.
        self.listed = [p for p in self.listed_versions if p.docname not in self.other_versions]
        #: The index's order: pinned posts first (newest first), then the others by date.
        self.index_posts = ([p for p in self.listed if p.pin]
                            + [p for p in self.listed if not p.pin])

    # --- translations ---------------------------------------------------------------------

    def _group_translations(self) -> None:
        """Versions of one post in several languages (:mod:`docblog.translations`)."""
        visible = {d: p for d, p in self.records.items() if d not in self.private}
        groups, unresolved = translations.find_groups(visible, self.language_of)
        for post in unresolved:
            if translations.resolve(post, self.records):
                continue  # a version not published yet: nothing to say, nothing to link
            self._problem(f"'translation_of' names {post.translation_of!r}, which is not a post; "
                          "the post is listed on its own", Subtype.FRONT_MATTER,
                          (post.docname, post.line("translation_of")))
        listed = {p.docname: p for p in self.listed_versions}
        #: docname → the group's docnames (every version, visible or not): shared titles
        #: inside a group are normal.
        self.group_of: dict[str, tuple[str, ...]] = {}
        #: docname → the group's listed versions, representative first, then by language.
        self._versions: dict[str, list[Post]] = {}
        #: Listed versions other than their group's representative: out of every listing but
        #: their language's page.
        self.other_versions: set[str] = set()
        for group in groups:
            for docname in group:
                self.group_of[docname] = tuple(group)
            shown = [listed[d] for d in group if d in listed]
            seen: dict[str, str] = {}
            for post in sorted(shown, key=lambda p: p.docname):
                code = self.language_of(post)
                if code and code in seen:
                    self._problem(f"{post.docname!r} and {seen[code]!r} are both the {code!r} "
                                  "version of one translated post", Subtype.FRONT_MATTER,
                                  (post.docname, post.line("language")))
                seen.setdefault(code, post.docname)
            if len(shown) < 2:
                continue
            first = min(shown, key=lambda p: (self.language_of(p) != self.language,
                                              p.date or _FAR_FUTURE, p.docname))
            ordered = [first, *sorted((p for p in shown if p is not first),
                                      key=lambda p: (self.language_of(p), p.docname))]
            for post in shown:
                self._versions[post.docname] = ordered
            self.other_versions.update(p.docname for p in shown if p is not first)
        for docname in group_members_not_listed(self.group_of, listed):
            # A draft or unlisted version's page still names the listed versions.
            others = [listed[d] for d in self.group_of[docname] if d in listed]
            if others:
                self._versions[docname] = self._versions.get(others[0].docname, others)

    def language_of(self, post: Post) -> str:
        """The post's language as a BCP 47 tag: its first ``language``, else
        ``blog_default_language``, else the site's; "" when its label names no language."""
        own = self.records.get(post.docname) is post
        found = self._language.get(post.docname) if own else None
        if found is None:
            labels = self.names_of(post, "language")
            found = self.language
            if labels:
                label = labels[0]
                found = (translations.language_code(label, self.language)
                         or translations.language_code(self.display_name("language", label),
                                                       self.language))
            if own:
                self._language[post.docname] = found
        return found

    def versions(self, post: Post) -> list[Post]:
        """The listed versions of ``post`` (itself included when listed), the group's
        representative first, or [] when it has no other listed version."""
        return self._versions.get(post.docname, [])

    def language_label(self, post: Post) -> str:
        """The post's language as readers see it named: in its own language ("English",
        "Español"), else as the post or ``blog_languages`` names it."""
        code = self.language_of(post)
        name = translations.language_name(code) if code else ""
        if not name:
            labels = self.names_of(post, "language")
            name = self.display_name("language", labels[0]) if labels else code
        return name

    def representative(self, post: Post) -> Post:
        """The version listings show for ``post`` (the post itself when it has no other)."""
        versions = self.versions(post)
        return versions[0] if versions else post

    def _read_people(self, directories: dict[str, dict[str, tuple[str, str]]] | None,
                     author_names: dict[str, str] | None, people: dict[str, Author] | None) -> None:
        """ABlog's label → (name, link) directories, with docblog's authors in the authors'."""
        self.directories: dict[str, dict[str, tuple[str, str]]] = {
            kind: dict(entries) for kind, entries in (directories or {}).items()}
        if author_names:
            authors = self.directories.setdefault("author", {})
            for label, name in author_names.items():
                authors.setdefault(label, (name, ""))
        self.authors: dict[str, Author] = dict(people or {})
        author_directory = self.directories.setdefault("author", {})
        for label, person in self.authors.items():
            author_directory[label] = (person.name, person.links[0][1] if person.links else "")
        self._authors_by_name: dict[str, Author] = {}
        for _label, person in sorted(self.authors.items()):
            self._authors_by_name.setdefault(name_key(person.name), person)

    @classmethod
    def from_app(cls, app: Sphinx, records: dict[str, Post] | None = None,
                 now: dt.datetime | None = None, advice: bool = False) -> Blog:
        """The blog of ``records`` (default: the domain's) at ``now`` (default: this build's
        time), with the site's settings; ``advice``: with the notes ``docblog check`` shows."""
        directories = directories_of(app)
        defaults = {kind: read_labels(getattr(app.config, default, None))
                    for kind, (_setting, default) in DIRECTORIES.items()}
        return cls(get_config(app), get_domain(app.env).posts if records is None else records,
                   blog_path=app.config.blog_path, title=app.config.blog_title,
                   directories=directories, defaults=defaults,
                   people=people_of(app, directories), now=now or this_build_time(app),
                   language=app.config.language, advice=advice)

    def _problem(self, message: str, subtype: Subtype, location: Any) -> None:
        self.findings.append(Finding(message, subtype, location))

    def _note(self, message: str, subtype: Subtype, location: Any) -> None:
        """Advice that is not an error (shared titles, case variants): ``docblog check`` only."""
        self.findings.append(Finding(message, subtype, location, note=True))

    def _warn_duplicates(self) -> None:
        """Two posts with one title, or one file name in two folders, may confuse readers; both
        are normal on real sites (translations, a "Development log" series): advice only."""
        seen_titles: dict[str, Post] = {}
        seen_names: dict[str, Post] = {}
        for post in sorted(self.records.values(), key=lambda p: p.docname):
            title_key = name_key(post.title)
            same = seen_titles.get(title_key)
            if same is not None and same.docname in self.group_of.get(post.docname, ()):
                pass  # versions of one post in several languages often share their title
            elif same is not None:
                self._note(f"another post has the same title {post.title!r}: "
                     f"{seen_titles[title_key].docname}", Subtype.TITLE,
                     (post.docname, post.line("title")))
            seen_titles.setdefault(title_key, post)
            base = name_key(post.docname.rsplit("/", 1)[-1])
            if base in seen_names and base != "index":
                self._note(f"another post has the same file name {base!r}: {seen_names[base].docname}; "
                     "ABlog-style references by file name are ambiguous", Subtype.SLUG,
                     (post.docname, 1))
            seen_names.setdefault(base, post)

    def listed_of(self, records: dict[str, Post]) -> list[Post]:
        """The posts this blog lists, newest first, out of ``records``."""
        posts = [p for p in newest_first(records) if not p.unlisted]
        return posts if self.config.drafts_shown else [p for p in posts if not self.is_unpublished(p)]

    # --- posts ---------------------------------------------------------------------------

    def is_unpublished(self, post: Post) -> bool:
        return unpublished_at(post, self.now)

    def is_private(self, post: Post) -> bool:
        return private_at(self.config, post, self.now)

    def placing(self, post: Post | None) -> tuple[Any, ...] | None:
        """What decides where a post is shown among others: listed or not, date, taxonomy,
        series. When it is the same before and after an edit for every changed post, the
        blog has the same shape: order, neighbours, series, related lists, every term's
        posts (and so whether a term has a page) and years."""
        if post is None:
            return None
        return (self.is_unpublished(post), post.unlisted, post.date, post.pin, post.series,
                post.series_order, post.translation_key, post.translation_of,
                *(tuple(self.names_of(post, kind)) for kind in TAXONOMIES))

    def minutes(self, post: Post) -> int:
        return minutes_of(self.config, post)

    # --- series -------------------------------------------------------------------------

    def _collect_series(self) -> None:
        """Series of listed posts, each part in ``series_order`` order (else by date)."""
        grouped: dict[str, list[Post]] = defaultdict(list)
        for post in reversed(self.listed):  # oldest first: the first spelling names the series
            if post.series:
                grouped[name_key(post.series)].append(post)
        taken: set[str] = set()
        for _key, parts in sorted(grouped.items()):
            name = parts[0].series
            base = slugify(name) or "series"
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
            parts.sort(key=lambda p: (p.series_order is None, p.series_order or 0,
                                      p.date or _FAR_FUTURE, p.docname))
            series = Series(name, slug, self.pagename("series", slug), parts)
            self.series[slug] = series
            for post in parts:
                self._series_of[post.docname] = series

    def series_of(self, post: Post) -> Series | None:
        """The series ``post`` is a listed part of, or None."""
        return self._series_of.get(post.docname)

    # --- related posts ------------------------------------------------------------------

    def related(self, post: Post) -> list[Post]:
        """Up to ``docblog_related_posts`` published posts sharing a tag or category with
        ``post``: most shared tags first, then most shared categories, then nearest in date,
        then by docname, so every build of the same sources gives the same list.

        Posts are indexed by tag (as bit sets) and category once, so each post costs a few
        operations on integers, the posts that make the most-shared groups, and a short walk
        outwards in date order in its category (not a pass over the whole blog).
        """
        wanted = self.config.related_posts
        if wanted <= 0:
            return []
        found = self._related.get(post.docname)
        if found is not None:
            return found
        if self._by_category is None:
            self._index_for_related()
        assert self._by_category is not None
        tags = {name_key(t.name) for t in self.terms_of(post, "tag")}
        categories = {name_key(t.name) for t in self.terms_of(post, "category")}
        when = post.date.timestamp() if post.date else self.now.timestamp()
        own = self._bit.get(post.docname, 0)  # (0 for a post that is not published)
        shared_tags = _SharedCounts([self._tag_bits.get(tag, 0) & ~own for tag in tags])
        candidates: set[str] = set()
        if shared_tags.any.bit_count() >= wanted and len(categories) <= 1:
            # Only the groups with the most shared tags can make the list: take whole groups,
            # most shared first, until there are enough (the last group whole, for its ties).
            taken = 0
            for count in range(len(tags), 0, -1):
                taken |= shared_tags.exactly(count)
                if taken.bit_count() >= wanted:
                    break
            candidates.update(self._names_of_bits(taken))
        else:
            candidates.update(self._names_of_bits(shared_tags.any))
        if len(candidates) < wanted or len(categories) > 1:
            for category in categories:
                members, stamps = self._by_category.get(category, ([], []))
                if len(categories) > 1:
                    candidates.update(p.docname for p in members)
                    continue
                _nearest_in_date(members, stamps, when, post.docname, candidates, wanted)
        candidates.discard(post.docname)
        candidates.difference_update(self.group_of.get(post.docname, ()))

        # Ranked from the index's plain values (bits, category keys, timestamps) in one
        # comprehension, not by a key function that followed each candidate to its record
        # and date (20,000 candidates at 1,000 posts).
        # A candidate's shared tags: its tags (bit i for the i-th tag) that are the post's.
        masks, category_keys, stamp_of = self._tag_masks, self._category_keys, self._stamps
        mine = sum(1 << self._tag_number[tag] for tag in tags if tag in self._tag_number)
        ranked = [(-(masks[name] & mine).bit_count(), -len(categories & category_keys[name]),
                   abs(stamp_of.get(name, when) - when), name) for name in candidates]
        found = [self._published_by_name[name] for *_, name in heapq.nsmallest(wanted, ranked)]
        self._related[post.docname] = found
        return found

    def sharing(self, post: Post) -> set[str]:
        """Published posts sharing a tag or a category with ``post`` (its possible related
        posts, and the posts it can be related to)."""
        if self._by_category is None:
            self._index_for_related()
        assert self._by_category is not None
        bits = 0
        for term in self.terms_of(post, "tag"):
            bits |= self._tag_bits.get(name_key(term.name), 0)
        found = set(self._names_of_bits(bits))
        for term in self.terms_of(post, "category"):
            found.update(p.docname for p in self._by_category.get(name_key(term.name), ([], []))[0])
        found.discard(post.docname)
        found.difference_update(self.group_of.get(post.docname, ()))
        return found

    def _names_of_bits(self, bits: int) -> list[str]:
        """The published posts whose bits (:attr:`_bit`) are set in ``bits``."""
        digits = bin(bits)  # (found with str.find: a loop over set bits makes a big integer per step)
        last = len(digits) - 1
        names, published_names = [], self._published_names
        found = digits.find("1", 2)
        while found != -1:
            names.append(published_names[last - found])
            found = digits.find("1", found + 1)
        return names

    def _index_for_related(self) -> None:
        """Published posts by tag (as one integer whose bit *i* stands for ``published[i]``:
        counting the tags a post shares with every other is then a few operations on integers,
        not a walk over the posts sharing each tag, which made the related posts of a whole
        blog cost O(posts²)) and by category, in date order."""
        self._bit = {p.docname: 1 << number for number, p in enumerate(self.published)}
        self._published_names = [p.docname for p in self.published]
        self._stamps = {p.docname: p.date.timestamp() for p in self.published if p.date}
        tag_numbers: dict[str, list[int]] = defaultdict(list)
        by_category: dict[str, list[Post]] = defaultdict(list)
        self._tag_number, self._tag_masks = {}, {}
        for number, post in enumerate(self.published):
            mask = 0
            for term in self.terms_of(post, "tag"):
                tag = name_key(term.name)
                tag_numbers[tag].append(number)
                mask |= 1 << self._tag_number.setdefault(tag, len(self._tag_number))
            self._tag_masks[post.docname] = mask
            keys = {name_key(t.name) for t in self.terms_of(post, "category")}
            self._category_keys[post.docname] = keys
            for key in keys:
                by_category[key].append(post)
        self._tag_bits = {tag: sum(1 << number for number in numbers) for tag, numbers in tag_numbers.items()}
        self._by_category = {}
        for key, members in by_category.items():
            members.sort(key=lambda p: (p.date or _FAR_FUTURE, p.docname))
            self._by_category[key] = (members, [p.date.timestamp() if p.date else 0.0
                                                for p in members])

    # --- authors ------------------------------------------------------------------------

    def author(self, term: Term) -> Author | None:
        """The author entry (``docblog_authors`` / ``blog_authors``) of an author term."""
        return self._authors_by_name.get(name_key(term.name)) if term.kind == "author" else None

    def neighbours(self, docname: str) -> tuple[Post | None, Post | None]:
        """(older, newer) listed posts around ``docname``."""
        index = self._position.get(docname)
        if index is None and docname in self.other_versions:
            # Another version of a translated post sits where its representative does.
            index = self._position.get(self.representative(self.records[docname]).docname)
        if index is None:
            return None, None
        older = self.listed[index + 1] if index + 1 < len(self.listed) else None
        newer = self.listed[index - 1] if index > 0 else None
        return older, newer

    # --- categories, tags, authors -------------------------------------------------------

    def term(self, kind: str, name: str) -> Term | None:
        return self._term_of.get((kind, name))

    def names_of(self, post: Post, kind: str) -> tuple[str, ...]:
        """The labels a post gives for ``kind``, or ``blog_default_<kind>`` when it gives none."""
        return getattr(post, TAXONOMIES[kind][1]) or self.defaults.get(kind, ())

    def terms_of(self, post: Post, kind: str) -> list[Term]:
        found: list[Term] = []
        for name in self.names_of(post, kind):
            term = self._term_of.get((kind, name))
            # (by identity: a dataclass's == would compare the terms' lists of posts)
            if term is not None and not any(term is other for other in found):
                found.append(term)
        return found

    def pagename(self, *parts: str) -> str:
        return "/".join((self.blog_path, *parts))

    def ablog_pagename(self, term: Term) -> str:
        """Where ABlog writes the term's page (its own slug of the display name), or ""."""
        slug = ablog_slugify(term.name)
        return self.pagename(TAXONOMIES[term.kind][3], slug) if slug else ""

    def year_pagename(self, year: int) -> str:
        """The page of one year's posts, at ABlog's address: ``blog/2018``."""
        return self.pagename(str(year))

    def _collect_terms(self, kind: str, oldest_first: list[Post]) -> None:
        """The terms of ``kind`` named by the posts (``oldest_first``: the first use of a name
        is the one a warning points at)."""
        key_name, _attribute, subtype, folder = TAXONOMIES[kind]
        spellings: dict[str, Counter[str]] = defaultdict(Counter)
        first_use: dict[tuple[str, str], Post] = {}
        allowed = {name_key(n): n for n in self.config.categories} if kind == "category" else {}
        # each label a post gives → (its display name, the name's key, "" when it makes no page)
        displayed: dict[str, tuple[str, str]] = {}
        for post in oldest_first:
            for label in self.names_of(post, kind):
                found = displayed.get(label)
                if found is None:
                    name = self.display_name(kind, label)
                    found = displayed[label] = (name, name_key(name) if slugify(name) else "")
                name, key = found
                if not key:
                    self._problem(f"{kind} {name!r} has no letters or digits to make a page name from; "
                         "ignored", subtype, (post.docname, post.line(key_name)))
                    continue
                spellings[key][name] += 1
                first_use.setdefault((kind, name), post)
        terms: dict[str, Term] = {}
        for key, counter in sorted(spellings.items()):
            if key in allowed:
                display = allowed[key]
            else:
                display = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0][0]
                if allowed:
                    post = first_use[(kind, display)]
                    self._problem(f"category {display!r} is not in docblog_categories "
                         f"(known: {', '.join(sorted(allowed.values()))})",
                         subtype, (post.docname, post.line(key_name)))
            for variant in sorted(counter):
                if variant != display:
                    post = first_use[(kind, variant)]
                    self._note(f"{kind} {variant!r} differs from {display!r} only by case; "
                         f"listed as {display!r}", subtype, (post.docname, post.line(key_name)))
            terms[key] = Term(kind, display, "", "",
                              description=self.config.categories.get(display, "")
                              if kind == "category" else "")
        self._give_slugs(kind, list(terms.values()), first_use)
        for term in terms.values():
            term.pagename = self.pagename(folder, term.slug)
        for label, (_name, key) in displayed.items():  # (every post's labels: oldest_first has them all)
            named_term = terms.get(key) if key else None
            if named_term is not None:
                self._term_of[(kind, label)] = named_term
        for _label, (name, link) in sorted(self.directories.get(kind, {}).items()):
            named = terms.get(name_key(name))
            if named is not None and link and not named.link:
                named.link = link
        self._place_posts(kind)
        ordered = sorted(terms.values(), key=lambda t: (name_key(t.name), t.slug))
        self.terms[kind] = {t.slug: t for t in ordered}

    def _place_posts(self, kind: str) -> None:
        """Each listed post on its terms' pages of ``kind``: a language's page lists each of
        its versions; other pages one version per post."""
        attribute, defaults, term_of = TAXONOMIES[kind][1], self.defaults.get(kind, ()), self._term_of
        for post in self.listed_versions if kind == "language" else self.listed:
            labels = getattr(post, attribute) or defaults
            if len(labels) == 1:  # (most posts: one category, one author; no list to dedupe)
                only = term_of.get((kind, labels[0]))
                if only is not None:
                    only.posts.append(post)
            elif labels:
                for term in self.terms_of(post, kind):
                    term.posts.append(post)

    def _give_slugs(self, kind: str, terms: list[Term], first_use: dict[tuple[str, str], Post]) -> None:
        """Each term's slug: names that would share one get distinct pages (-2, -3, …) and a
        warning naming the post that first used the later name."""
        key_name = TAXONOMIES[kind][0]
        by_slug: dict[str, list[Term]] = defaultdict(list)
        for term in terms:
            by_slug[slugify(term.name)].append(term)
        taken = set(by_slug)
        for slug, sharing in sorted(by_slug.items()):
            for number, term in enumerate(sorted(sharing, key=lambda t: t.name)):
                if number == 0:
                    term.slug = slug
                    continue
                suffix = number + 1
                while f"{slug}-{suffix}" in taken:
                    suffix += 1
                term.slug = f"{slug}-{suffix}"
                taken.add(term.slug)
                post = first_use.get((kind, term.name)) or next(
                    p for (k, _n), p in first_use.items() if k == kind and name_key(_n) == name_key(term.name)
                )
                self._problem(f"{kind} {term.name!r} and {sharing[0].name!r} would share the page name "
                              f"{slug!r}; {term.name!r} gets {term.slug!r}. Rename one to choose "
                              "readable addresses", Subtype.SLUG, (post.docname, post.line(key_name)))

    def display_name(self, kind: str, name: str) -> str:
        entry = self.directories.get(kind, {}).get(name)
        return entry[0] if entry else name


def group_members_not_listed(groups: dict[str, tuple[str, ...]], listed: dict[str, Post]) -> list[str]:
    """Members of translation groups that are not listed (drafts, unlisted posts)."""
    return sorted(d for d in groups if d not in listed)


class _SharedCounts:
    """How many of a post's tags each published post shares, for all posts at once: the sum
    of the tags' bit sets (:meth:`Blog._index_for_related`), kept as binary digit planes
    (plane *j* has bit *i* set when post *i*'s count has binary digit *j*)."""

    def __init__(self, tag_bits: list[int]) -> None:
        self.any = 0  # posts sharing at least one tag
        self.planes: list[int] = []
        for bits in tag_bits:
            self.any |= bits
            carry = bits
            for digit, plane in enumerate(self.planes):
                self.planes[digit], carry = plane ^ carry, plane & carry
                if not carry:
                    break
            if carry:
                self.planes.append(carry)

    def exactly(self, count: int) -> int:
        """The posts sharing exactly ``count`` tags (``count`` ≥ 1)."""
        if count >> len(self.planes):
            return 0
        found = self.any
        for digit, plane in enumerate(self.planes):
            found &= plane if (count >> digit) & 1 else ~plane
        return found


def _nearest_in_date(members: list[Post], stamps: list[float], when: float, docname: str,
                     candidates: set[str], wanted: int) -> None:
    """Add to ``candidates`` up to ``wanted`` more of ``members`` (sorted by date, ``stamps``
    their timestamps), nearest in date to ``when`` first: a walk both ways from its place."""
    right = bisect.bisect_left(stamps, when)
    left = right - 1
    extra = 0
    while extra < wanted and (left >= 0 or right < len(members)):
        go_left = right >= len(members) or (left >= 0 and when - stamps[left] <= stamps[right] - when)
        other = members[left] if go_left else members[right]
        if go_left:
            left -= 1
        else:
            right += 1
        if other.docname != docname and other.docname not in candidates:
            candidates.add(other.docname)
            extra += 1


def read_directory(value: Any) -> dict[str, tuple[str, str]]:
    """ABlog's ``{label: (display name, link or None)}``; malformed entries are left out."""
    found: dict[str, tuple[str, str]] = {}
    if not isinstance(value, dict):
        return found
    for label, entry in value.items():
        if isinstance(entry, (tuple, list)) and entry and isinstance(entry[0], str):
            link = entry[1] if len(entry) > 1 and isinstance(entry[1], str) else ""
            found[str(label)] = (entry[0], link)
    return found


def read_labels(value: Any) -> tuple[str, ...]:
    """``blog_default_*``: one label or a list of labels."""
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, (list, tuple)):
        return tuple(v for v in value if isinstance(v, str) and v)
    return ()


def unpublished_at(post: Post, now: dt.datetime) -> bool:
    """A draft, an undated post, or one dated after ``now``."""
    return post.draft or post.date is None or post.date > now


def private_at(config: DocblogConfig, post: Post, now: dt.datetime) -> bool:
    """Not built at all: dated after ``now``, or a draft on a site that does not build drafts
    (``docblog_publish_drafts``); never when drafts are shown (previews)."""
    if config.drafts_shown:
        return False
    if post.date is not None and post.date > now:
        return True
    return unpublished_at(post, now) and not config.publish_drafts


def minutes_of(config: DocblogConfig, post: Post) -> int:
    """The post's reading time: its front matter's, else from its word counts."""
    if post.reading_time:
        return post.reading_time
    return reading_time.minutes(post.words, post.cjk_characters, config.words_per_minute,
                                config.cjk_characters_per_minute)


def private_posts(app: Sphinx) -> set[str]:
    """The posts this build keeps private (:func:`private_at`), from the records alone: a
    build that writes nothing of the blog (a no-op) does not build the blog to know them."""
    build = get_build(app)
    if build.blog is not None:
        return build.blog.private
    if build.private is None:  # (asked by each write step; the records are read by then)
        config, now = get_config(app), this_build_time(app)
        build.private = {d for d, post in get_domain(app.env).posts.items() if private_at(config, post, now)}
    return build.private


def directories_of(app: Sphinx) -> dict[str, dict[str, tuple[str, str]]]:
    """ABlog's ``blog_authors``, ``blog_languages`` and ``blog_locations``, read."""
    return {kind: read_directory(getattr(app.config, setting, None))
            for kind, (setting, _default) in DIRECTORIES.items()}


def people_of(app: Sphinx, directories: dict[str, dict[str, tuple[str, str]]] | None = None,
              ) -> dict[str, Author]:
    """The site's authors as people (``docblog_authors``, with ABlog's ``blog_authors``)."""
    directories = directories_of(app) if directories is None else directories
    return directory(get_config(app).authors, directories.get("author", {}), _("Website"))


def changed_records(app: Sphinx) -> tuple[dict[str, Post], dict[str, Post], set[str]] | None:
    """(the post records before this build read anything, the records now, the docnames whose
    record differs or that were published since the previous build: a post dated between the
    two builds' times), or None when nothing changed (from ``env-get-updated`` on)."""
    build = get_build(app)
    before = build.previous_records
    after = get_domain(app.env).posts
    if before is None:
        return None
    # (Records not read again are the same objects: identity first, field by field only
    # for the ones read again.)
    changed = {d for d in set(before) | set(after)
               if before.get(d) is not after.get(d) and before.get(d) != after.get(d)}
    changed |= published_since(app)
    return (before, after, changed) if changed else None


def published_since(app: Sphinx) -> set[str]:
    """Posts whose record did not change but which the clock published (or, when it went
    back, unpublished) between the previous build and this one."""
    build = get_build(app)
    if build.published_since is None:  # asked by each staleness check; the same all build
        before, then, now = build.previous_records, build.previous_now, build.now
        after = get_domain(app.env).posts
        build.published_since = set() if not before or then is None or now is None or then == now else {
            d for d, post in after.items()
            if before.get(d) == post and unpublished_at(post, then) != unpublished_at(post, now)}
    return build.published_since


def get_blog(app: Sphinx) -> Blog:
    """The blog of this build (built once from the records, after they are read)."""
    build = get_build(app)
    if build.blog is None:
        build.blog = Blog.from_app(app)
        for finding in build.blog.findings:
            if not finding.note:
                warn(finding.message, finding.subtype, finding.location)
    return build.blog


def previous_blog(app: Sphinx) -> Blog | None:
    """The blog as it was before this build read anything, or None when no record changed
    (built once per build, from the records kept at ``env-get-outdated``; from
    ``env-get-updated`` on)."""
    found = changed_records(app)
    if found is None:
        return None
    build = get_build(app)
    if build.previous_blog is None:
        build.previous_blog = Blog.from_app(app, records=found[0], now=build.previous_now)
    return build.previous_blog
