"""Reading time from the rendered text of a post body."""

from __future__ import annotations

import html
import math
import re

from docutils import nodes

# Han, Hiragana, Katakana, Hangul and their compatibility/extension blocks: each character
# is read as one word-equivalent, at the configured characters-per-minute rate.
_CJK = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_WORD = re.compile(r"[^\s]*\w[^\s]*")
_SKIPPED = (nodes.comment, nodes.raw, nodes.system_message, nodes.docinfo, nodes.substitution_definition)


def count_text(text: str) -> tuple[int, int]:
    """(words, CJK characters) in ``text``."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return words, cjk


#: Classes of what a notebook's code cells show but a reader does not read as text:
#: MyST-NB's ``cell_output`` containers, nbsphinx's ``nboutput`` containers and ``[1]:`` prompts.
_NOTEBOOK_OUTPUT_CLASSES = {"cell_output", "nboutput", "prompt"}
_TAG = re.compile(r"<[^>]*>")


def is_notebook_output(node: nodes.Node) -> bool:
    """Whether ``node`` is the output (or prompt) of a notebook code cell.

    In a notebook, Markdown cells and the source of code cells are read; what the code
    printed or drew (tables, logs, figures) is looked at, so it counts for no reading time.
    """
    if not isinstance(node, nodes.Element):
        return False
    if node.get("nb_element") == "cell_code_output":
        return True
    return not _NOTEBOOK_OUTPUT_CLASSES.isdisjoint(node.get("classes", ()))


def paragraph_text(paragraph: nodes.Node) -> str:
    """A paragraph's text as a reader sees it: inline HTML gives its text, not its tags.

    A Markdown ``<a href="…">on YouTube</a>`` becomes raw HTML nodes around the link text
    (MyST) or one raw node holding both; either way the summary reads "on YouTube". Raw markup
    for other formats (LaTeX) and images (their alternative text) are left out.
    """
    parts: list[str] = []

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.raw):
            if "html" in str(node.get("format", "")).split():
                parts.append(html.unescape(_TAG.sub("", node.astext())))
            return
        if isinstance(node, (nodes.image, nodes.comment, nodes.system_message,
                             nodes.substitution_definition)):
            return
        if isinstance(node, nodes.Text):
            parts.append(str(node))
            return
        for child in node.children:
            visit(child)

    visit(paragraph)
    return "".join(parts)


def body_text(doctree: nodes.Node, title: nodes.Node | None) -> str:
    """The rendered text of a post body: everything but the title, comments and raw markup.

    In a notebook post, outputs of code cells are left out (see :func:`is_notebook_output`).
    """
    parts: list[str] = []

    def visit(node: nodes.Node) -> None:
        if node is title or isinstance(node, _SKIPPED) or is_notebook_output(node):
            return
        if isinstance(node, nodes.Text):
            parts.append(str(node))
            return
        for child in node.children:
            visit(child)
        if isinstance(node, nodes.TextElement):
            parts.append(" ")

    visit(doctree)
    return "".join(parts)


def minutes(words: int, cjk_characters: int, words_per_minute: int, cjk_per_minute: int) -> int:
    return max(1, math.ceil(words / words_per_minute + cjk_characters / cjk_per_minute))
