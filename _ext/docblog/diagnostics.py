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
