"""From one post's front matter and doctree to its :class:`~docblog.posts.Post` record,
validating as it goes: every problem is named with its file and line (Sphinx's logger in a
build, the terminal in ``docblog check``, which reads posts with the same reader).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.locale import get_translation

from . import frontmatter, reading_time
from .config import DocblogConfig
from .dates import parse_date
from .diagnostics import Subtype, edit_distance, ignore, warn
from .posts import Post, clean_text

if TYPE_CHECKING:  # only for annotations: `docblog check` runs without loading Sphinx's app
    from ablog.post import PostNode


_ = get_translation("docblog")

#: Front-matter keys docblog reads, with ABlog's and other generators' spellings.
POST_KEYS = {
    "title", "date", "updated", "category", "categories", "tags", "author", "authors",
    "summary", "description", "excerpt", "reading_time", "draft", "image", "external_link",
    "redirect", "location", "language", "blogpost",
    "pin", "unlisted", "series", "series_order", "orphan", "nocomments", "canonical_link",
    "comments",
    "translation_key", "translation_of",
}
#: Keys other tools read from a page's front matter: MyST's documented page front matter,
#: Sphinx, its themes and notebook tools, and the generators posts are imported from. docblog
#: does not read them and never reports them.
OTHER_TOOLS_KEYS = {
    # MyST (mystmd.org/guide/frontmatter) and MyST-Parser / MyST-NB
    "subtitle", "short_title", "exports", "downloads", "label", "reviewers", "editors",
    "contributors", "affiliations", "doi", "arxiv", "open_access", "license", "github", "binder",
    "source", "subject", "venue", "volume", "issue", "first_page", "last_page", "biblio", "oxa",
    "numbering", "bibliography", "math", "abbreviations", "options", "parts", "jupyter", "thebe",
    "requirements", "resources", "keywords", "thumbnail", "banner", "copyright", "funding",
    "edit_url", "site", "enumerator", "content_includes_title", "social", "abstract",
    "myst", "mystnb", "substitutions", "html_meta", "kernelspec", "jupytext", "file_format",
    # Sphinx and its themes
    "tocdepth", "nosearch", "hide-toc", "html_theme.sidebar_secondary.remove",
    "sd_hide_title", "og:image", "og:description", "ogp_image",
    # Jekyll, Hugo, Docusaurus, Material for MkDocs, Pelican, Nikola and notebook front ends
    "layout", "permalink", "slug", "published", "lastmod", "images", "weight",
    "aliases", "toc", "hide", "search", "status", "modified", "featured_image", "cover",
    "hide_input", "hide_output", "interactive", "sidebar_label", "sidebar_position",
    "hide_table_of_contents", "links", "readtime", "redirect_from", "lang", "type", "url",
}
KNOWN_KEYS = POST_KEYS | OTHER_TOOLS_KEYS
#: Keys that mark a text notebook (Jupytext / MyST-NB): its other keys are the notebook's own
#: metadata (``language_info``, ``widgets``…), never front matter to validate.
NOTEBOOK_MARKERS = {"jupytext", "kernelspec"}
ALIASES = {"categories": "category", "authors": "author", "description": "summary"}


def likely_typo(key: str) -> str | None:
    """The key docblog reads that ``key`` is likely a misspelling of, or None.

    Only near misses count (``catagory``, ``tag``, ``Date``, ``series-order``): one edit for a
    short key, two for a longer one. Any other unknown key is taken for another tool's
    (``permalink``, ``hide_input``) and left alone, as Sphinx and ABlog leave it."""
    if key in KNOWN_KEYS:
        return None
    normal = key.strip().lower().replace("-", "_").replace(" ", "_")
    if normal in POST_KEYS:
        return normal
    allowed = 1 if len(normal) <= 5 else 2
    close = [(edit_distance(normal, known), known) for known in sorted(POST_KEYS)
             if abs(len(known) - len(normal)) <= allowed]
    best = min(close, default=None)
    return best[1] if best and best[0] <= allowed else None

def check_encoding(raw: bytes, docname: str,
                   report: Callable[[str, Subtype, Any], None] = warn) -> None:
    """Name the line of bytes that are not UTF-8 (they are read as U+FFFD)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        report(f"the file is not valid UTF-8 (byte {raw[error.start]:#04x}); undecodable bytes "
               "are shown as '\ufffd'. Save the file as UTF-8", Subtype.ENCODING, (docname, line))


