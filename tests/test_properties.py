"""Nothing lost: random blogs (some malformed) keep every invariant of the listings and feeds.

``make test`` runs a bounded number of examples; ``make fuzz`` runs many more
(``DOCBLOG_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

EXAMPLES = int(os.environ.get("DOCBLOG_FUZZ_EXAMPLES", "6"))
CATEGORIES = ["CI/CD", "Machine Learning", "C++", "C#", "python", "Python", "Données", "Release Notes"]
TAGS = ["sphinx", "Sphinx", "furo", "a/b", "x y"]
TEXT = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
               min_size=1, max_size=30).filter(lambda s: s.strip())


@st.composite
def posts(draw):
    kind = draw(st.sampled_from(["published", "published", "published", "draft", "future",
                                 "no-date", "bad-date", "bad-yaml"]))
    day = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 10, 31)))
    return {
        "kind": kind,
        "title": draw(TEXT),
        "summary": draw(TEXT),
        "date": day,
        "hour": draw(st.integers(0, 23)),
        "offset": draw(st.sampled_from(["", "Z", "+02:00", "-05:00"])),
        "categories": draw(st.lists(st.sampled_from(CATEGORIES), max_size=3)),
        "tags": draw(st.lists(st.sampled_from(TAGS), max_size=2)),
    }


def front_matter(post: dict) -> str:
    lines = [f"title: {json.dumps(post['title'])}", f"summary: {json.dumps(post['summary'])}"]
    if post["kind"] in ("published", "draft"):
        lines.append(f"date: {post['date']}T{post['hour']:02d}:00:00{post['offset']}")
    if post["kind"] == "future":
        lines.append("date: 2999-01-01")
    if post["kind"] == "bad-date":
        lines.append("date: not-a-date")
    if post["kind"] == "draft":
        lines.append("draft: true")
    lines.append(f"category: {json.dumps(post['categories'])}")
    lines.append(f"tags: {json.dumps(post['tags'])}")
    if post["kind"] == "bad-yaml":
        lines.append("category: [unclosed")
    return "---\n" + "\n".join(lines) + "\n---\n"


def build(blog: list[dict], per_page: int) -> Path:
    srcdir = Path(tempfile.mkdtemp(prefix="docblog-fuzz-"))
    (srcdir / "posts").mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["docblog"]\nhtml_theme = "furo"\nblog_baseurl = "https://fuzz.example.org/"\n'
        f"docblog_posts_per_page = {per_page}\n", encoding="utf-8")
    (srcdir / "index.md").write_text("# Fuzz\n\nHome.\n", encoding="utf-8")
    for number, post in enumerate(blog):
        (srcdir / "posts" / f"post-{number}.md").write_text(
            front_matter(post) + f"\n# Heading {number}\n\nBody of post {number}.\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
    finally:
        app.cleanup()
    (srcdir / "_build" / "status.txt").write_text(app.status.getvalue(), encoding="utf-8")
    return srcdir / "_build" / "html"


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def cards(path: Path) -> list[str]:
    """Docnames of the cards on a page."""
    page = parse(path)
    names = []
    for link in page.select(".docblog-card-title a"):
        target = (path.parent / unquote(link["href"])).resolve()
        names.append(target.stem)
    return names


def listing_pages(outdir: Path, first: Path) -> list[Path]:
    """A listing's first page and its pages 2, 3, …"""
    pages = [first]
    folder = first.with_suffix("") / "page"
    number = 2
    while (folder / f"{number}.html").exists():
        pages.append(folder / f"{number}.html")
        number += 1
    return pages


# Each example is a whole Sphinx build: the bounded run in `make test` does not shrink (which
# can take minutes); `make fuzz` does, to report the smallest failing blog.
PHASES = (tuple(Phase) if os.environ.get("DOCBLOG_FUZZ_EXAMPLES")
          else (Phase.explicit, Phase.reuse, Phase.generate))


@settings(max_examples=EXAMPLES, deadline=None, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(blog=st.lists(posts(), min_size=1, max_size=12), per_page=st.integers(2, 6))
def test_random_blogs_keep_every_invariant(blog, per_page):
    outdir = build(blog, per_page)
    try:
        check_invariants(blog, outdir)
    finally:
        shutil.rmtree(outdir.parent.parent, ignore_errors=True)


def check_invariants(blog: list[dict], outdir: Path) -> None:
    published = {f"post-{n}" for n, p in enumerate(blog) if p["kind"] == "published"}
    unpublished = {f"post-{n}" for n in range(len(blog))} - published

    # the index pages list every published post exactly once, and nothing else
    index = Counter(name for page in listing_pages(outdir, outdir / "blog.html") for name in cards(page))
    assert index == Counter(published)
    count_line = parse(outdir / "blog.html").select_one(".docblog-count").get_text()
    assert count_line == f"{len(published)} post{'' if len(published) == 1 else 's'} so far."

    # drafts and scheduled posts leave no trace: no page, on no listing (the drafts page
    # included), in no feed; nothing is silently lost: the build names each of them
    for page in (outdir / "blog").rglob("*.html"):
        assert not set(cards(page)) & unpublished, page
    for name in unpublished:
        assert not (outdir / "posts" / f"{name}.html").exists(), name
    if unpublished:
        status = (outdir.parent / "status.txt").read_text(encoding="utf-8")
        assert all(f"posts/{name}" in status for name in unpublished), status

    # each published post is on each of its category and tag pages exactly once, and each
    # such page lists exactly the posts that link to it
    expected: dict[Path, Counter] = {}
    for name in published:
        header = parse(outdir / "posts" / f"{name}.html").select_one(".docblog-post-header")
        for link in header.select(".docblog-meta-category, .docblog-tag"):
            page = (outdir / "posts" / unquote(link["href"])).resolve()
            expected.setdefault(page, Counter())[name] += 1
    for kind in ("category", "tag"):
        for page in (outdir / "blog" / kind).glob("*.html"):
            listed = Counter(n for p in listing_pages(outdir, page) for n in cards(p))
            assert listed == expected.get(page.resolve(), Counter()), page

    # the archive lists each published post once, under its year and month (UTC)
    archive = parse(outdir / "blog/archive.html")
    archived = []
    for month in archive.select(".docblog-archive-month"):
        for link in month.select(".docblog-card-title a"):
            name = Path(unquote(link["href"])).stem
            archived.append(name)
            post = blog[int(name.split("-")[1])]
            offset = {"": 0, "Z": 0, "+02:00": 2, "-05:00": -5}[post["offset"]]
            when = dt.datetime.combine(post["date"], dt.time(post["hour"])) - dt.timedelta(hours=offset)
            assert month["id"] == f"month-{when:%Y-%m}", (name, month["id"])
    assert Counter(archived) == Counter(published)

    # the feed carries every published post once, and no draft
    feed = feedparser.parse((outdir / "blog/atom.xml").read_bytes())
    assert not feed.bozo
    assert Counter(Path(urlsplit(e.link).path).stem for e in feed.entries) == Counter(published)

    # every link between blog pages resolves
    for page in [*(outdir / "blog").rglob("*.html"), outdir / "blog.html", *(outdir / "posts").glob("*.html")]:
        for link in parse(page).select(".docblog-listing a[href], .docblog-post-header a[href], "
                                       ".docblog-post-nav a[href]"):
            href = link["href"]
            if "://" in href:
                continue
            target = (page.parent / unquote(href.split("#")[0])).resolve()
            assert target.is_file() or (target / "index.html").is_file(), (page, href)
