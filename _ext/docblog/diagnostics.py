"""Warnings: every message docblog emits has ``type="docblog"``, a subtype and a location."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("docblog")


class Subtype(StrEnum):
    """Warning subtypes; ``suppress_warnings = ["docblog.<value>"]`` silences one."""

    CONFIG = "config"
    FRONT_MATTER = "front_matter"
    DATE = "date"
    CATEGORY = "category"
    TAG = "tag"
    AUTHOR = "author"
    SLUG = "slug"
    TITLE = "title"
    SUMMARY = "summary"
    BODY = "body"
    ENCODING = "encoding"
    FEED = "feed"
    PAGE = "page"
    DIRECTIVE = "directive"
    COMPAT = "compat"
    FILE = "file"
    UNTRUSTED = "untrusted"


def warn(message: str, subtype: Subtype, location: Any = None) -> None:
    """Emit a docblog warning. ``location`` is a docname, ``(docname, line)`` or a node."""
    logger.warning(message, type="docblog", subtype=subtype.value, location=location)


def ignore(message: str, subtype: Subtype, location: Any = None) -> None:
    """Where advice goes in a build: nowhere. Advice is for input ABlog reads silently and that
    is not wrong (an undated draft, two posts with one title): ``docblog check`` prints it."""


def edit_distance(a: str, b: str) -> int:
    """Letters to insert, delete, replace or swap to turn ``a`` into ``b`` (Damerau-Levenshtein)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            if i > 1 and j > 1 and letter == b[j - 2] and a[i - 2] == other:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]
