"""Reading an old site's files: front matter in YAML, TOML or JSON, configuration files
with tags of their own (``!!python/name:`` in mkdocs.yml), dates and list values."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")


class _LenientLoader(yaml.SafeLoader):
    """SafeLoader that reads a tag it does not know (``!!python/name:…``, ``!ENV``) as text."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_LenientLoader.add_multi_constructor("", _any_tag)


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LenientLoader)  # noqa: S506 - a SafeLoader subclass


def read_yaml_file(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError:
        return None


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8-sig", "replace").replace("\r\n", "\n")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int, str]:
    """Front matter (``---`` YAML, ``+++`` TOML or a JSON object), the body after it, the
    body's first line and a problem, if the front matter could not be read."""
    for fence, kind in (("---", "yaml"), ("+++", "toml")):
        if text.startswith(fence + "\n") or text.startswith(fence + " \n"):
            match = re.compile(rf"^{re.escape(fence)}[ \t]*$", re.MULTILINE).search(text, len(fence) + 1)
            if not match:
                return {}, text, 1, f"the {kind.upper()} front matter is not closed"
            block = text[text.index("\n") + 1:match.start()]
            body = text[match.end() + 1:]
            line = text.count("\n", 0, match.end()) + 2
            try:
                data = load_yaml(block) if kind == "yaml" else tomllib.loads(block)
            except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
                return {}, body, line, f"the front matter could not be read ({error})"
            return (data if isinstance(data, dict) else {}), body, line, ""
    if text.startswith("{"):
        decoder = json.JSONDecoder()
        try:
            data, end = decoder.raw_decode(text)
        except ValueError:
            return {}, text, 1, ""
        if isinstance(data, dict):
            return data, text[end:].lstrip("\n"), text.count("\n", 0, end) + 2, ""
    return {}, text, 1, ""


def as_list(value: Any, split_spaces: bool = False) -> list[str]:
    """A list of names from a list, or a string with commas (or spaces, Jekyll's way)."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value if v is not None and not isinstance(v, (dict, list))]
    elif isinstance(value, str):
        items = value.split(",") if "," in value or not split_spaces else value.split()
    else:
        items = [str(value)]
    names: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in names:
            names.append(item)
    return names


def dated_name(stem: str) -> tuple[dt.date | None, str]:
    """``2017-03-22-dask-glm-1`` → (2017-03-22, ``dask-glm-1``)."""
    match = _DATED.match(stem)
    if not match:
        return None, stem
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])), match[4]
    except ValueError:
        return None, stem


def as_date(value: Any) -> dt.datetime | dt.date | str | None:
    """A front-matter date as a date or datetime, or as the text it was (docblog reads it)."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, str) and value.strip():
        text = value.strip()
        # Jekyll's "2017-03-22 12:00:00 -0400"
        match = re.match(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(?:\s*([+-]\d{2}):?(\d{2})|\s*Z)?$", text)
        if match:
            offset = f"{match[3]}:{match[4]}" if match[3] else ""
            try:
                return dt.datetime.fromisoformat(f"{match[1]}T{match[2]}{offset}")
            except ValueError:
                return text
        return text
    return None


def iso(value: dt.datetime | dt.date | str) -> str:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def date_parts(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value.strip())
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def title_from_name(stem: str) -> str:
    """``dask-glm-1`` → ``Dask glm 1``, as a last resort for a post without a title."""
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:]


def text_value(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(str(value).split())


def truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)
