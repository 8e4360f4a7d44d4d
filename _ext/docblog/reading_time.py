"""Reading time and the automatic summary, from one walk of a post's doctree."""

from __future__ import annotations

import html
import itertools
import math
import re
from dataclasses import dataclass, field

from docutils import nodes

# Han, Hiragana, Katakana, Hangul and their compatibility/extension blocks: each character
# is read as one word-equivalent, at the configured characters-per-minute rate.
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
#: A whole token with no letter, digit or ``_`` ("—", "->", "|"), in tokens joined by spaces.
_TOKEN_WITHOUT_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
_SKIPPED = (nodes.comment, nodes.raw, nodes.system_message, nodes.docinfo, nodes.substitution_definition)


def count_words(text: str) -> int:
    """Words in ``text``: runs of non-space characters with a letter, digit or ``_`` in them
    (what ``\\S*\\w\\S*`` finds, in a fifth of the time: 0.2 ms against 1.1 ms for a post
    of 2,000 words; a full build of 5,000 posts counts 10 million words).

    The tokens that are not all letters and digits (``str.isalnum``, asked from C) are few;
    those with no word character at all are found among them with one regular expression.
    """
    tokens = text.split()
    others = " ".join(itertools.filterfalse(str.isalnum, tokens))
    return len(tokens) - len(_TOKEN_WITHOUT_WORD.findall(others))


def count_text(text: str) -> tuple[int, int]:
    """(words, CJK characters) in ``text``."""
    # Most posts: one pass over the text, not three (none for ASCII text, which has no CJK:
    # the search was a fifth of the count's time for an English post).
    if text.isascii() or _CJK.search(text) is None:
        return count_words(text), 0
    cjk = len(_CJK.findall(text))
    words = count_words(_CJK.sub(" ", text))
    return words, cjk


#: What a reader looks at but does not read in a notebook post: MyST-NB's cell outputs
#: (``nb_element="cell_code_output"``) and elements with these classes (MyST-NB's
#: ``cell_output`` containers, nbsphinx's ``nboutput`` containers and ``[1]:`` prompts).
#: Markdown cells and the source of code cells are read; what the code printed or drew
#: (tables, logs, figures) counts for no reading time.
_NOTEBOOK_OUTPUT_CLASSES = {"cell_output", "nboutput", "prompt"}
_TAG = re.compile(r"<[^>]*>")


#: What ends the automatic summary: ``<!-- more -->`` (a raw HTML block or a comment).
MORE_MARKERS = ("<!-- more -->", "more", "<!--more-->")
#: Paragraphs inside these are not summary material (a note, a sidebar, a table).
_NOT_SUMMARY = (nodes.admonition, nodes.sidebar, nodes.topic, nodes.table)
#: Left out of a paragraph's text (an image's alternative text, a message, a definition).
_NOT_PARAGRAPH_TEXT = (nodes.image, nodes.system_message, nodes.substitution_definition)


@dataclass
class Body:
    """What one walk of a post's doctree finds: the text read for reading time, and the
    paragraphs that may make its summary (in order, up to a ``<!-- more -->`` marker)."""

    text_parts: list[str] = field(default_factory=list)
    paragraphs: list[list[str]] = field(default_factory=list)
    more_marker: bool = False

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def paragraph_texts(self) -> list[str]:
        return ["".join(parts) for parts in self.paragraphs]


