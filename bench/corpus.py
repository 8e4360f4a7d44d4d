"""A deterministic synthetic blog: N MyST posts plus a small docs site, as a Sphinx project.

Post ``i`` depends only on the seed and ``i``, so the 200-post corpus is the first 200 posts
of the 1,000-post one. Every post has YAML front matter (date, category, tags, author,
summary, ``orphan: true``; ``series`` and sometimes ``series_order`` for about one post in
seven) and a body of about 2,000 words with ``##`` headings, paragraphs with inline markup,
bullet lists and fenced code blocks.

The same posts are written for every *setup*; only ``conf.py`` (and, for ``ablog-toctree``,
a hidden toctree in ``index.md``; for ``docblog``, the authors' avatars in ``_static``;
``docblog-plain`` is docblog with the authors as names only, no avatars, bios or links)
differ. Without docblog, ``series`` is front matter nobody reads (MyST keeps it as page
metadata, ABlog ignores keys it does not know). The ``pst-*`` setups are shaped like a real ABlog
site on pydata-sphinx-theme: ABlog's templates in ``html_sidebars`` and a placeholder
``blog.md`` in the toctree (ABlog writes its "All posts" page over it)::

    python -m bench.corpus /tmp/site --posts 50 --setup docblog
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pprint
import random
import re
import shutil
import struct
import unicodedata
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

SETUPS = (
    "floor", "floor-exit", "ablog-orphan", "ablog-toctree", "docblog", "docblog-plain",
    "pst-floor", "pst-ablog", "pst-docblog", "pst-docblog-fa",
)
#: Setups shaped like an ABlog site on pydata-sphinx-theme (see ``PST_CONF``).
PST_SETUPS = ("pst-floor", "pst-ablog", "pst-docblog", "pst-docblog-fa")
#: Setups whose every page (docs pages too) shows ABlog's recent-posts sidebar.
RECENTPOSTS_EVERYWHERE = ("pst-ablog", "pst-docblog", "pst-docblog-fa")

DEFAULT_SEED = 20260316
WORDS_PER_POST = 2000

CATEGORIES = [
    # (name, relative weight): uneven, like real blogs
    ("CI/CD", 8),
    ("Release Notes", 12),
    ("Performance", 9),
    ("Design", 7),
    ("Writing", 6),
    ("Accessibility", 4),
    ("Security", 5),
    ("Community", 6),
    ("Testing", 7),
    ("Deep Dives", 5),
    ("Infrastructure", 4),
]

TAGS = [
    "sphinx", "myst", "markdown", "furo", "ablog", "ci", "github-actions", "testing", "pytest",
    "performance", "caching", "parallel", "memory", "profiling", "release", "migration",
    "design", "css", "dark-mode", "accessibility", "a11y-audit", "feeds", "atom", "search",
    "navigation", "templates", "jinja", "python", "packaging", "docs-as-code", "writing",
    "style-guide", "i18n", "timezones", "security", "dependencies", "community", "roadmap",
    "incremental", "tooling",
]

AUTHORS = [
    "Ada Lovelace",
    "Tomás Lindqvist",
    "Priya Raman",
    "Zoë Okafor",
    "Kenji Watanabe",
    "Margaret Hamilton",
]

FIRST_DATE = datetime(2019, 1, 7, 8, 0)
LAST_DATE = datetime(2026, 10, 30, 18, 0)

#: Series are planned per block of this many consecutive posts, so a corpus whose size is a
#: multiple of it (200, 1,000) has every series whole. Offset 0 of a block is never a part:
#: the post the runner adds to such a corpus (the next one) is not a series part.
SERIES_BLOCK = 40

SERIES_TEMPLATES = [
    "{Topic} in depth", "Getting {topic} right", "A tour of {topic}", "Living with {topic}",
    "{Topic} from scratch", "Inside {topic}", "Field notes on {topic}", "Taming {topic}",
]

#: One-line bios, one per author (in the order of ``AUTHORS``).
AUTHOR_BIOS = [
    "Writes the release notes and keeps the build matrix green.",
    "Maintains the theme and cares about colour contrast.",
    "Measures everything twice, then makes the build faster.",
    "Works on search, feeds and the reader's first five minutes.",
    "Packages releases and reviews most of the CI changes.",
    "Tests the edge cases nobody else thought of.",
]

# --- prose ingredients --------------------------------------------------------------------

TOPICS = [
    "incremental builds", "the environment pickle", "category pages", "tag archives",
    "the Atom feed", "reading time", "post cards", "the sidebar", "toctree depth",
    "front matter", "parallel reads", "the HTML writer", "Furo's CSS variables", "dark mode",
    "search indexing", "date handling", "time zones", "author pages", "pagination",
    "template overrides", "the doctree cache", "link checking", "warnings in CI",
    "release automation", "dependency pinning", "keyboard navigation", "colour contrast",
    "screen readers", "MyST directives", "code highlighting", "image optimisation",
    "the build matrix", "pull request previews", "translation catalogs", "summary extraction",
    "slug generation", "redirects", "the navigation tree", "memory use", "cold starts",
]

TITLE_TEMPLATES = [
    "Speeding up {topic}",
    "What we learned about {topic}",
    "A closer look at {topic}",
    "Rethinking {topic}",
    "{Topic}, revisited",
    "Making {topic} boring again",
    "How {topic} works in docblog",
    "Notes on {topic} and {topic2}",
    "Why {topic} matters more than {topic2}",
    "Debugging {topic} in a large site",
    "Ten small fixes to {topic}",
    "{Topic} without surprises",
    "From {topic} to {topic2}",
    "Measuring {topic}",
    "The cost of {topic}",
]

TITLE_QUALIFIERS = [
    "", "", "", "", " for large sites", " on a budget", ": a case study", " in practice",
    " with Furo", " with MyST", " in CI", " for new contributors", ", step by step",
    " after the {year} release", " without a rewrite", ": what we measured", " at scale",
    " in ten minutes", ": questions and answers", " the hard way",
]

HEADING_TEMPLATES = [
    "Why {topic} matters",
    "Measuring {topic}",
    "A first attempt at {topic}",
    "What changed in {topic}",
    "{Topic} in practice",
    "Lessons from {topic}",
    "Where {topic} meets {topic2}",
    "The trouble with {topic}",
    "Numbers for {topic}",
    "Testing {topic}",
    "Edge cases in {topic}",
    "Trade-offs around {topic}",
    "What {topic} costs",
    "Next steps for {topic}",
]

CONNECTORS = [
    "", "", "", "", "In practice, ", "As a result, ", "Most of the time, ", "Surprisingly, ",
    "Of course, ", "On a large site, ", "In our measurements, ", "Unfortunately, ",
    "With this change, ", "For a small project, ", "At first glance, ", "Later on, ",
]

SUBJECTS = [
    "the build", "the blog index", "every post", "a category page", "the environment",
    "the reader", "our CI job", "the theme", "Sphinx", "the parser", "a small change",
    "the feed generator", "the template", "each archive page", "the writer", "the cache",
    "the sidebar", "the toctree", "a new contributor", "the release script", "the test suite",
    "the search index", "the HTML builder", "the extension", "a typical reader",
]

VERBS = [
    "reads", "writes", "rebuilds", "caches", "renders", "skips", "invalidates", "checks",
    "collects", "sorts", "links to", "depends on", "rewrites", "serialises", "ignores",
    "merges", "validates", "copies", "touches", "looks up", "counts", "groups",
]

OBJECTS = [
    "the doctree", "each archive page", "the navigation", "every tag page", "the whole site",
    "a few kilobytes of HTML", "the post metadata", "the date of each post", "the summaries",
    "the feed entries", "the static assets", "every author page", "the pickled environment",
    "the list of categories", "the source files", "the output directory", "the stylesheet",
    "the reading-time estimate", "the heading anchors", "the front matter", "the build log",
]

TAILS = [
    "on every build", "when nothing changed", "in parallel", "without a full rebuild",
    "for each author", "before the writer starts", "after the environment is pickled",
    "only once", "in a predictable order", "with no extra configuration", "twice",
    "for every page in the site", "as soon as a title changes", "in under a second",
    "on the slowest runner we have", "during the read phase", "at the end of the build",
    "for posts in every category", "even for drafts", "in a fresh checkout",
]

CODE_IDENTIFIERS = [
    "posts", "records", "env", "pages", "feed", "entry", "category", "tags", "doc", "builder",
    "config", "summary", "slug", "archive", "listing", "cards", "outdir", "docname",
]

INLINE_CODE = [
    "conf.py", "blog_path", "sphinx-build -j auto", "html_theme", "orphan: true",
    "posts/*", "blog_baseurl", "env-updated", "html-page-context", "_build/html",
    "myst_enable_extensions", "toctree", "python -m pytest", "pyproject.toml",
]

LINKS = [
    ("the Sphinx documentation", "https://www.sphinx-doc.org/"),
    ("MyST-Parser", "https://myst-parser.readthedocs.io/"),
    ("Furo", "https://pradyunsg.me/furo/"),
    ("ABlog", "https://ablog.readthedocs.io/"),
    ("the YAML spec", "https://yaml.org/spec/1.2.2/"),
]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, rng: random.Random) -> str:
    topic, topic2 = rng.sample(TOPICS, 2)
    return template.format(topic=topic, topic2=topic2, Topic=_cap(topic))


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    verb = rng.choice(VERBS)
    obj = rng.choice(OBJECTS)
    roll = rng.random()
    if roll < 0.12:
        obj = f"`{rng.choice(INLINE_CODE)}`"
    elif roll < 0.18:
        obj = f"**{obj}**"
    elif roll < 0.22:
        obj = f"*{obj}*"
    elif roll < 0.24:
        text, url = rng.choice(LINKS)
        obj = f"{obj}, as described in [{text}]({url}),"
    parts = [rng.choice(CONNECTORS) + subject, verb, obj, rng.choice(TAILS)]
    if rng.random() < 0.3:
        parts += ["because", rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    text = " ".join(parts)
    return _cap(text) + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(4, 7)))


def _bullets(rng: random.Random) -> str:
    items = []
    for _ in range(rng.randint(3, 6)):
        item = f"{_cap(rng.choice(SUBJECTS))} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        if rng.random() < 0.5:
            item += " " + rng.choice(TAILS)
        items.append(f"- {item}.")
    return "\n".join(items)


def _code_block(rng: random.Random) -> str:
    kind = rng.choice(["python", "python", "bash", "yaml", "toml", "json"])
    a, b, c = rng.sample(CODE_IDENTIFIERS, 3)
    n = rng.randint(2, 50)
    if kind == "python":
        body = (
            f"def build_{a}({b}, {c}=None):\n"
            f'    """Collect the {a} for one build."""\n'
            f"    result = []\n"
            f"    for item in sorted({b}):\n"
            f"        if {c} is not None and item in {c}:\n"
            f"            continue\n"
            f"        result.append(item)\n"
            f"    return result[:{n}]\n"
        )
    elif kind == "bash":
        body = (
            f"python -m pip install -e .\n"
            f"sphinx-build -b html -j {rng.randint(1, 8)} . _build/{a}\n"
            f"ls _build/{a}/{b} | wc -l\n"
        )
    elif kind == "yaml":
        body = (
            f"{a}:\n"
            f"  {b}: {n}\n"
            f"  {c}:\n"
            f"    - first\n"
            f"    - second\n"
        )
    elif kind == "toml":
        body = f'[tool.{a}]\n{b} = {n}\n{c} = ["x", "y"]\n'
    else:
        body = json.dumps({a: n, b: [c, "other"], "enabled": rng.random() < 0.5}, indent=2) + "\n"
    return f"```{kind}\n{body}```"


def _words(text: str) -> int:
    return len(text.split())


def _body(rng: random.Random, target_words: int) -> list[str]:
    """Blocks of a post body: ``##`` sections of paragraphs, bullet lists and code."""
    blocks: list[str] = [_paragraph(rng), _paragraph(rng)]
    words = sum(_words(b) for b in blocks)
    headings: set[str] = set()
    while words < target_words:
        heading = _fill(rng.choice(HEADING_TEMPLATES), rng)
        while heading in headings:
            heading = _fill(rng.choice(HEADING_TEMPLATES), rng)
        headings.add(heading)
        section = [f"## {heading}", _paragraph(rng)]
        for _ in range(rng.randint(1, 4)):
            roll = rng.random()
            if roll < 0.25:
                section.append(_bullets(rng))
            elif roll < 0.45:
                section.append(_code_block(rng))
            section.append(_paragraph(rng))
        blocks += section
        words += sum(_words(b) for b in section)
    return blocks


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-") or "post"


