"""Markdown rewriting every importer shares: code fences, MyST directives, links and images,
headings (the title as the one H1) and the excerpt marker."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

#: Put in place of a link target that names a post or page the import cannot find; the link
#: pass then keeps the link's text only (a dangling MyST reference would warn in every build).
UNRESOLVED = "docblog-import-unresolved:"
MORE = "<!-- more -->"

_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})")
_ATX = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^(=+|-+)[ \t]*$")


#: MyST directives whose content is Markdown: their fences are not code, their content is
#: converted like the rest of the post.
MARKDOWN_DIRECTIVES = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger",
                       "error", "seealso", "admonition", "figure", "topic", "sidebar", "dropdown"}
_DIRECTIVE = re.compile(r"^[ \t]*(`{3,}|~{3,})\{([\w-]+)\}")


def chunks(text: str) -> Iterator[tuple[bool, str]]:
    """The text in pieces, each either code (True: a fenced code block, or the fence lines and
    options of a Markdown directive) or Markdown to convert (False)."""
    buffer: list[str] = []
    fence = ""  # the open code fence
    open_directives: list[str] = []  # fences of the Markdown directives around this line

    def flush(code: bool) -> Iterator[tuple[bool, str]]:
        nonlocal buffer
        if buffer:
            yield code, "".join(buffer)
        buffer = []

    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _FENCE.match(line)
        if fence:
            buffer.append(line)
            if opened and opened[2][0] == fence[0] and len(opened[2]) >= len(fence) \
                    and not line.strip()[len(opened[2]):].strip():
                yield from flush(True)
                fence = ""
            i += 1
            continue
        directive = _DIRECTIVE.match(line)
        if directive and directive[2] in MARKDOWN_DIRECTIVES:
            yield from flush(False)
            head = [line]
            i += 1
            while i < len(lines) and lines[i].lstrip().startswith(":") and not lines[i].lstrip().startswith("::"):
                head.append(lines[i])
                i += 1
            yield True, "".join(head)
            open_directives.append(directive[1])
            continue
        if open_directives and opened and line.strip() == open_directives[-1]:
            yield from flush(False)
            yield True, line
            open_directives.pop()
            i += 1
            continue
        if opened:
            yield from flush(False)
            fence = opened[2]
        buffer.append(line)
        i += 1
    yield from flush(bool(fence))


def outside_code(text: str, change: Callable[[str], str]) -> str:
    return "".join(chunk if code else change(chunk) for code, chunk in chunks(text))


def in_fence(text_before: str) -> bool:
    """Whether the end of ``text_before`` is inside a fenced code block."""
    fence = ""
    for line in text_before.split("\n")[:-1]:
        opened = _FENCE.match(line)
        if not opened:
            continue
        if not fence:
            fence = opened[2]
        elif opened[2][0] == fence[0] and len(opened[2]) >= len(fence):
            fence = ""
    return bool(fence)


def fence_for(content: str) -> str:
    """A backtick fence longer than any backtick run in ``content``."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    return "`" * max(3, longest + 1)


def directive(name: str, argument: str = "", options: dict[str, str] | None = None,
              content: str = "", indent: str = "") -> str:
    """A MyST directive in a backtick fence."""
    body = content.strip("\n")
    fence = fence_for(body)
    lines = [f"{fence}{{{name}}}{(' ' + argument) if argument else ''}"]
    lines += [f":{key}: {value}" for key, value in (options or {}).items() if value]
    if body:
        lines += ["", body] if options else [body]
    lines.append(fence)
    return "\n".join(indent + line if line else line for line in "\n".join(lines).split("\n"))


def code_block(language: str, content: str, linenos: bool = False, indent: str = "") -> str:
    body = content.strip("\n")
    fence = fence_for(body)
    if linenos:
        head = [f"{fence}{{code-block}} {language or 'text'}", ":linenos:", ""]
    else:
        head = [f"{fence}{language}"]
    lines = head + body.split("\n") + [fence]
    return "\n".join(indent + line if line else line for line in lines)


ADMONITIONS = {
    "note": "note", "info": "note", "information": "note", "abstract": "note", "summary": "note",
    "tldr": "note", "example": "note", "quote": "note", "cite": "note", "success": "tip",
    "check": "tip", "done": "tip", "question": "hint", "help": "hint", "faq": "hint",
    "tip": "tip", "hint": "hint", "important": "important", "warning": "warning", "warn": "warning",
    "caution": "caution", "attention": "attention", "danger": "danger", "error": "error",
    "failure": "error", "fail": "error", "missing": "error", "bug": "error", "seealso": "seealso",
    "alert": "warning", "notice": "note", "callout": "note", "aside": "note",
}


def admonition(kind: str, title: str, content: str, indent: str = "") -> str:
    """A MyST admonition: the generator's type mapped to the nearest of docutils' types."""
    name = ADMONITIONS.get(kind.lower(), "note")
    if title:
        return directive("admonition", title, {"class": name}, content, indent)
    return directive(name, "", None, content, indent)


# links and images ---------------------------------------------------------------------------

# [text](url "title"), ![alt](url "title"); the url may be wrapped in <...>.
_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>]*>|[^)\s]+)?(\s+\"[^\"]*\"|\s+'[^']*')?\s*\)")
_REFDEF = re.compile(r"^([ ]{0,3}\[(?!\^)[^\]]+\]:[ \t]*)(<[^>]*>|\S+)(.*)$", re.MULTILINE)
_HTML_IMG = re.compile(r"<img\b([^>]*?)/?>", re.IGNORECASE)
_ATTR = re.compile(r"""(\w[\w-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)""")


def html_attributes(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2].strip("\"'") for m in _ATTR.finditer(text)}


def html_images(text: str) -> str:
    """``<img src=… alt=…>`` as Markdown images, so Sphinx copies the file (it ignores raw HTML).

    An image alone on its line keeps its width through MyST's ``image`` directive."""

    def whole_line(match: re.Match[str]) -> str:
        attrs = html_attributes(match[2])
        if "src" not in attrs:
            return match[0]
        options = {"alt": attrs.get("alt", ""), "width": attrs.get("width", "")}
        if options["width"].isdigit():
            options["width"] += "px"
        return directive("image", attrs["src"], options, indent=match[1])

    def inline(match: re.Match[str]) -> str:
        attrs = html_attributes(match[1])
        if "src" not in attrs:
            return match[0]
        return f"![{attrs.get('alt', '')}]({attrs['src']})"

    def change(chunk: str) -> str:
        chunk = re.sub(r"^([ \t]*)<img\b([^>]*?)/?>[ \t]*$", whole_line, chunk,
                       flags=re.MULTILINE | re.IGNORECASE)
        return _HTML_IMG.sub(inline, chunk)

    return outside_code(text, change)


def rewrite_links(text: str, link: Callable[[str], str], image: Callable[[str], str]) -> str:
    """Every Markdown link and image target outside code, through ``link`` and ``image``;
    links to something unresolved keep only their text."""

    def one(match: re.Match[str]) -> str:
        bang, label, url, title = match[1], match[2], match[3] or "", match[4] or ""
        bare = url[1:-1] if url.startswith("<") else url
        if bang:
            new = image(bare)
            if new.startswith(UNRESOLVED):  # removed: its alt text kept
                return label
            return f"![{label}]({new}{title})"
        if "](" in label:  # an image inside the link: [![alt](img)](url)
            label = _LINK.sub(one, label)
        new = link(bare)
        if new.startswith(UNRESOLVED):
            return label
        if " " in new:
            new = f"<{new}>"
        return f"[{label}]({new}{title})"

    defined: set[str] = set()
    unresolved: set[str] = set()

    def definition(match: re.Match[str]) -> str:
        label = " ".join(match[1].strip()[1:].split("]:", 1)[0].casefold().split())
        if label in defined:  # a second definition of a label: MyST warns; the first one counts
            return ""
        defined.add(label)
        url = match[2][1:-1] if match[2].startswith("<") else match[2]
        new = link(url)
        if new.startswith(UNRESOLVED):
            unresolved.add(label)
            return ""
        return f"{match[1]}{new}{match[3]}"

    def change(chunk: str) -> str:
        chunk = _LINK.sub(one, chunk)
        return _REFDEF.sub(definition, chunk)

    text = outside_code(text, change)
    if unresolved:
        def usage(match: re.Match[str]) -> str:
            label = " ".join((match[2] or match[1]).casefold().split())
            return match[1] if label in unresolved else match[0]

        text = outside_code(text, lambda chunk: re.sub(r"(?<![\]!])\[([^\[\]]+)\](?:\[([^\[\]]*)\])?(?![(:\[])",
                                                       usage, chunk))
    return text


_FENCE_ATTRIBUTES = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*\{[ \t]*\.([\w+-]+)[^}]*\}[ \t]*$", re.MULTILINE)
_FENCE_OPTIONS = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))([\w+-]+)[ \t]+(?:[\w-]+=|\{).*$", re.MULTILINE)


def fence_languages(text: str) -> str:
    """Fence info strings with attributes (```` ``` { .yaml .no-copy } ````, ```` ```py title="x" ````)
    reduced to their language, which is all MyST reads there."""
    return _FENCE_OPTIONS.sub(r"\1\2", _FENCE_ATTRIBUTES.sub(r"\1\2", text))


def image_directives(text: str, image: Callable[[str], str]) -> str:
    """The argument of ``image`` and ``figure`` directives, through ``image``; a directive
    whose image was removed becomes its ``:alt:`` text (a figure's caption is kept too)."""
    pattern = re.compile(r"^(?P<open>(?P<indent>[ \t]*)(?P<fence>`{3,})\{(?P<name>image|figure)\}[ \t]+)"
                         r"(?P<src>\S+)[ \t]*\n(?P<body>(?:.*\n)*?)(?P=indent)(?P=fence)`*[ \t]*$",
                         re.MULTILINE)

    def one(match: re.Match[str]) -> str:
        new = image(match["src"])
        if not new.startswith(UNRESOLVED):
            return match["open"] + new + "\n" + match["body"] + match["indent"] + match["fence"]
        alt = re.search(r"^[ \t]*:alt:[ \t]*(.*)$", match["body"], re.MULTILINE)
        caption = "\n".join(line for line in match["body"].splitlines()
                            if not re.match(r"^[ \t]*:\w[\w-]*:", line)).strip()
        return match["indent"] + "\n\n".join(t for t in ((alt[1].strip() if alt else ""), caption) if t)

    return pattern.sub(one, text)


