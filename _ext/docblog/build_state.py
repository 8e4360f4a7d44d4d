"""What one build computes about the blog, held in one object created in one place.

Sphinx's builders keep what a build computes on the builder; docblog keeps all of its
per-build state on one :class:`BlogBuild` there, so the data flow is visible in one place:

* ``env-get-outdated`` (before anything is read): :attr:`BlogBuild.previous_records`, the
  post records as the last build left them, to tell what a change affects;
* after reading (``env-get-updated`` onwards): :attr:`BlogBuild.blog`, the blog built from
  the records (:mod:`docblog.collection`), and what derives from it — the blog as it was
  (:attr:`previous_blog`), ABlog's template context (:attr:`ablog_view`) and reference
  names; ``env-updated`` drops them all when the records changed;
* while writing: the renderer of docblog's fragments, the fingerprints of generated files
  (saved at ``build-finished``), and caches of target URIs and image files.

Nothing here is pickled with the environment; a new builder starts with a new object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from .ablog_context import AblogView
    from .collection import Blog, Term
    from .config import DocblogConfig
    from .fingerprints import FingerprintStore, KeptRenderings
    from .posts import Post
    from .rendering import Renderer
    from .views import PostView, TermView

_ATTRIBUTE = "_docblog_build"


@dataclass
class BlogBuild:
    """docblog's state for one build of one builder."""

    #: The ``docblog_*`` options (validated at ``config-inited``), made once per build.
    config: DocblogConfig | None = None
    #: The domain's post records before this build read anything (``env-get-outdated``).
    previous_records: dict[str, Post] | None = None
    #: This build's time (posts dated later are not published yet), and the previous build's.
    now: dt.datetime | None = None
    previous_now: dt.datetime | None = None
    #: Posts the clock published or unpublished since the previous build (once read).
    published_since: set[str] | None = None
    #: The posts this build keeps private, known from the records before the blog is built.
    private: set[str] | None = None
    #: The blog as every page, feed and template of this build sees it.
    blog: Blog | None = None
    #: The blog of :attr:`previous_records`, when they differ from the current ones.
    previous_blog: Blog | None = None
    #: ABlog's ``ablog`` template variable, and ABlog's reference names → (page, title).
    ablog_view: AblogView | None = None
    ablog_references: dict[str, tuple[str, str]] | None = None
    renderer: Renderer | None = None
    #: The fingerprints of generated files (:mod:`docblog.fingerprints`), saved at ``build-finished``.
    fingerprints: FingerprintStore | None = None
    #: Posts' cards rendered once for every folder (:mod:`docblog.cards`), saved at ``build-finished``.
    cards: KeptRenderings | None = None
    #: Feed entries serialized once (:func:`docblog.feeds.kept_entries`), saved at ``build-finished``.
    feed_entries: KeptRenderings | None = None
    target_uris: dict[str, str] = field(default_factory=dict)
    #: folder → ("page" or "file", target) → the escaped URL a card writes (:func:`docblog.cards.folder_urls`).
    folder_urls: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    #: marked card → its text and its marks' numbers, in order (:func:`docblog.cards.card_at`).
    card_parts: dict[str, list[str | int]] = field(default_factory=dict)
    #: (folder of an output file, page) → the page's URL from there (:func:`docblog.views.url_from`).
    page_urls: dict[tuple[str, str], str] = field(default_factory=dict)
    image_exists: dict[str, bool] = field(default_factory=dict)
    #: The folder documents may read files from (:mod:`docblog.confinement`).
    files_root: Path | None = None
    #: Whether the site's own templates read ABlog's ``ablog`` variable.
    templates_use_ablog: bool | None = None
    #: (id of the blog, id of the record) → (the record, its :class:`~docblog.views.PostView`).
    post_views: dict[tuple[int, int], tuple[Post, PostView]] = field(default_factory=dict)
    #: docname → the HTML of docblog's header and footer on the post's page, as written.
    post_chrome: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The posts a serial HTML build writes, in its order, and the headers and footers of the
    #: next of them rendered ahead (:func:`docblog.post_page.rendered_ahead`).
    posts_to_write: list[str] | None = None
    chrome_ahead: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: … and their ``<head>`` tags (:func:`docblog.post_page.head_tags`).
    heads_ahead: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)
    #: A post's body was kept for ``blog_feed_fulltext`` in this build (feeds may show it).
    fulltext_written: bool = False
    #: (id of the blog, id of the term) → (the term, its :class:`~docblog.views.TermView`).
    term_views: dict[tuple[int, int], tuple[Term, TermView]] = field(default_factory=dict)
    #: (id of the blog, folder of the page, feed, title) → the feed ``<link>`` tags of a page.
    feed_links: dict[tuple[int, str, str, str], str] = field(default_factory=dict)
    #: (folder of a page outside the toctree, ``toctree()``'s options) → Sphinx's navigation
    #: HTML there (:func:`docblog.navigation.shared_in_folder`).
    folder_toctrees: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = field(default_factory=dict)
    #: Language tag → docblog's catalog in that language, or None (:func:`docblog.i18n.gettext_in`).
    translators: dict[str, Any] = field(default_factory=dict)

    def forget_blog(self) -> None:
        """The environment was read again: drop the blog and everything derived from it."""
        self.blog = self.previous_blog = None
        self.ablog_view = None
        self.ablog_references = None
        self.post_views = {}
        self.term_views = {}
        self.feed_links = {}
        self.folder_toctrees = {}


def get_build(app: Sphinx) -> BlogBuild:
    # (asked for about 130,000 times in a 1,000-post build: the builder's attribute is read
    # directly, without a call for each ask)
    try:
        return app.builder.__dict__[_ATTRIBUTE]  # type: ignore[no-any-return]
    except KeyError:
        return get_build_of(app.builder)


def get_build_of(builder: Builder) -> BlogBuild:
    """The state of ``builder``'s build (for a writer, which knows its builder only)."""
    build: BlogBuild | None = getattr(builder, _ATTRIBUTE, None)
    if build is None:
        build = BlogBuild()
        setattr(builder, _ATTRIBUTE, build)
    return build


def start_build(app: Sphinx) -> None:
    """``builder-inited``: a new builder starts with a new state."""
    setattr(app.builder, _ATTRIBUTE, BlogBuild())


def forget_blog(app: Sphinx, *args: Any) -> None:
    """``env-updated``: the records were read again."""
    if app.builder is not None:
        get_build(app).forget_blog()


def is_html_builder(app: Sphinx) -> bool:
    """The builders docblog writes pages for (not json/pickle, which serialise contexts)."""
    return app.builder.format == "html" and app.builder.name not in ("json", "pickle")


def is_epub_builder(app: Sphinx) -> bool:
    """EPUB builders write HTML pages into a book: no web feeds and no ``posts.json`` there
    (EPUB lists every file with a media type, and has none for them)."""
    from sphinx.builders._epub_base import EpubBuilder

    return isinstance(app.builder, EpubBuilder)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", start_build, priority=100)
    app.connect("env-updated", forget_blog)