def truthy(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


_PAGE_PART = re.compile(r"[\w.-]+")
_DATED_FILE_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-.")


class PostReader:
    """Turns one post's front matter (and doctree, when built) into a :class:`Post`.

    Every problem is reported through ``report`` with the file's line: Sphinx's logger in a
    build, the terminal in ``docblog check`` — so both print the same messages.
    """

    def __init__(
        self,
        config: DocblogConfig,
        docname: str,
        fm: frontmatter.FrontMatter | None,
        *,
        post_date_format: str = "",
        metadata: dict[str, Any] | None = None,
        doctree: nodes.document | None = None,
        has_updates: bool = True,
        heading: str = "",
        report: Callable[[str, Subtype, Any], None] = warn,
        advise: Callable[[str, Subtype, Any], None] = ignore,
        author_labels: frozenset[str] = frozenset(),
        auto_excerpt: int = 1,
        auto_image: int = 0,
        image_names: Callable[[str], str | None] | None = None,
    ):
        self.config = config
        self.post_date_format = post_date_format
        self.doctree = doctree
        #: Whether the doctree may hold ABlog ``update`` nodes (False: not searched for them).
        self.has_updates = has_updates
        self.docname = docname
        self.fm = fm
        self.metadata = metadata or {}
        self.heading = heading
        self.report = report
        self.advise = advise
        self.author_labels = author_labels
        self.auto_excerpt = auto_excerpt
        self.auto_image = auto_image
        self.image_names = image_names
        self.fields: dict[str, Any] = {}
        self.lines: dict[str, int] = {}
        self._body: reading_time.Body | None = None

    def location(self, key: str | None) -> tuple[str, int]:
        start = self.fm.start_line if self.fm else 1
        return self.docname, (self.lines.get(key, start) if key else start)

    def warn(self, message: str, subtype: Subtype, key: str | None = None) -> None:
        """Input that is wrong and that the author can fix: a build warning."""
        self.report(message, subtype, self.location(key))

    def note(self, message: str, subtype: Subtype, key: str | None = None) -> None:
        """Advice, not an error (ABlog reads the same input silently): ``docblog check`` only."""
        self.advise(message, subtype, self.location(key))

    # front matter -------------------------------------------------------------------------

    def collect_fields(self, post_nodes: list[PostNode]) -> None:
        """Merge, lowest priority first: reST docinfo, ABlog ``post`` directive, YAML."""
        if not self.fm:
            for key, value in self.metadata.items():
                self.fields[key] = value
        if post_nodes:
            node = post_nodes[0]
            line = node.line or 1
            for key in ("tags", "author", "category", "location", "language", "redirect"):
                if node.get(key):
                    self.fields[key] = list(node[key])
                    self.lines[key] = line
            for key in ("title", "image", "external_link", "excerpt"):
                if node.get(key):
                    self.fields[key] = node[key]
            if node.get("nocomments"):
                self.fields["nocomments"] = True
                self.lines["nocomments"] = line
            if node.get("date"):
                self.fields["date"] = node["date"]
                self.lines["date"] = line
        if self.fm:
            for key, value in self.fm.data.items():
                self.lines[key] = self.fm.line(key)
                if value is None or value == "" or value == [] or value == {}:
                    self.note(f"front matter key {key!r} has no value; ignored",
                              Subtype.FRONT_MATTER, key)
                    continue
                self.fields[key] = value
            notebook = bool(NOTEBOOK_MARKERS & set(self.fm.data))
            for key in self.fm.data:
                if key in KNOWN_KEYS or notebook:
                    continue
                typo = likely_typo(key)
                if typo:
                    self.warn(f"unknown front matter key {key!r}; did you mean {typo!r}?",
                              Subtype.FRONT_MATTER, key)
                else:
                    self.note(f"front matter key {key!r} is not one docblog reads",
                              Subtype.FRONT_MATTER, key)
        for alias, key in ALIASES.items():
            if alias in self.fields and key not in self.fields:
                self.fields[key] = self.fields.pop(alias)
                if alias in self.lines:
                    self.lines[key] = self.lines[alias]

    def names(self, key: str, subtype: Subtype) -> tuple[str, ...]:
        """A string, comma-separated string or list of strings, as a tuple of names."""
        value = self.fields.get(key)
        if value is None:
            return ()
        if isinstance(value, dict) and key == "author":  # MyST: one author as a mapping
            value = [value]
        if isinstance(value, str):
            items: list[Any] = value.split(",")
        elif isinstance(value, (list, tuple)):
            items = list(value)
        else:
            self.warn(
                f"{key!r} must be a string or a list of strings, not {type(value).__name__}; "
                "ignored",
                subtype,
                key,
            )
            return ()
        names: list[str] = []
        for item in items:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                self.note(f"{key!r} value {item!r} is a number; read as text", subtype, key)
                item = str(item)
            if isinstance(item, dict) and key == "author":
                item = self.person(item)
                if item is None:
                    continue
            if not isinstance(item, str):
                self.warn(
                    f"{key!r} values must be strings, not {type(item).__name__}; ignored",
                    subtype,
                    key,
                )
                continue
            name = clean_text(item)
            if not name:
                self.warn(f"{key!r} has an empty value; ignored", subtype, key)
                continue
            if name not in names:
                names.append(name)
        return tuple(names)

    def person(self, entry: dict[Any, Any]) -> str | None:
        """An author as MyST writes one (``{id: chris}``, ``{name: …, website: …}``): the label
        of a known author (``docblog_authors``/``blog_authors``) or the person's name."""
        label, name = entry.get("id"), entry.get("name")
        if isinstance(name, dict):  # MyST's parsed names: {given: …, family: …}
            name = name.get("literal") or " ".join(
                str(name[part]) for part in ("given", "family") if name.get(part))
        if isinstance(label, str) and (label in self.author_labels or not name):
            return label
        if isinstance(name, str) and name.strip():
            return name
        self.warn("an author given as a mapping needs an 'id' or a 'name'; ignored",
                  Subtype.AUTHOR, "author")
        return None

    def text(self, key: str) -> str:
        value = self.fields.get(key)
        if value is None:
            return ""
        if isinstance(value, (list, dict)):
            self.warn(f"{key!r} must be text, not {type(value).__name__}; ignored",
                      Subtype.FRONT_MATTER, key)
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.warn(f"{key!r} must be text, not {type(value).__name__}; read as text",
                      Subtype.FRONT_MATTER, key)
        return clean_text(str(value))

    def date(self, key: str, consequence: str = "") -> dt.datetime | None:
        if key not in self.fields or self.fields[key] in (None, ""):
            return None
        parsed = parse_date(self.fields[key], self.config.zone, self.post_date_format)
        if parsed.problem:
            self.warn(f"{key!r}: {parsed.problem}{consequence}", Subtype.DATE, key)
        elif parsed.note:
            self.warn(f"{key!r}: {parsed.note}", Subtype.DATE, key)
        return parsed.value

    def redirects(self) -> tuple[str, ...]:
        """Page names to forward from; each must stay inside the output folder."""
        safe = []
        for name in self.names("redirect", Subtype.FRONT_MATTER):
            page = name.strip().strip("/").removesuffix(".html")
            parts = page.split("/")
            if not page or any(p in ("", ".", "..") or not _PAGE_PART.fullmatch(p) for p in parts):
                self.warn(f"'redirect' {name!r} is not a page name inside the site (letters, digits, "
                          "'-', '_', '.' and '/' only); ignored", Subtype.FRONT_MATTER, "redirect")
                continue
            safe.append(page)
        return tuple(safe)

    def safe_address(self, key: str, value: str) -> str:
        """A relative path or an http(s) address; anything else (``javascript:``) is dropped."""
        value = clean_text(value)
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", value)
        if scheme and scheme[1].lower() not in ("http", "https"):
            self.warn(f"{key!r} must be a relative path or an http(s) address, not a "
                      f"{scheme[1]!r} address; ignored", Subtype.FRONT_MATTER, key)
            return ""
        return value

    def flag(self, key: str) -> bool:
        """``pin`` / ``unlisted``: true or false (YAML's booleans, or yes/no/1/0 as text)."""
        value = self.fields.get(key, False)
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("1", "true", "yes", "on",
                                                                "0", "false", "no", "off"):
            return truthy(value)
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        self.warn(f"{key!r} must be true or false, not {value!r}; read as false",
                  Subtype.FRONT_MATTER, key)
        return False

    def comments(self) -> bool | None:
        """``comments: true``/``false``, else ABlog's ``nocomments`` (no comments); None when
        the post says neither (the site's default decides)."""
        if "comments" in self.fields:
            return self.flag("comments")
        if "nocomments" in self.fields:
            return not self.flag("nocomments")
        return None

    def series_order(self) -> int | None:
        """``series_order``: the part's number in its series (a whole number, 1 or more)."""
        value = self.fields.get("series_order")
        if value is None:
            return None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            if "series" not in self.fields:
                self.warn("'series_order' without 'series'; ignored", Subtype.FRONT_MATTER,
                          "series_order")
                return None
            return value
        self.warn(f"'series_order' must be a whole number, not {value!r}; the part is placed "
                  "by date", Subtype.FRONT_MATTER, "series_order")
        return None

    def translation_of(self) -> str:
        """``translation_of``: another post's document name (``memorial``, ``../memorial.md``,
        ``/posts/memorial``), without its file extension; resolved once every post is read."""
        value = self.text("translation_of")
        if not value:
            return ""
        for suffix in (".md", ".rst", ".ipynb", ".txt", ".html"):
            if value.endswith(suffix):
                value = value[: -len(suffix)]
                break
        if not value.strip("/.") or value.startswith(("http:", "https:")):
            self.warn(f"'translation_of' must name another post's document (e.g. 'memorial'), "
                      f"not {value!r}; ignored", Subtype.FRONT_MATTER, "translation_of")
            return ""
        return value

    # doctree -------------------------------------------------------------------------------

    def title_node(self) -> nodes.title | None:
        if self.doctree is None:
            return None
        for section in self.doctree.findall(nodes.section):
            if section.children and isinstance(section[0], nodes.title):
                return section[0]
            break
        return None

    def paragraphs_wanted(self) -> int:
        """ABlog's ``excerpt`` (per post) or ``post_auto_excerpt`` (site): paragraphs in a summary."""
        value = self.fields.get("excerpt")
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        return self.auto_excerpt

    def body(self, title_node: nodes.title | None, summary: bool) -> reading_time.Body:
        """The doctree's text and summary paragraphs, from one walk made when first needed."""
        if self._body is None:
            assert self.doctree is not None
            self._body = reading_time.read_body(self.doctree, title_node, summary=summary)
        return self._body

    def summary_from_body(self, title: nodes.title | None) -> str:
        if self.doctree is None:
            return ""
        body = self.body(title, summary=True)
        paragraphs = [text for text in map(clean_text, body.paragraph_texts()) if text]
        if body.more_marker:
            return " ".join(paragraphs)
        return " ".join(paragraphs[:self.paragraphs_wanted()])

    def image_from_body(self) -> str:
        """ABlog's ``image`` (per post) or ``post_auto_image`` (site): the post's N-th image.

        A local image is named where Sphinx's HTML builder copies it (``/_images/<name>``,
        from the root of the output); an image on another site keeps its address.
        """
        value = self.fields.get("image")
        if isinstance(value, str) and value.strip().isdigit():  # reST docinfo: ":image: 2"
            value = int(value)
        wanted = value if isinstance(value, int) and not isinstance(value, bool) else self.auto_image
        if self.doctree is None or wanted <= 0:
            return ""
        for number, node in enumerate(self.doctree.findall(nodes.image), start=1):
            if number < wanted:
                continue
            uri = str(node.get("uri", ""))
            if re.match(r"^https?://", uri, re.IGNORECASE):
                return uri
            name = self.image_names(uri) if self.image_names else None
            return f"/_images/{name}" if name else ""
        return ""

    def update_dates(self) -> list[dt.datetime]:
        """Dates of ABlog ``update`` directives, each given its "Updated on …" title."""
        found: list[dt.datetime] = []
        if self.doctree is None or not self.has_updates:
            return found
        from ablog.post import UpdateNode
        for node in self.doctree.findall(UpdateNode):
            parsed = parse_date(node.get("date", ""), self.config.zone, self.post_date_format)
            if parsed.value is None:
                self.report(f"update: {parsed.problem}", Subtype.DATE, node)
                continue
            node.insert(0, nodes.title("", _("Updated on %s") % f"{parsed.value:%Y-%m-%d}"))
            node["classes"] += ["note", "update"]
            found.append(parsed.value)
        return found

    def title(self, title_node: nodes.title | None) -> str:
        """The ``title`` key, else the first heading, else one made from the file name."""
        title = self.text("title") or (clean_text(title_node.astext()) if title_node else "")
        title = title or clean_text(self.heading)
        if not title:
            title = os.path.basename(self.docname).replace("-", " ").replace("_", " ").strip()
            title = title[:1].upper() + title[1:]
            self.warn(f"post has no title (no heading and no 'title' key); using {title!r}",
                      Subtype.TITLE)
        return title

    def dates(self, draft: bool, has_post_directive: bool) -> tuple[dt.datetime | None, dt.datetime | None]:
        """``date`` and ``updated`` (or the newest ABlog ``update`` directive)."""
        dated_name = _DATED_FILE_NAME.match(os.path.basename(self.docname))
        if "date" not in self.fields and dated_name:
            # Jekyll/Docusaurus style: posts/2024-05-01-my-post.md
            self.fields["date"] = dated_name[1]
        date = self.date("date", "" if draft else "; the post is listed as a draft until it is fixed")
        if date is None and not draft and "date" not in self.fields and not has_post_directive:
            # An undated post is a draft, as ABlog documents: advice, not a warning.
            self.note("post has no 'date'; it is listed as a draft until it has one", Subtype.DATE)
        updated = self.date("updated")
        update_dates = self.update_dates()
        if updated is None and update_dates:
            updated = max(update_dates)
        if updated and date and updated < date:
            self.warn(f"'updated' ({updated:%Y-%m-%d}) is before 'date' ({date:%Y-%m-%d}); ignored",
                      Subtype.DATE, "updated")
            updated = None
        return date, updated

    def summary(self, post_nodes: list[PostNode], title_node: nodes.title | None) -> str:
        summary = self.text("summary")
        if "summary" in self.fields and not summary:
            self.warn("'summary' is empty; using the first paragraph", Subtype.SUMMARY, "summary")
        if not summary and post_nodes and post_nodes[0].children:
            # ABlog's ``post`` directive content is the post's excerpt.
            summary = clean_text(post_nodes[0].astext())
        return summary or self.summary_from_body(title_node)

    def words(self, title_node: nodes.title | None) -> tuple[int, int]:
        """Words and CJK characters of the body (none read without a doctree)."""
        if self.doctree is None:
            return 0, 0
        words, cjk = reading_time.count_text(self.body(title_node, summary=False).text)
        if words + cjk == 0:
            self.note("post body is empty", Subtype.BODY)
        return words, cjk

    def reading_minutes(self) -> int | None:
        """``reading_time`` set by hand, or None to compute it."""
        override = self.fields.get("reading_time")
        if override is None:
            return None
        if isinstance(override, int) and not isinstance(override, bool) and override > 0:
            return override
        if isinstance(override, str) and override.strip().isdigit() and int(override) > 0:
            return int(override)
        self.warn(f"'reading_time' must be a positive whole number of minutes, not {override!r}; "
                  "computed instead", Subtype.FRONT_MATTER, "reading_time")
        return None

    def image(self) -> str:
        # MyST's ``thumbnail`` is the card image of a post that names no ``image``.
        image_key = "image" if "image" in self.fields else "thumbnail"
        image = self.fields.get(image_key)
        image = (self.safe_address(image_key, image)
                 if isinstance(image, str) and not image.strip().isdigit() else "")
        return image or self.image_from_body()

    def read(self, post_nodes: list[PostNode] = ()) -> Post:  # type: ignore[assignment]
        self.collect_fields(post_nodes)
        title_node = self.title_node()
        title = self.title(title_node)
        draft = truthy(self.fields.get("draft", False))
        date, updated = self.dates(draft, bool(post_nodes))
        summary = self.summary(post_nodes, title_node)
        words, cjk = self.words(title_node)
        minutes = self.reading_minutes()
        image = self.image()
        return Post(
            docname=self.docname,
            title=title,
            date=date,
            updated=updated,
            categories=self.names("category", Subtype.CATEGORY),
            tags=self.names("tags", Subtype.TAG),
            authors=self.names("author", Subtype.AUTHOR),
            summary=summary,
            words=words,
            cjk_characters=cjk,
            reading_time=minutes,
            draft=draft,
            image=image,
            external_link=self.safe_address("external_link", self.text("external_link")),
            location=self.names("location", Subtype.FRONT_MATTER),
            language=self.names("language", Subtype.FRONT_MATTER),
            redirect=self.redirects(),
            pin=self.flag("pin"),
            unlisted=self.flag("unlisted"),
            series=self.text("series"),
            series_order=self.series_order(),
            comments=self.comments(),
            translation_key=self.text("translation_key"),
            translation_of=self.translation_of(),
            lines=tuple(sorted(self.lines.items())),
        )


def whole_number(value: object, default: int) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return default


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


