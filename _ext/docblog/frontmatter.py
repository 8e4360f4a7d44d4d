"""Read a MyST post's YAML front matter from its source, keeping the line of every key."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

# The block between a first line of "---" and the next line of "---" (or "..."); the source
# is not split into lines, which matters for a megabyte-long post.
BLOCK = re.compile(r"---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$", re.DOTALL | re.MULTILINE)


# libyaml's loader when PyYAML was built with it: the pure-Python one costs milliseconds per post.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """SafeLoader whose impossible dates (``2026-13-45``) stay text, for a warning with a line."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


class _PythonLoader(yaml.SafeLoader):
    """Only for reporting: PyYAML's own parser names the line of a problem more precisely."""


for _loader_class in (_Loader, _PythonLoader):
    _loader_class.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _load(text: str, loader_class: type) -> tuple[Any, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()  # composed once: lines of keys, then values
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


class _MystYaml:
    """PyYAML as MyST-Parser's renderer sees it, with ``safe_load`` parsing by libyaml first.

    MyST-Parser reads every Markdown document's front matter twice, each time with PyYAML's
    pure-Python parser (0.36 ms a parse, against 0.04 ms with libyaml): for its file-level
    options (a function that imports ``yaml`` itself, left alone) and, in its renderer, for
    the document's metadata — that one is this, 0.3 s of a full build of 1,000 posts.
    libyaml's parser feeds the same constructor (the same objects for what both read);
    whatever it cannot read is read again by PyYAML's own parser, so MyST gets that parser's
    result or error, as before.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(yaml, name)

    @staticmethod
    def safe_load(stream: Any) -> Any:
        try:
            return yaml.load(stream, Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, ValueError, RecursionError):
            return yaml.safe_load(stream)


def speed_up_myst() -> None:
    """MyST-Parser's renderer gets :class:`_MystYaml` (when PyYAML has libyaml)."""
    try:
        import myst_parser.mdit_to_docutils.base as renderer
    except ImportError:
        return
    if getattr(yaml, "__with_libyaml__", False) and getattr(renderer, "yaml", None) is yaml:
        renderer.yaml = _MystYaml()  # type: ignore[assignment]


@dataclass
class FrontMatter:
    """Typed front matter of one document, with the source line (1-based) of each key."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: Line of the opening fence; problems with no better place are reported here.
    start_line: int = 1
    #: Why the block could not be read, when it could not.
    problem: str | None = None
    problem_line: int = 1

    def line(self, key: str) -> int:
        return self.lines.get(key, self.start_line)


def _block(source: str) -> tuple[str, int] | None:
    """The YAML text between the fences and the line the YAML starts on, or None."""
    match = BLOCK.match(source.lstrip("\ufeff"))
    return (match[1].rstrip("\r\n"), 2) if match else None


def parse(source: str) -> FrontMatter | None:
    """Front matter at the top of a Markdown source, or None when it has none."""
    block = _block(source)
    if block is None:
        return None
    text, first_line = block
    front_matter = FrontMatter(start_line=first_line - 1)
    try:
        node, data = _load(text, _Loader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        try:
            node, data = _load(text, _PythonLoader)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
            return _problem(front_matter, error, first_line)
    if data is None:
        return front_matter
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        front_matter.problem = f"front matter must be a mapping of keys to values, not {type(data).__name__}"
        front_matter.problem_line = first_line
        return front_matter
    front_matter.data = {str(key): value for key, value in data.items()}
    for key_node, _value_node in node.value:
        front_matter.lines[str(key_node.value)] = first_line + key_node.start_mark.line
    return front_matter


def _problem(front_matter: FrontMatter, error: Exception, first_line: int) -> FrontMatter:
    mark = getattr(error, "problem_mark", None)
    front_matter.problem = " ".join(str(getattr(error, "problem", "") or error).split())
    front_matter.problem_line = first_line + (mark.line if mark else 0)
    return front_matter


# --- notebooks -------------------------------------------------------------------------------

#: Notebook metadata that describes the kernel and editor, never the post.
_NOTEBOOK_OWN_KEYS = {"kernelspec", "language_info", "widgets", "colab", "vscode", "toc",
                      "varInspector", "celltoolbar", "jupytext", "interpreter", "orig_nbformat"}


def _cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def from_notebook(source: str, keys: set[str]) -> tuple[FrontMatter | None, str | None]:
    """A Jupyter notebook's front matter, and its JSON rewritten when that changed it.

    Two places hold a notebook post's metadata:

    * the notebook's own metadata (Jupyter's "Edit notebook metadata"), which MyST-NB passes on
      as front matter; only ``keys`` (the ones docblog reads) are taken from it, since
      editors store their own settings there too;
    * a ``---`` YAML block at the top of the first Markdown cell (mystmd's convention). It wins
      over the notebook metadata and is removed from the cell, so that MyST-NB and nbsphinx,
      which do not read it, do not render it as a rule and a heading.

    Returns ``(None, None)`` for a notebook with neither (or that is not valid JSON: the
    notebook reader reports that).
    """
    import json

    try:
        notebook = json.loads(source)
    except ValueError:
        return None, None
    if not isinstance(notebook, dict):
        return None, None
    metadata = notebook.get("metadata")
    data = {str(k): v for k, v in metadata.items() if str(k) in keys and k not in _NOTEBOOK_OWN_KEYS
            } if isinstance(metadata, dict) else {}
    front_matter = FrontMatter(data=data) if data else None
    rewritten: str | None = None
    cells = notebook.get("cells")
    first = next((c for c in cells if isinstance(c, dict) and c.get("cell_type") == "markdown"),
                 None) if isinstance(cells, list) else None
    if first is not None:
        text = _cell_source(first)
        match = BLOCK.match(text.lstrip("\ufeff"))
        parsed = parse(text) if match else None
        if match and parsed is not None and parsed.problem:
            # Maybe a rule and a setext heading after all: the cell is left as written.
            # (Lines of the cell are not lines of the .ipynb file: reported at its top.)
            front_matter = FrontMatter(data=data, problem=parsed.problem)
        elif match and parsed is not None:
            front_matter = FrontMatter(data={**data, **parsed.data})
            first["source"] = text.lstrip("\ufeff")[match.end():].lstrip("\r\n")
            rewritten = json.dumps(notebook, ensure_ascii=False, indent=1)
    return front_matter, rewritten