@dataclass
class Post:
    index: int
    slug: str
    title: str
    date: datetime
    category: str
    tags: list[str]
    author: str
    summary: str
    blocks: list[str]
    series: str | None = None
    series_order: int | None = None

    @property
    def path(self) -> str:
        return f"posts/{self.slug}.md"

    def render(self) -> str:
        front = [
            "---",
            f"date: {self.date:%Y-%m-%d %H:%M}",
            f"category: {json.dumps(self.category, ensure_ascii=False)}",
            f"tags: [{', '.join(self.tags)}]",
            f"author: {json.dumps(self.author, ensure_ascii=False)}",
            f"summary: {json.dumps(self.summary, ensure_ascii=False)}",
        ]
        if self.series is not None:
            front.append(f"series: {json.dumps(self.series, ensure_ascii=False)}")
        if self.series_order is not None:
            front.append(f"series_order: {self.series_order}")
        front += [
            "orphan: true",
            "---",
            "",
            f"# {self.title}",
            "",
            "",
        ]
        return "\n".join(front) + "\n\n".join(self.blocks) + "\n"


_SPAN_MINUTES = int((LAST_DATE - FIRST_DATE).total_seconds() // 60)


def _title_and_date(rng: random.Random) -> tuple[str, datetime]:
    """A post's first draws: its title (before de-duplication) and its date."""
    qualifier = rng.choice(TITLE_QUALIFIERS).format(year=rng.randint(2019, 2026))
    title = _fill(rng.choice(TITLE_TEMPLATES), rng) + qualifier
    minutes = rng.randrange(_SPAN_MINUTES)
    return title, FIRST_DATE + timedelta(minutes=minutes - minutes % 5)


@dataclass(frozen=True)
class SeriesPart:
    """Where one post sits in a series: the series' name and its ``series_order`` (or None)."""

    name: str
    order: int | None


@lru_cache(maxsize=4)
def _series_names(seed: int) -> tuple[str, ...]:
    """Every series name, shuffled for the seed; series number ``n`` takes name ``n``."""
    names = [template.format(topic=topic, Topic=_cap(topic))
             for template in SERIES_TEMPLATES for topic in TOPICS]
    random.Random(f"{seed}:series-names").shuffle(names)
    return tuple(names)


@lru_cache(maxsize=256)
def _series_block(block: int, seed: int) -> dict[int, SeriesPart]:
    """The series parts among the posts of ``block`` (``SERIES_BLOCK`` posts), by post index.

    One series of 2-6 parts per block, a second one in a third of the blocks: about one post
    in eight is a part. A series is a run of posts that are consecutive by date among the
    block's (its parts come a few weeks to a few months apart, in date order), so no post's
    date changes: the listings, the median post and the added post's date are as they were
    before there were series. Half the series number their parts with ``series_order``.
    """
    first = block * SERIES_BLOCK
    offsets = range(1, SERIES_BLOCK)
    dates = {o: _title_and_date(random.Random(f"{seed}:{first + o}"))[1] for o in offsets}
    by_date = sorted(offsets, key=lambda o: (dates[o], o))
    rng = random.Random(f"{seed}:plan:{block}")
    names = _series_names(seed)
    sizes = [rng.randint(2, 6) for _ in range(2 if rng.random() < 1 / 3 else 1)]
    # cut the block's date order into runs: one per series, with free posts between them
    free = len(by_date) - sum(sizes)
    cuts = sorted(rng.sample(range(free + 1), len(sizes)))
    parts: dict[int, SeriesPart] = {}
    for number, (size, cut) in enumerate(zip(sizes, cuts, strict=True)):
        start = cut + sum(sizes[:number])
        ordinal = block * 2 + number
        name = names[ordinal % len(names)]
        if ordinal >= len(names):
            name += f" ({ordinal // len(names) + 1})"
        numbered = rng.random() < 0.5
        for order, offset in enumerate(by_date[start:start + size], start=1):
            parts[first + offset] = SeriesPart(name, order if numbered else None)
    return parts


def series_part(index: int, seed: int = DEFAULT_SEED) -> SeriesPart | None:
    """The series part post ``index`` is, or None (depends only on the seed and ``index``)."""
    return _series_block(index // SERIES_BLOCK, seed).get(index)


def generate_posts(count: int, seed: int = DEFAULT_SEED) -> list[Post]:
    """The first ``count`` posts of the corpus for ``seed`` (stable prefix for any count)."""
    names = [name for name, _ in CATEGORIES]
    weights = [weight for _, weight in CATEGORIES]
    posts: list[Post] = []
    titles: set[str] = set()
    slugs: set[str] = set()
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        title, date = _title_and_date(rng)
        base, part = title, 2
        while title in titles:
            title, part = f"{base} (part {part})", part + 1
        titles.add(title)
        slug = base_slug = slugify(title)
        part = 2
        while slug in slugs:
            slug, part = f"{base_slug}-{part}", part + 1
        slugs.add(slug)
        summary = " ".join(_sentence(rng) for _ in range(2))
        # the last section overshoots the target by about half a section
        target = int(rng.gauss(WORDS_PER_POST - 120, 150))
        in_series = series_part(index, seed)
        posts.append(
            Post(
                index=index,
                slug=slug,
                title=title,
                date=date,
                category=rng.choices(names, weights)[0],
                tags=sorted(rng.sample(TAGS, rng.randint(2, 5))),
                author=rng.choice(AUTHORS),
                summary=summary,
                blocks=_body(rng, target - _words(summary)),
                series=in_series.name if in_series else None,
                series_order=in_series.order if in_series else None,
            )
        )
    return posts


# --- authors as people --------------------------------------------------------------------

AVATAR_DIR = "_static/avatars"


def author_slug(name: str) -> str:
    """``Tomás Lindqvist`` -> ``tomas-lindqvist`` (accents folded, for file names)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return slugify(folded)


def avatar_png(name: str, cells: int = 5, cell_px: int = 8) -> bytes:
    """A small identicon for ``name``: a PNG made here, the same bytes on every run.

    A mirrored grid of ``cells`` x ``cells`` squares in a colour taken from the name's hash,
    on a light background: about 40 x 40 pixels and a few hundred bytes, like the small
    avatar files blogs keep in ``_static``.
    """
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    colour = bytes((digest[0] // 2 + 40, digest[1] // 2 + 40, digest[2] // 2 + 40))
    background = b"\xf2\xf2\xf2"
    half = (cells + 1) // 2
    grid = [[digest[3 + row * half + column] % 2 == 0 for column in range(half)]
            for row in range(cells)]
    rows = []
    for row in range(cells):
        mirrored = grid[row] + grid[row][: cells - half][::-1]
        line = b"".join((colour if on else background) * cell_px for on in mirrored)
        rows += [b"\x00" + line] * cell_px  # filter type 0 per scanline
    side = cells * cell_px

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b""))


def author_avatar(name: str) -> str:
    """The avatar's path in the project (and in the output)."""
    return f"{AVATAR_DIR}/{author_slug(name)}.png"


def docblog_authors() -> dict[str, dict[str, object]]:
    """The ``docblog_authors`` entries of the docblog setup: every author as a person."""
    entries: dict[str, dict[str, object]] = {}
    for name, bio in zip(AUTHORS, AUTHOR_BIOS, strict=True):
        slug = author_slug(name)
        entries[name] = {
            "name": name,
            "avatar": author_avatar(name),
            "bio": bio,
            "links": {
                "Website": f"https://{slug}.example.org/",
                "Mastodon": f"https://social.example.org/@{slug}",
            },
        }
    return entries


def blog_authors() -> dict[str, tuple[str, str]]:
    """ABlog's ``blog_authors`` for the ABlog setups: name and link, all ABlog shows."""
    return {name: (name, f"https://{author_slug(name)}.example.org/") for name in AUTHORS}


def _assignment(name: str, value: object) -> str:
    """``name = value`` as Python source, wrapped to be readable in the project."""
    return f"{name} = {pprint.pformat(value, width=96, sort_dicts=False)}\n"


DOCBLOG_AUTHORS_CONF = """
# The authors as people: a name, a local avatar (written by the corpus), a bio and links.
html_static_path = ["_static"]
"""

ABLOG_AUTHORS_CONF = """
# The authors' names and links, ABlog's way.
"""


# --- the project --------------------------------------------------------------------------

DOCS_PAGES = {
    "installation": "Installation",
    "usage": "Usage",
    "configuration": "Configuration",
}

COMMON_CONF = '''\
# Generated by bench/corpus.py for the "{setup}" setup. Do not edit.
project = "Bench site"
author = "docblog benchmark"
copyright = "2026, docblog benchmark"
html_theme = "furo"
html_title = "Bench site"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
'''

ABLOG_CONF = '''\
blog_title = "Blog"
blog_baseurl = "https://bench.example.org/"
blog_post_pattern = "posts/*"
post_auto_orphan = True

# ABlog's default puts its page.html (which extends "layout.html") before the theme's templates;
# with Furo every page then renders as Furo's "generated by inheriting from layout.html" error
# page. So, as Furo users of ABlog do, skip that and offer ABlog's templates after the theme's.
skip_injecting_base_ablog_templates = True


def _ablog_templates_after_theme(app):
    import ablog
    from sphinx.jinja2glue import SphinxFileSystemLoader

    if hasattr(app.builder, "templates") and hasattr(app.builder.templates, "loaders"):
        loader = SphinxFileSystemLoader(ablog.get_html_templates_path())
        app.builder.templates.loaders.append(loader)


def setup(app):
    app.connect("builder-inited", _ablog_templates_after_theme)
'''

#: docblog's conf.py, after its setup's comment line.
DOCBLOG_CONF = '''\
import sys

try:
    import docblog  # noqa: F401  (installed: pip install -e . in the bench's interpreter)
except ImportError:  # fall back to the checkout the benchmark came from
    sys.path.insert(0, {ext_dir!r})
extensions = ["docblog"]
blog_title = "Blog"
blog_baseurl = "https://bench.example.org/"
'''

SETUP_CONF = {
    "floor": '''\
# The floor: the same Markdown pages with no blog at all (posts are orphan pages).
extensions = ["myst_parser"]
''',
    "floor-exit": '''\
# The floor, exiting as a process with docblog does (docblog.memory): what is alive at exit is
# frozen, so Python's finalization has nothing to collect. docblog against this floor is the
# cost of docblog's own work; against "floor", what a user waits for.
import atexit
import gc

atexit.register(gc.freeze)
extensions = ["myst_parser"]
''',
    "ablog-orphan": '''\
# Plain ABlog: posts found by pattern, kept out of the toctree (post_auto_orphan).
extensions = ["myst_parser", "ablog"]
''' + ABLOG_CONF,
    "ablog-toctree": '''\
# ABlog with every post listed in a hidden toctree in index.md (Furo's sidebar shows them all).
extensions = ["myst_parser", "ablog"]
''' + ABLOG_CONF,
    "docblog": "# docblog (which sets up myst_parser and ablog itself).\n" + DOCBLOG_CONF,
    # The posts' authors as names only: no docblog_authors (avatars, bios, links).
    "docblog-plain": ("# docblog (which sets up myst_parser and ablog itself), the authors as names "
                      "only.\n" + DOCBLOG_CONF),
}

PST_CONF = '''\
# Generated by bench/corpus.py for the "{setup}" setup. Do not edit.
# An ABlog site as ABlog users have it on pydata-sphinx-theme: {comment}
import sys

try:
    import docblog  # noqa: F401  (installed: pip install -e . in the bench's interpreter)
except ImportError:  # fall back to the checkout the benchmark came from
    sys.path.insert(0, {ext_dir!r})

project = "Bench site"
author = "docblog benchmark"
copyright = "2026, docblog benchmark"
html_theme = "pydata_sphinx_theme"
html_title = "Bench site"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
extensions = {extensions!r}
{blog}'''

PST_BLOG_CONF = '''
blog_title = "Blog"
blog_baseurl = "https://bench.example.org/"
blog_post_pattern = "posts/*"
post_auto_orphan = True
blog_feed_archives = True

_ABLOG_SIDEBARS = [
    "ablog/postcard.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
    "ablog/authors.html",
]
# Sphinx takes the first pattern that matches a page and warns when a second pattern with a
# wildcard matches too, so "**" cannot sit beside "posts/**": the patterns below do not
# overlap, and every page that is not a post or a blog page shows the recent posts.
html_sidebars = {
    "posts/**": _ABLOG_SIDEBARS,
    "blog/**": _ABLOG_SIDEBARS,
    "*": ["sidebar-nav-bs.html", "ablog/recentposts.html"],
    "docs/**": ["sidebar-nav-bs.html", "ablog/recentposts.html"],
}
'''

PST_EXTENSIONS = {
    "pst-floor": ["myst_parser"],
    "pst-ablog": ["myst_parser", "ablog"],
    "pst-docblog": ["myst_parser", "ablog", "docblog"],
    "pst-docblog-fa": ["myst_parser", "ablog", "docblog"],
}

# pydata-sphinx-theme sets ABlog's fontawesome_included to True at builder-inited, after Sphinx
# has compared the configuration with the pickled environment's; as ABlog declares that option
# as one that needs the environment rebuilt, every build of an ABlog site on that theme
# re-reads every document unless conf.py states the value itself. "pst-docblog-fa" does.
FONTAWESOME_STATED = """
# Stated here, so that pydata-sphinx-theme's change of it does not re-read every document.
fontawesome_included = True
"""

PST_COMMENTS = {
    "pst-floor": "the floor, the same pages with no blog.",
    "pst-ablog": "ABlog alone (its templates injected before the theme's, its default).",
    "pst-docblog": 'the "pst-ablog" configuration with "docblog" added to extensions.',
    "pst-docblog-fa": '"pst-docblog" with fontawesome_included stated.',
}

BLOG_PLACEHOLDER = "# Blog\n"

INDEX = """\
# Bench site

A synthetic documentation site with a blog of {count} posts, generated by `bench/corpus.py`
for the benchmark of the **{setup}** setup.

```{{toctree}}
:maxdepth: 2
:caption: Documentation

{docs}
```
"""

HIDDEN_POSTS_TOCTREE = """
```{toctree}
:hidden:
:glob:
:caption: Blog

posts/*
```
"""


def _docs_page(title: str, rng: random.Random) -> str:
    blocks = [f"# {title}", _paragraph(rng)]
    for heading in rng.sample(HEADING_TEMPLATES, 2):
        blocks += [f"## {_fill(heading, rng)}", _paragraph(rng), _code_block(rng)]
    return "\n\n".join(blocks) + "\n"


def conf_py(setup: str) -> str:
    if setup in PST_SETUPS:
        return PST_CONF.format(
            setup=setup,
            comment=PST_COMMENTS[setup],
            ext_dir=str(REPO_ROOT / "_ext"),
            extensions=PST_EXTENSIONS[setup],
            blog="" if setup == "pst-floor" else PST_BLOG_CONF,
        ) + (FONTAWESOME_STATED if setup == "pst-docblog-fa" else "") + authors_conf(setup)
    if setup not in SETUP_CONF:
        raise ValueError(f"unknown setup {setup!r}; choose from {', '.join(SETUPS)}")
    extra = SETUP_CONF[setup].format(ext_dir=str(REPO_ROOT / "_ext"))
    return COMMON_CONF.format(setup=setup) + "\n" + extra + authors_conf(setup)


def authors_conf(setup: str) -> str:
    """What ``conf.py`` says about the authors: as people for docblog, ABlog's for ABlog."""
    if setup == "docblog":
        return DOCBLOG_AUTHORS_CONF + _assignment("docblog_authors", docblog_authors())
    if setup in ("ablog-orphan", "ablog-toctree", *RECENTPOSTS_EVERYWHERE):
        return ABLOG_AUTHORS_CONF + _assignment("blog_authors", blog_authors())
    return ""


def index_md(setup: str, count: int) -> str:
    docs = "\n".join(f"docs/{name}" for name in DOCS_PAGES)
    if setup in PST_SETUPS:
        docs += "\nblog"
    text = INDEX.format(count=count, setup=setup, docs=docs)
    if setup == "ablog-toctree":
        text += HIDDEN_POSTS_TOCTREE
    return text


def write_project(
    folder: Path | str, posts: list[Post], setup: str, seed: int = DEFAULT_SEED
) -> Path:
    """Write a complete Sphinx project for ``setup`` into ``folder`` (replaced if present)."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "posts").mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "conf.py").write_text(conf_py(setup), encoding="utf-8")
    (folder / "index.md").write_text(index_md(setup, len(posts)), encoding="utf-8")
    rng = random.Random(f"{seed}:docs")
    for name, title in DOCS_PAGES.items():
        (folder / "docs" / f"{name}.md").write_text(_docs_page(title, rng), encoding="utf-8")
    if setup in PST_SETUPS:
        (folder / "blog.md").write_text(BLOG_PLACEHOLDER, encoding="utf-8")
    if setup == "docblog":
        (folder / AVATAR_DIR).mkdir(parents=True)
        for name in AUTHORS:
            (folder / author_avatar(name)).write_bytes(avatar_png(name))
    for post in posts:
        (folder / post.path).write_text(post.render(), encoding="utf-8")
    return folder


# --- the edits the runner makes -----------------------------------------------------------


def edit_post_body(path: Path | str, marker: str = "benchmark") -> None:
    """Append a paragraph to a post's body; front matter and title stay the same."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    paragraph = (
        f"An extra paragraph added by the {marker} edit. It changes the body of this post and "
        "nothing else: the title, the summary, the category and the tags stay as they were."
    )
    path.write_text(text.rstrip("\n") + "\n\n" + paragraph + "\n", encoding="utf-8")


def edit_post_title(path: Path | str, suffix: str = " (updated)") -> None:
    """Change a post's ``# Title`` line (the first level-one heading)."""
    path = Path(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.startswith("# "):
            lines[number] = line + suffix
            break
    else:
        raise ValueError(f"{path} has no '# Title' line")
    path.write_text("\n".join(lines), encoding="utf-8")


def new_post(posts: list[Post], seed: int = DEFAULT_SEED) -> Post:
    """The post the runner adds: the next post of the corpus, dated a day after the newest.

    It is never a series part (for a corpus of a multiple of ``SERIES_BLOCK`` posts the next
    post is not one anyway), so adding it costs what adding any post costs.
    """
    post = generate_posts(len(posts) + 1, seed)[-1]
    newest = max(p.date for p in posts)
    return replace(post, date=newest + timedelta(days=1), series=None, series_order=None)


def add_post(folder: Path | str, post: Post) -> None:
    """Write ``post`` into the project in ``folder``."""
    (Path(folder) / post.path).write_text(post.render(), encoding="utf-8")


def edit_target(posts: list[Post]) -> Post:
    """The post the runner edits: the median post by date (in the middle of every listing).

    Never a series part: a part's new title shows on the other parts' pages too, so its title
    edit would cost more than other posts'. When the median is a part, the nearest post by
    date that is not one is edited. (With the default seed, the medians of the 30-, 50-,
    200- and 1,000-post corpora are not parts: the posts edited are those edited before
    the corpus had series.)
    """
    by_date = sorted(posts, key=lambda post: (post.date, post.index))
    middle = len(by_date) // 2
    for distance in range(len(by_date)):
        for position in (middle - distance, middle + distance):
            if 0 <= position < len(by_date) and by_date[position].series is None:
                return by_date[position]
    return by_date[middle]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the benchmark's Sphinx project.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--posts", type=int, default=200)
    parser.add_argument("--setup", choices=SETUPS, default="docblog")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    posts = generate_posts(args.posts, args.seed)
    write_project(args.folder, posts, args.setup, args.seed)
    words = sum(len(p.render().split()) for p in posts)
    print(f"wrote {args.folder}: {len(posts)} posts, ~{words // max(len(posts), 1)} words each")


if __name__ == "__main__":
    main()
