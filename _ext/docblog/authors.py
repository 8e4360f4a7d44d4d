"""Authors as people: a display name, an avatar, a one-line bio and links per author label.

``docblog_authors`` maps the label a post's front matter gives (``author: docs-team``) to
``{"name": …, "avatar": "_static/docs-team.png", "bio": …, "links": {"GitHub": "https://…"}}``;
ABlog's ``blog_authors`` (label → (name, link)) is read too, its link shown as "Website".
Each field is checked on its own, at ``config-inited``, so one bad field is named (with
conf.py's line) and left out while the rest of the entry still counts.

Avatars are local files, named from the folder of ``conf.py`` as ``html_static_path`` is,
and copied to the same path in the output: pages make no request to another host. A missing
file is a ``docblog.author`` warning; an author with no entry keeps working with its name.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Subtype
from .images import copy_if_newer
from .posts import clean_text

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_FIELDS = ("name", "avatar", "bio", "links")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):|^//")


@dataclass(frozen=True)
class Author:
    """One author as pages show them. ``avatar`` is a path in the output folder, or ""."""

    label: str
    name: str
    avatar: str = ""
    bio: str = ""
    links: tuple[tuple[str, str], ...] = ()


def is_web_address(value: str) -> bool:
    return re.match(r"^https?://[^\s/]+", value, re.IGNORECASE) is not None


def avatar_path(value: str) -> str:
    """The avatar's path from the site's root (= in the output), or "" when it is not local."""
    value = value.strip()
    if not value or _SCHEME.match(value):
        return ""
    path = posixpath.normpath(value.replace("\\", "/").lstrip("/"))
    if path in ("", ".", "..") or path.startswith("../"):
        return ""
    return path


def clean_authors(value: Any, report: Callable[[str, Subtype], None],
                  confdir: str | None = None) -> dict[str, dict[str, Any]]:
    """``docblog_authors`` with every field checked: bad fields are reported and left out.

    With ``confdir``, an avatar that is not a file there is reported (and left out).
    """
    cleaned: dict[str, dict[str, Any]] = {}
    if not isinstance(value, dict):
        return cleaned
    for label, entry in value.items():
        where = f"docblog_authors[{label!r}]"
        if not isinstance(label, str) or not clean_text(label):
            report(f"docblog_authors: the label {label!r} must be a non-empty string; ignored",
                   Subtype.CONFIG)
            continue
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            report(f"{where} must be a dict with 'name', 'avatar', 'bio' and 'links', not "
                   f"{type(entry).__name__}; ignored", Subtype.CONFIG)
            continue
        fields: dict[str, Any] = {}
        for key, field_value in entry.items():
            if key not in _FIELDS:
                report(f"{where}: unknown key {key!r} (known: {', '.join(_FIELDS)}); ignored",
                       Subtype.CONFIG)
                continue
            if key == "links":
                links = _clean_links(where, field_value, report)
                if links:
                    fields["links"] = links
                continue
            if not isinstance(field_value, str) or not clean_text(field_value):
                report(f"{where}[{key!r}] must be non-empty text; ignored", Subtype.CONFIG)
                continue
            text = clean_text(field_value)
            if key == "avatar":
                path = avatar_path(text)
                if not path:
                    report(f"{where}['avatar'] = {text!r} must be a local image file (such as "
                           "'_static/avatar.png'): pages make no request to another host; "
                           "ignored", Subtype.AUTHOR)
                    continue
                if confdir is not None and not (Path(confdir) / path).is_file():
                    report(f"{where}['avatar']: the file {path!r} does not exist (paths are "
                           "relative to the folder of conf.py); no avatar shown", Subtype.AUTHOR)
                    continue
                text = path
            fields[key] = text
        cleaned[clean_text(label)] = fields
    return cleaned


def _clean_links(where: str, value: Any,
                 report: Callable[[str, Subtype], None]) -> dict[str, str]:
    if not isinstance(value, dict):
        report(f"{where}['links'] must be a dict of label to http(s) address; ignored",
               Subtype.CONFIG)
        return {}
    links: dict[str, str] = {}
    for name, url in value.items():
        if not isinstance(name, str) or not clean_text(name) or not isinstance(url, str):
            report(f"{where}['links']: {name!r}: {url!r} must map a label to an address; ignored",
                   Subtype.CONFIG)
            continue
        url = url.strip()
        if not is_web_address(url):
            report(f"{where}['links'][{name!r}] = {url!r} is not an http(s) address; ignored",
                   Subtype.CONFIG)
            continue
        links[clean_text(name)] = url
    return links


def directory(config_authors: dict[str, dict[str, Any]],
              ablog_authors: dict[str, tuple[str, str]], website: str) -> dict[str, Author]:
    """Label → :class:`Author`, from ``docblog_authors`` over ABlog's ``blog_authors``."""
    found: dict[str, Author] = {}
    for label, (name, link) in ablog_authors.items():
        links: tuple[tuple[str, str], ...] = (
            ((website, link),) if link and is_web_address(link) else ())
        found[label] = Author(label, clean_text(name) or label, links=links)
    for label, fields in config_authors.items():
        base = found.get(label)
        links = tuple(fields.get("links", {}).items()) or (base.links if base else ())  # type: ignore[assignment]
        found[label] = Author(
            label, fields.get("name") or (base.name if base else label),
            avatar=fields.get("avatar", ""), bio=fields.get("bio", ""), links=links)
    return found


def copy_avatars(app: Sphinx, authors: list[Author]) -> None:
    """Copy each avatar to the same path in the output, when missing or older there."""
    confdir, outdir = Path(app.confdir), Path(app.outdir)
    for author in authors:
        if author.avatar:
            copy_if_newer(confdir / author.avatar, outdir / author.avatar)