def read_body(doctree: nodes.Node, title: nodes.Node | None, summary: bool = True) -> Body:
    """Reading-time text and summary paragraphs in one walk (each doctree is walked once).

    The text read is everything but the title, comments, raw markup, messages and, in a
    notebook post, the outputs of code cells (see :data:`_NOTEBOOK_OUTPUT_CLASSES`). The summary's
    paragraphs are those outside admonitions, sidebars, topics, tables and cell outputs, as
    :meth:`Body.paragraph_texts` reads them, up to the first ``<!-- more -->`` (none are collected
    when ``summary`` is false: the post has one of its own). The walk keeps its own stack
    and asks each node's class what it is once per class (see :data:`_KINDS`).
    """
    body = Body()
    text = body.text_parts
    kinds = _KINDS
    # (node, counted, summarized, paragraph); None: the end of a counted text element.
    stack: list[tuple[nodes.Node, bool, bool, list[str] | None] | None] = [
        (doctree, True, summary, None)]
    while stack:
        item = stack.pop()
        if item is None:
            text.append(" ")
            continue
        node, counted, summarized, paragraph = item
        try:
            kind = kinds[node.__class__]
        except KeyError:
            kind = _kind_of(node.__class__)
        if kind == _TEXT:
            if counted:
                text.append(node)  # type: ignore[arg-type]  # (a Text is a str)
            if paragraph is not None:
                paragraph.append(node)  # type: ignore[arg-type]
            continue
        if kind == _MARKUP:
            _read_markup(body, node, paragraph)
            continue
        attributes = node.attributes  # type: ignore[attr-defined]  # (an element)
        if ("nb_element" in attributes and attributes["nb_element"] == "cell_code_output") or (
                attributes["classes"] and not _NOTEBOOK_OUTPUT_CLASSES.isdisjoint(attributes["classes"])):
            _skip_cell_output(body, node)
            continue
        if node is title:
            counted = False
        if kind != _PLAIN:
            if kind & _SKIPPED_KIND:
                counted = False
            if kind & _NOT_PARAGRAPH_TEXT_KIND:
                paragraph = None
            if kind & _NOT_SUMMARY_KIND:
                summarized = False
            if kind & _PARAGRAPH_KIND and summarized and not body.more_marker:
                paragraph = []
                body.paragraphs.append(paragraph)
            if counted and kind & _TEXT_ELEMENT_KIND:
                stack.append(None)
        children = node.children
        if children:
            stack += [(child, counted, summarized, paragraph) for child in reversed(children)]
    return body


def _read_markup(body: Body, node: nodes.Node, paragraph: list[str] | None) -> None:
    """A raw node or a comment: inline HTML gives a summary paragraph its text, and either
    may be the ``<!-- more -->`` marker."""
    if paragraph is not None and isinstance(node, nodes.raw) and (
            "html" in str(node.get("format", "")).split()):
        paragraph.append(html.unescape(_TAG.sub("", node.astext())))
    _check_marker(body, node)


def _skip_cell_output(body: Body, node: nodes.Node) -> None:
    """A notebook's cell output (:data:`_NOTEBOOK_OUTPUT_CLASSES`) is neither read nor
    summarized; a marker in it still ends the summary."""
    for marker in node.findall(lambda n: isinstance(n, (nodes.raw, nodes.comment))):
        _check_marker(body, marker)


def _check_marker(body: Body, node: nodes.Node) -> None:
    if not body.more_marker and node.astext().strip() in MORE_MARKERS:
        body.more_marker = True


#: What :func:`read_body` does with a node, by its class (bits of an int; ``_TEXT`` and
#: ``_MARKUP`` are whole kinds, ``_PLAIN`` an element with none of the bits). Asked once
#: per class: a recursive walk with a call and a few ``isinstance`` per node was three
#: quarters of the time docblog spent reading a post.
_TEXT, _MARKUP, _PLAIN = -1, -2, 0
_SKIPPED_KIND, _NOT_PARAGRAPH_TEXT_KIND, _NOT_SUMMARY_KIND = 1, 2, 4
_PARAGRAPH_KIND, _TEXT_ELEMENT_KIND = 8, 16
_KINDS: dict[type, int] = {}


def _kind_of(cls: type) -> int:
    if issubclass(cls, nodes.Text):
        kind = _TEXT
    elif issubclass(cls, (nodes.raw, nodes.comment)):
        kind = _MARKUP
    else:
        kind = ((_SKIPPED_KIND if issubclass(cls, _SKIPPED) else 0)
                | (_NOT_PARAGRAPH_TEXT_KIND if issubclass(cls, _NOT_PARAGRAPH_TEXT) else 0)
                | (_NOT_SUMMARY_KIND if issubclass(cls, _NOT_SUMMARY) else 0)
                | (_PARAGRAPH_KIND if issubclass(cls, nodes.paragraph) else 0)
                | (_TEXT_ELEMENT_KIND if issubclass(cls, nodes.TextElement) else 0))
    _KINDS[cls] = kind
    return kind


def minutes(words: int, cjk_characters: int, words_per_minute: int, cjk_per_minute: int) -> int:
    return max(1, math.ceil(words / words_per_minute + cjk_characters / cjk_per_minute))
