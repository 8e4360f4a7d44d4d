"""Readable, unique, file-system-safe slugs for categories, tags and authors."""

from __future__ import annotations

import functools
import re
import unicodedata

MAX_SLUG_LENGTH = 60
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Names Windows reserves for devices, with any extension: never a file name.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@functools.lru_cache(maxsize=65536)  # pure; a blog asks for the same few names many times
def slugify(name: str) -> str:
    """``CI/CD`` → ``ci-cd``, ``Machine Learning`` → ``machine-learning``, ``Données`` kept.

    Only letters, digits and single hyphens survive, so a slug can never name a parent
    folder, an absolute path or a hidden file; it is lower case, so two slugs never differ
    only by case (safe on case-insensitive file systems).
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    slug = _NOT_WORD.sub("-", text).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return f"{slug}-1" if slug in _RESERVED else slug


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Names equal under this key are one category/tag/author (``Python`` and ``python``)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@functools.lru_cache(maxsize=65536)
def ablog_slugify(name: str) -> str:
    """The slug ABlog gives a collection page (``CI/CD`` → ``cicd``, ``Café`` → ``cafe``).

    docblog's own slugs (:func:`slugify`) stay the canonical addresses; this one only names
    the addresses an ABlog site already published, so they can keep answering.
    """
    text = unicodedata.normalize("NFKD", name)
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)
