"""Posts that are translations of each other: which posts are versions of one post, in which
language, and which version stands for the group in listings.

A group is made of posts linked by

* ``translation_key: <key>``: every post giving the same key is a version of the same post;
* ``translation_of: <docname>``: the post is a version of that post (and of every version of
  it). The name is a document name as Sphinx's ``{doc}`` role reads it: relative to the post's
  folder, or from the source folder when it starts with ``/`` (an extension is dropped). A name
  that is no post is reported (``docblog.front_matter``) and the post stays alone;
* ABlog sites that only set ``:language:``: ``memorial-en`` is the English version of
  ``memorial`` when both are posts in the same folder, ``memorial-en`` names a language whose
  code is the suffix (``en``, ``pt-br``), ``memorial`` is in another language, and neither
  names a ``translation_key`` or ``translation_of``. Nothing else is grouped without being
  asked: two posts that share a title or a date stay two posts.

A post's language is its first ``language`` (ABlog's taxonomy: a code such as ``es`` or a
name such as ``Spanish``/``English`` or a ``blog_languages`` label), else
``blog_default_language``, else the site's ``language``.

Only the versions a reader can see are shown or linked: a draft, a post dated in the future or
an unlisted post is never named on another version's page, card or feed. Of the listed
versions, the one in the site's language (else the oldest) is the group's *representative*: it
alone is listed on the index, archives, category/tag/author pages, feeds and ``posts.json``,
and its card names the other languages. Each language's page lists its own versions.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

import babel

from .posts import Post

#: ``memorial-en``, ``evento-en-us``: the stem and the language suffix of a file name.
_SUFFIXED = re.compile(r"^(?P<stem>.+)-(?P<code>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)$")


@lru_cache(maxsize=512)
def language_code(label: str, site_language: str = "en") -> str:
    """The BCP 47 tag (``es``, ``pt-BR``) of a language label: a code, or the language's name in
    English, in the site's language or, for common languages, in its own (``Spanish``,
    ``español``); "" when unknown."""
    text = " ".join(label.split())
    if not text or text.lower() in ("und", "mul", "zxx"):
        return ""
    try:
        found = babel.Locale.parse(text.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        found = None
    if found is not None:
        # The tag as written, in BCP 47's case (``pt-BR``, ``sr-Latn``), not Babel's
        # expansion (``zh_CN`` is ``zh_Hans_CN`` to Babel; search engines read ``zh-CN``).
        parts = text.replace("_", "-").split("-")
        return "-".join([parts[0].lower(), *(
            part.upper() if len(part) == 2 else part.title() if len(part) == 4 else part
            for part in parts[1:])])
    key = text.casefold()
    return _names(site_language).get(key) or _own_names().get(key, "")


#: Languages whose own name (``Español``, ``Deutsch``) is recognised as a label: the most
#: written ones (reading every language Babel knows costs seconds).
_OWN_NAMES = ("ar", "ca", "cs", "da", "de", "el", "en", "es", "et", "eu", "fa", "fi", "fr", "gl",
              "he", "hi", "hu", "id", "it", "ja", "ko", "nb", "nl", "pl", "pt", "ro", "ru", "sv",
              "th", "tr", "uk", "vi", "zh")


@lru_cache(maxsize=16)
def _names(site_language: str) -> dict[str, str]:
    """Language name (case-folded) → code, in English and in the site's language."""
    names: dict[str, str] = {}
    for language in dict.fromkeys(("en", site_language.replace("-", "_"))):
        try:
            table = babel.Locale.parse(language).languages
        except (ValueError, TypeError, babel.UnknownLocaleError):
            continue
        for code, name in table.items():
            names.setdefault(name.casefold(), code.replace("_", "-"))
    return names


@lru_cache(maxsize=1)
def _own_names() -> dict[str, str]:
    """A common language's own name (case-folded) → its code."""
    return {language_name(code).casefold(): code for code in _OWN_NAMES if language_name(code)}


@lru_cache(maxsize=512)
def language_name(code: str) -> str:
    """The language's name in its own language, as language switchers show it ("English",
    "Español", "Português (Brasil)"), or "" when Babel does not know the code."""
    try:
        locale = babel.Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, babel.UnknownLocaleError):
        return ""
    name = locale.get_display_name(locale) or ""
    return name[:1].upper() + name[1:]


def resolve(post: Post, records: dict[str, Post] | Iterable[str]) -> str:
    """The docname ``post``'s ``translation_of`` names, or "" when it names no other post."""
    value = post.translation_of
    if not value:
        return ""
    if value.startswith("/"):
        candidates = [posixpath.normpath(value.strip("/"))]
    else:
        folder = posixpath.dirname(post.docname)
        candidates = [posixpath.normpath(posixpath.join(folder, value)), posixpath.normpath(value)]
    for candidate in candidates:
        if candidate != post.docname and candidate in records:
            return candidate
    return ""


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_groups(records: dict[str, Post], code_of: Callable[[Post], str]
                ) -> tuple[list[list[str]], list[Post]]:
    """(groups of two or more docnames that are versions of one post, each sorted; posts whose
    ``translation_of`` names no other post). ``code_of`` gives a post's language code."""
    union = _Union()
    unresolved: list[Post] = []
    by_key: dict[str, str] = {}
    for docname in sorted(records):
        post = records[docname]
        if post.translation_key:
            first = by_key.setdefault(post.translation_key, docname)
            union.join(first, docname)
        if post.translation_of:
            target = resolve(post, records)
            if target:
                union.join(target, docname)
            else:
                unresolved.append(post)
    for docname in sorted(records):
        post = records[docname]
        if post.translation_key or post.translation_of or not post.language:
            continue
        folder, base = posixpath.split(docname)
        match = _SUFFIXED.match(base)
        if match is None:
            continue
        code = code_of(post)
        if not code or code.lower() != match["code"].lower().replace("_", "-"):
            continue
        original = records.get(posixpath.join(folder, match["stem"]))
        if (original is None or original.translation_key or original.translation_of
                or code_of(original).lower() == code.lower()):
            continue
        union.join(original.docname, docname)
    members: dict[str, list[str]] = {}
    for docname in sorted(records):
        if docname in union.parent:
            members.setdefault(union.find(docname), []).append(docname)
    return [group for group in members.values() if len(group) > 1], unresolved
