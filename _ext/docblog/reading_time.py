"""Reading time from the rendered text of a post body."""

from __future__ import annotations

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


def body_text(doctree: nodes.Node, title: nodes.Node | None) -> str:
    """The rendered text of a post body: everything but the title, comments and raw markup."""
    parts: list[str] = []

    def visit(node: nodes.Node) -> None:
        if node is title or isinstance(node, _SKIPPED):
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