# headings -------------------------------------------------------------------------------------


def escape_heading(title: str) -> str:
    return re.sub(r"([\\`*_\[\]<>{}$|])", r"\\\1", title).replace("\n", " ")


def plain(text: str) -> str:
    """A heading's text without Markdown emphasis, for comparing it with a title."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[*_`]", "", text)
    return " ".join(text.split()).casefold()


def headings(text: str, title: str) -> tuple[str, str]:
    """The post with ``title`` as its one H1, first; the other headings shifted so that they
    start at H2 and never skip a level. Returns the text and the title."""
    code_flags: list[bool] = []
    lines: list[str] = []
    for code, chunk in chunks(text):
        for line in chunk.split("\n")[:-1] if chunk.endswith("\n") else chunk.split("\n"):
            lines.append(line)
            code_flags.append(code)
    # setext headings become ATX headings, so there is one kind to shift
    for i in range(1, len(lines)):
        if code_flags[i] or code_flags[i - 1]:
            continue
        underline = _SETEXT.match(lines[i])
        above = lines[i - 1].strip()
        if underline and above and not _ATX.match(lines[i - 1]) and not above.startswith(("-", "*", ">", "|")) \
                and (i < 2 or not lines[i - 2].strip() or code_flags[i - 2]):
            level = 1 if underline[1][0] == "=" else 2
            lines[i - 1] = "#" * level + " " + above
            lines[i] = ""
    found = [(i, len(m[1]), m[2]) for i, line in enumerate(lines)
             if not code_flags[i] and (m := _ATX.match(line))]
    h1s = [h for h in found if h[1] == 1]
    if not title and h1s:
        title = re.sub(r"\\(.)", r"\1", h1s[0][2]).strip()
    first_is_title = bool(h1s) and h1s[0] is found[0] and plain(h1s[0][2]) == plain(title)
    if first_is_title:
        index = h1s[0][0]
        heading = lines.pop(index)
        code_flags.pop(index)
        found = [(i - (i > index), level, t) for i, level, t in found if i != index]
    else:
        heading = "# " + escape_heading(title)
    # the levels left, compressed to 2, 3, … in the order of their depth
    levels = sorted({level for _, level, _ in found})
    mapping = {level: min(6, n + 2) for n, level in enumerate(levels)}
    last = 1
    for i, level, heading_text in found:
        last = min(mapping[level], last + 1)
        lines[i] = "#" * last + " " + heading_text
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join([heading, "", *lines]).rstrip("\n") + "\n", title


def first_separator(text: str, separator: str) -> str:
    """The first ``separator`` outside code (an old site's excerpt marker) as ``<!-- more -->``."""
    if not separator or separator.strip() == "":
        return text
    done = False

    def change(chunk: str) -> str:
        nonlocal done
        if done or separator not in chunk:
            return chunk
        done = True
        before, after = chunk.split(separator, 1)
        return before.rstrip(" \t") + "\n\n" + MORE + "\n\n" + after.lstrip(" \t")

    return outside_code(text, change)


_CODE_OPENING = re.compile(r"^([ \t]*(?:`{3,}|~{3,}))[ \t]*(\{code-block\}[ \t]+|\{code\}[ \t]+)?([\w+#.-]+)[ \t]*$")
_PYTHON = ("py", "python", "py3", "python3", "default")


def lexes(language: str, code: str) -> bool:
    """Whether Pygments highlights ``code`` as ``language`` without an error token (Sphinx
    warns otherwise, in every build)."""
    from pygments.filters import ErrorToken
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if language in _PYTHON and code.lstrip().startswith(">>>"):
        language = "pycon"  # as Sphinx does
    if language in ("default", "none", "text", "output"):
        return True
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return False
    lexer.add_filter("raiseonerror")
    try:
        for _ in lexer.get_tokens(code):
            pass
    except ErrorToken:
        return False
    return True


def plain_code_when_unlexable(text: str, problem: Callable[[str, str], None]) -> str:
    """Code blocks Pygments cannot highlight in their language, shown as plain text (and
    reported) instead of warning in every build."""
    out: list[str] = []
    for code, chunk in chunks(text):
        if code:
            first, _, rest = chunk.partition("\n")
            opening = _CODE_OPENING.match(first)
            if opening:
                body = rest.rsplit("\n", 2)[0] if rest.rstrip("\n").count("\n") else ""
                body = "\n".join(line for line in body.split("\n") if not line.startswith(":"))
                if not lexes(opening[3], body):
                    problem(body.strip().split("\n")[0] if body.strip() else first,
                            f"code that Pygments cannot highlight as {opening[3]!r}: shown as plain text")
                    chunk = f"{opening[1]}{opening[2] or ''}text\n{rest}"
        out.append(chunk)
    return "".join(out)


def heading_slug(text: str) -> str:
    """The anchor most generators give a heading (Python-Markdown, kramdown, Hugo, Docusaurus)."""
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"[`*_]|<[^>]+>", "", text).strip().lower()
    text = re.sub(r"[^\w\s-]", "", text)
    return re.sub(r"[\s]+", "-", text)


