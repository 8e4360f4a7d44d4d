"""The post model: one small plain record per post, and the domain that keeps them.

Records live in :class:`BlogDomain` (``clear_doc`` on purge, ``merge_domaindata`` from
parallel readers); no doctree nodes are kept between documents. They are read by
:mod:`docblog.reading` (the Sphinx events) with :mod:`docblog.post_reader` (front matter
and doctree to record, with every problem named).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain

if TYPE_CHECKING:  # only for annotations: `docblog check` runs without loading Sphinx's app
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """One line of author-written text: control characters removed, whitespace collapsed.

    YAML's ``"\\ud83d\\ude00"`` escapes give surrogate halves, which no UTF-8 file can hold:
    pairs are joined into their character and lone halves replaced.
    """
    value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return " ".join(_CONTROL.sub("", value).split())


@dataclass(frozen=True)
class Post:
    """Everything the blog needs to know about one post, as plain picklable values."""

    docname: str
    title: str
    date: dt.datetime | None  # aware, UTC
    updated: dt.datetime | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    summary: str = ""
    words: int = 0
    cjk_characters: int = 0
    reading_time: int | None = None  # front-matter override, minutes
    draft: bool = False
    image: str = ""
    external_link: str = ""
    location: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    #: Old page names (ABlog's ``redirect``) that forward readers to this post.
    redirect: tuple[str, ...] = ()
    #: ``pin: true``: first on the index's first page.
    pin: bool = False
    #: ``unlisted: true``: built and reachable, but out of every listing, feed and sitemap.
    unlisted: bool = False
    #: ``series: <name>``, and the part's place in it (``series_order``; else by date).
    series: str = ""
    series_order: int | None = None
    #: ``comments: true``/``false`` (ABlog's ``nocomments``: false); None: the site's default.
    comments: bool | None = None
    #: Translations (:mod:`docblog.translations`): ``translation_key: <key>`` shared by every
    #: version, or ``translation_of: <docname>`` of another version, as the author wrote it.
    translation_key: str = ""
    translation_of: str = ""
    #: Source line of each front-matter key, for warnings raised after reading.
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line(self, key: str) -> int:
        return dict(self.lines).get(key, 1)


class BlogDomain(Domain):
    """Holds the post records and the documents that embed post lists."""

    name = "docblog"
    label = "docblog"
    initial_data = {"posts": {}, "embeds": set()}  # Sphinx copies it into each environment

    @property
    def posts(self) -> dict[str, Post]:
        return self.data["posts"]

    @property
    def embeds(self) -> set[str]:
        return self.data["embeds"]

    def clear_doc(self, docname: str) -> None:
        self.posts.pop(docname, None)
        self.embeds.discard(docname)

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["posts"]:
                self.posts[docname] = otherdata["posts"][docname]
            if docname in otherdata["embeds"]:
                self.embeds.add(docname)

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []


def get_domain(env: BuildEnvironment) -> BlogDomain:
    return env.domains["docblog"]  # type: ignore[return-value]


# --- reading ---------------------------------------------------------------------------------


def setup(app: Sphinx) -> None:
    app.add_domain(BlogDomain)
