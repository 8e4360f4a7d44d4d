"""What an importer reads from an old site and what the import will write, kept apart from
how each generator lays its site out, so conversion, writing and the report are shared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Problem:
    """A construct the import could not convert (or converted with a loss), at its line."""

    source: str  # the old file, relative to OLD_SITE
    line: int
    construct: str
    what: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.construct} — {self.what}"


@dataclass
class SourcePost:
    """One post of the old site, read but not yet converted."""

    path: Path  # the post's file in OLD_SITE
    rel: str  # the same, relative to OLD_SITE (for the report)
    text: str  # the whole file
    body: str  # the file after its front matter
    body_line: int  # line of the body's first line in the file
    meta: dict[str, Any]  # front matter as the generator wrote it
    title: str = ""
    date: dt.datetime | dt.date | str | None = None
    updated: dt.datetime | dt.date | str | None = None
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    image: str = ""
    draft: bool = False
    external_link: str = ""
    slug: str = ""
    #: Where the post's pictures and other files live (a Hugo page bundle, a Docusaurus
    #: folder post): images found here are copied into a folder of the post's own.
    bundle: Path | None = None
    #: The old site's addresses of the post (paths from the site's root).
    addresses: list[str] = field(default_factory=list)
    #: The old site's excerpt separator in this post, turned into docblog's ``<!-- more -->``.
    separator: str = ""
    dropped_keys: list[str] = field(default_factory=list)
    #: Set by the planner: the converted post's file name in the post folder.
    target: str = ""
    #: A translated version (Docusaurus ``i18n/<locale>/``): its language, and the post it
    #: is a translation of (``translation_of`` in its front matter), if the site has it.
    language: str = ""
    translation_of: SourcePost | None = None
    #: Whether other posts are translations of this one (it names its language then).
    translated: bool = False

    def line_of(self, snippet: str, start: int = 0) -> int:
        """The file line where ``snippet`` first occurs (the body's first line if it is gone)."""
        found = self.text.find(snippet, start) if snippet else -1
        if found < 0:
            return self.body_line
        return self.text.count("\n", 0, found) + 1


@dataclass
class Author:
    """An author described by the old site (Docusaurus ``authors.yml``, Material ``.authors.yml``)."""

    key: str
    name: str
    avatar: str = ""
    bio: str = ""
    links: dict[str, str] = field(default_factory=dict)
    #: A local avatar image to copy into the project (``avatar`` is then its new path).
    avatar_file: Path | None = None


@dataclass
class OldSite:
    """An old site as its generator's reader found it."""

    root: Path
    generator: str
    posts: list[SourcePost]
    #: Folders an address starting with ``/`` is looked up in (Jekyll: the site; Hugo and
    #: Docusaurus: ``static/``; MkDocs: ``docs/``).
    asset_roots: list[Path]
    #: The old site's public address and base path, removed from links to find old permalinks.
    url: str = ""
    baseurl: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    #: The generator's configuration, as read (Liquid's ``site.*`` values, Hugo's params).
    config: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: The old site's address of one of its pages that is not a post (``docs/setup.md`` →
    #: ``/setup/``), for links to it from posts.
    page_address: Callable[[Path], str | None] | None = None