def local_anchors(text: str, prefix: str, problem: Callable[[str, str], None]) -> str:
    """Links to a heading of the same post (``#whats-new``): the generators made an anchor for
    every heading, MyST makes none by default. The heading gets a label named after the post
    (labels are site-wide) and the link points at it; a link to no heading keeps its text."""
    definition = re.compile(r"^([ ]{0,3}\[[^\]]+\]:[ \t]*)#(\S+)[ \t]*$", re.MULTILINE)
    wanted = {m[1] for code, chunk in chunks(text) if not code
              for m in re.finditer(r"\]\(#([^)\s]+)\)", chunk)}
    wanted |= {m[2] for code, chunk in chunks(text) if not code for m in definition.finditer(chunk)}
    if not wanted:
        return text
    labels: dict[str, str] = {}

    def label_headings(chunk: str) -> str:
        def one(match: re.Match[str]) -> str:
            slug = heading_slug(match[2])
            if slug in wanted and slug not in labels:
                labels[slug] = f"{prefix}-{slug}"
                return f"({labels[slug]})=\n{match[0]}"
            return match[0]

        return re.sub(r"^(#{2,6})[ \t]+(.+?)[ \t]*$", one, chunk, flags=re.MULTILINE)

    text = outside_code(text, label_headings)

    def link(match: re.Match[str]) -> str:
        if match[2] in labels:
            return f"[{match[1]}](#{labels[match[2]]})"
        problem(f"#{match[2]}", "link to a part of the post that has no heading of that name: its text kept")
        return match[1]

    def defined(match: re.Match[str]) -> str:
        if match[2] in labels:
            return f"{match[1]}#{labels[match[2]]}"
        problem(f"#{match[2]}", "link to a part of the post that has no heading of that name: kept as it is")
        return match[0]

    text = outside_code(text, lambda chunk: definition.sub(defined, chunk))
    return outside_code(text, lambda chunk: re.sub(r"\[([^\[\]]*)\]\(#([^)\s]+)\)", link, chunk))
