"""No page is lost or changed behind the user's back: a model-based test of incremental builds.

Random sequences of steps (add, edit, rename and delete posts; change their category, tags,
date and draft flag; add, edit and remove the site's own documents, some at the names of
pages docblog generates; serial and parallel builds) are applied to a small site. After
every step the site is built incrementally, a copy of the same sources is built from scratch,
and the two outputs must be the same file for file, except the pages of deleted documents that
Sphinx itself leaves in place. Every one of the site's documents keeps its page with its text,
and the only warnings are the expected ones.

``make test`` runs a few short sequences; ``make fuzz`` runs many longer ones
(``DOCBLOG_FUZZ_EXAMPLES``). The regular tests at the end are the smallest reproductions of
what the model found.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sphinx.testing.util import SphinxTestApp
from test_incremental import _VOLATILE

FUZZ_EXAMPLES = int(os.environ.get("DOCBLOG_FUZZ_EXAMPLES", "0"))
#: Steps of each example in a long run (``make fuzz``); the bounded run in ``make test`` takes 6.
FUZZ_STEPS = int(os.environ.get("DOCBLOG_FUZZ_STEPS", "12"))
BLOG_PATH = "blog"
CATEGORIES = {"News": "news", "Release Notes": "release-notes", "CI/CD": "ci-cd"}
TAGS = {"sphinx": "sphinx", "x": "x", "furo": "furo"}
POST_NAMES = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
#: A post's language when it is a version of a translated post (one per name, so that no
#: group has two versions in one language); others are in the site's language, English.
LANGUAGES = {"alpha": "en", "beta": "es", "gamma": "fr", "delta": "de", "epsilon": "it", "zeta": "pt"}
TRANSLATION_KEYS = ["", "greeting", "farewell"]
PAST = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 6, 30))
FUTURE = dt.date(2999, 1, 1)
#: The site's own documents: plain pages, and pages at the names docblog generates. (Not
#: ``about`` or ``copyright``: Sphinx links those from every page's head, and rewrites only
#: the documents that changed when one is added.)
USER_DOCS = ["guide", "history", "notes/setup", BLOG_PATH, f"{BLOG_PATH}/archive", f"{BLOG_PATH}/drafts",
             f"{BLOG_PATH}/2025", f"{BLOG_PATH}/category", *(f"{BLOG_PATH}/category/{s}" for s in CATEGORIES.values()),
             f"{BLOG_PATH}/category/cicd", f"{BLOG_PATH}/tag/x"]
CONF = (
    'extensions = ["docblog"]\nproject = "Model site"\nhtml_theme = "furo"\n'
    'blog_title = "Model Blog"\nblog_baseurl = "https://model.example.org/"\n'
    'exclude_patterns = ["_build"]\ndocblog_posts_per_page = 2\n'
    # Drafts get their pages (as on an ABlog site); posts dated in the future are private.
    'docblog_publish_drafts = True\n'
)
_PAGE_WARNING = re.compile(r"WARNING: docblog generates the page '([^']+)', but a document of that name exists")


# --- the model ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PostModel:
    title: str
    summary: str
    body: str
    date: dt.date
    category: str
    tags: tuple[str, ...]
    draft: bool = False
    #: ``translation_key``: posts sharing one are versions of one post, in LANGUAGES[name].
    translation_key: str = ""

    def listed(self, today: dt.date) -> bool:
        return not self.draft and self.date < today

    def language(self, name: str) -> str:
        return LANGUAGES[name] if self.translation_key else "en"

    def source(self, name: str = "") -> str:
        lines = [f"date: {self.date.isoformat()}", f"category: {json.dumps(self.category)}",
                 f"summary: {json.dumps(self.summary)}"]
        if self.translation_key and name:
            lines += [f"translation_key: {self.translation_key}", f"language: {LANGUAGES[name]}"]
        if self.tags:  # an empty list is warned about
            lines.append(f"tags: {json.dumps(list(self.tags))}")
        if self.draft:
            lines.append("draft: true")
        return "---\n" + "\n".join(lines) + f"\n---\n\n# {self.title}\n\n{self.body}\n"


@dataclass(frozen=True)
class DocModel:
    title: str
    body: str
    in_toctree: bool

    def source(self) -> str:
        head = "" if self.in_toctree else "---\norphan: true\n---\n\n"
        return f"{head}# {self.title}\n\n{self.body}\n"


@dataclass
class SiteModel:
    posts: dict[str, PostModel] = field(default_factory=dict)
    docs: dict[str, DocModel] = field(default_factory=dict)
    #: Output files of deleted documents, which Sphinx leaves in the output folder.
    leftovers: set[str] = field(default_factory=set)
    #: The navigation (toctree entries and their titles) changed since the first build: Sphinx
    #: rewrites only the documents that changed, so the others keep the old sidebar and
    #: previous/next links (Sphinx's own behaviour, also without docblog).
    navigation_changed: bool = False
    #: The day the site is built on (``SOURCE_DATE_EPOCH``), or None for the real one.
    clock: dt.date | None = None

    def today(self) -> dt.date:
        return self.clock or dt.date.today()

    def navigation(self) -> list[tuple[str, str]]:
        return sorted((name, doc.title) for name, doc in self.docs.items() if doc.in_toctree)

    def document_pages(self) -> set[str]:
        """Output files of the pages Sphinx writes for documents (the rest are docblog's)."""
        names = {"index", "genindex", "search", *self.docs, *(f"posts/{p}" for p in self.posts)}
        return {f"{name}.html" for name in names}

    def generated(self) -> set[str]:
        """Page names docblog writes (and warns about when a document has one of them)."""
        listed = self.listed_once()
        names = {BLOG_PATH, f"{BLOG_PATH}/archive", f"{BLOG_PATH}/drafts"}
        names |= {f"{BLOG_PATH}/category/{CATEGORIES[p.category]}" for p in listed}
        names |= {f"{BLOG_PATH}/tag/{TAGS[t]}" for p in listed for t in p.tags}
        names |= {f"{BLOG_PATH}/{p.date.year}" for p in listed}
        if listed:
            names.add(f"{BLOG_PATH}/category")
        if any(p.tags for p in listed):
            names.add(f"{BLOG_PATH}/tag")
        return names

    def listed_once(self) -> list[PostModel]:
        """The listed posts, one per translation group: its English version, else its oldest."""
        listed = {n: p for n, p in self.posts.items() if p.listed(self.today())}
        groups: dict[str, list[str]] = {}
        for name, post in listed.items():
            if post.translation_key:
                groups.setdefault(post.translation_key, []).append(name)
        hidden = set()
        for names in groups.values():
            first = min(names, key=lambda n: (listed[n].language(n) != "en", listed[n].date, n))
            hidden.update(n for n in names if n != first)
        return [p for n, p in listed.items() if n not in hidden]

    def expected_page_warnings(self) -> list[str]:
        """A document at a generated page's name is kept, with a warning; at ``blog_path`` it
        becomes the index, silently (docblog.index_page)."""
        return sorted(d for d in self.docs if d in self.generated() and d != BLOG_PATH)


# --- files ------------------------------------------------------------------------------------

def write_site(srcdir: Path, model: SiteModel) -> None:
    """Write the model's sources, removing files the model no longer has."""
    wanted: dict[Path, str] = {srcdir / "conf.py": CONF}
    toctree = "\n".join(sorted(d for d, doc in model.docs.items() if doc.in_toctree))
    wanted[srcdir / "index.md"] = f"# Model home\n\nHome text home-marker.\n\n```{{toctree}}\n{toctree}\n```\n"
    for name, post in model.posts.items():
        wanted[srcdir / "posts" / f"{name}.md"] = post.source(name)
    for name, doc in model.docs.items():
        wanted[srcdir / f"{name}.md"] = doc.source()
    for path in list(srcdir.rglob("*.md")):
        if "_build" not in path.relative_to(srcdir).parts and path not in wanted:
            path.unlink()
    for path, text in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def outputs(outdir: Path) -> dict[str, str]:
    """Every page, feed and JSON file outside ``_static``/``_sources``, per-build stamps removed."""
    found = {}
    for path in sorted(outdir.rglob("*")):
        parts = path.relative_to(outdir).parts
        if path.suffix in (".html", ".xml", ".json") and "_static" not in parts and "_sources" not in parts:
            found["/".join(parts)] = _VOLATILE.sub("", path.read_text(encoding="utf-8"))
    return found


def build(srcdir: Path, *, freshenv: bool = False, parallel: int = 0,
          clock: dt.date | None = None) -> tuple[Path, str]:
    """Build ``srcdir`` into ``srcdir/_build`` on the day ``clock`` (default: today); (output
    folder, warnings)."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if clock is not None:
        noon = dt.datetime.combine(clock, dt.time(12), tzinfo=dt.UTC)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(noon.timestamp()))
    app = SphinxTestApp("html", srcdir=srcdir, freshenv=freshenv, parallel=parallel)
    try:
        app.build()
        return Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def check_warnings(warnings: str, expected: list[str]) -> None:
    lines = [line for line in warnings.splitlines() if line.strip()]
    unexpected = [line for line in lines if not _PAGE_WARNING.search(line)]
    assert not unexpected, "\n".join(unexpected)
    assert sorted(_PAGE_WARNING.search(line).group(1) for line in lines) == expected, warnings


def main_part(html: str) -> str:
    """What a page shows besides the site navigation: its head without previous/next links, and
    its main content."""
    page = BeautifulSoup(html, "html.parser")
    for link in page.select('head link[rel="prev"], head link[rel="next"]'):
        link.decompose()
    return str(page.head) + str(page.find(attrs={"role": "main"}))


def check_same_site(incremental: Path, fresh: Path, model: SiteModel) -> None:
    """Same files, same bytes; the pages of documents Sphinx did not rewrite after the
    navigation changed are compared without the navigation."""
    leftovers = model.leftovers
    got, want = outputs(incremental), outputs(fresh)
    if model.navigation_changed:
        for name in model.document_pages() & set(want):
            got[name], want[name] = main_part(got[name]), main_part(want[name])
    missing = sorted(set(want) - set(got))
    assert not missing, f"pages missing from the incremental build: {missing}"
    extra = sorted(set(got) - set(want) - leftovers)
    assert not extra, f"pages the incremental build kept that a fresh build does not have: {extra}"
    different = [name for name in want if got[name] != want[name]]
    assert not different, f"pages differ from a fresh build: {different}"


def check_documents(outdir: Path, model: SiteModel) -> None:
    """Each of the site's documents has its page, holding its text."""
    for name, doc in model.docs.items():
        page = outdir / f"{name}.html"
        assert page.is_file(), f"the page of the document {name!r} is missing"
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        heading = html.find("h1")
        assert heading is not None and doc.title in heading.get_text(), f"{name}: title lost"
        if name != BLOG_PATH:  # the index document shows the index, under its own title
            assert doc.body in html.get_text(), f"{name}: text lost"
    home = (outdir / "index.html").read_text(encoding="utf-8")
    assert "home-marker" in home


def navigation_of(srcdir: Path) -> list[tuple[str, str]]:
    """The toctree entries (and their titles) of the sources last written by :func:`write_site`."""
    index = (srcdir / "index.md").read_text(encoding="utf-8")
    entries = index.split("```{toctree}\n", 1)[1].split("```", 1)[0].split()
    return sorted((name, (srcdir / f"{name}.md").read_text(encoding="utf-8").split("# ", 1)[1].split("\n", 1)[0])
                  for name in entries)


def build_and_check(srcdir: Path, model: SiteModel, fresh: Path, parallel: int = 0) -> Path:
    """Write the model's sources, build them incrementally and into ``fresh`` from scratch,
    and check the outputs against each other and the model. Returns the output folder."""
    if (srcdir / "index.md").exists() and model.navigation() != navigation_of(srcdir):
        model.navigation_changed = True
    write_site(srcdir, model)
    outdir, warnings = build(srcdir, parallel=parallel, clock=model.clock)
    expected = model.expected_page_warnings()
    check_warnings(warnings, expected)
    check_documents(outdir, model)

    shutil.copytree(srcdir, fresh, ignore=shutil.ignore_patterns("_build"))
    fresh_outdir, fresh_warnings = build(fresh, freshenv=True, clock=model.clock)
    check_warnings(fresh_warnings, expected)
    check_same_site(outdir, fresh_outdir, model)
    shutil.rmtree(fresh)
    return outdir


# --- the state machine -------------------------------------------------------------------------

class IncrementalSite(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory(prefix="docblog-model-")
        self.srcdir = Path(self.tmp.name) / "site"
        self.srcdir.mkdir()
        self.model = SiteModel()
        self.parallel = 0
        self.counter = 0
        self.builds = 0

    def teardown(self) -> None:
        self.tmp.cleanup()

    def unique(self, what: str) -> str:
        self.counter += 1
        return f"{what} {self.counter}"

    def new_post(self, data: st.DataObject) -> PostModel:
        return PostModel(
            title=self.unique("Post title"),
            summary=self.unique("Summary"),
            body=self.unique("Post body") + ".",
            date=data.draw(PAST, label="date"),
            category=data.draw(st.sampled_from(sorted(CATEGORIES)), label="category"),
            tags=tuple(data.draw(st.lists(st.sampled_from(sorted(TAGS)), max_size=2, unique=True),
                                 label="tags")),
        )

    def forget_leftover(self, docname: str) -> None:
        self.model.leftovers.discard(f"{docname}.html")

    def remember_leftover(self, docname: str) -> None:
        self.model.leftovers.add(f"{docname}.html")

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        # The first build, too, may read and write in parallel.
        self.parallel = data.draw(st.sampled_from([0, 2]), label="parallel")
        count = data.draw(st.integers(3, 4), label="posts")
        for name in POST_NAMES[:count]:
            self.model.posts[name] = self.new_post(data)
        self.model.docs["guide"] = DocModel(self.unique("Guide"), self.unique("guide-text"), True)

    # --- posts ---

    @precondition(lambda self: len(self.model.posts) < len(POST_NAMES))
    @rule(data=st.data())
    def add_post(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from([n for n in POST_NAMES if n not in self.model.posts]))
        self.model.posts[name] = self.new_post(data)
        self.forget_leftover(f"posts/{name}")

    def pick_post(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(sorted(self.model.posts)), label="post")

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), what=st.sampled_from(["body", "title", "summary"]))
    def edit_post(self, data: st.DataObject, what: str) -> None:
        name = self.pick_post(data)
        post = self.model.posts[name]
        self.model.posts[name] = replace(post, **{what: self.unique(f"Edited {what}")})

    @precondition(lambda self: self.model.posts and len(self.model.posts) < len(POST_NAMES))
    @rule(data=st.data())
    def rename_post(self, data: st.DataObject) -> None:
        old = self.pick_post(data)
        new = data.draw(st.sampled_from([n for n in POST_NAMES if n not in self.model.posts]), label="new")
        self.model.posts[new] = self.model.posts.pop(old)
        self.remember_leftover(f"posts/{old}")
        self.forget_leftover(f"posts/{new}")

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data())
    def delete_post(self, data: st.DataObject) -> None:
        name = self.pick_post(data)
        del self.model.posts[name]
        self.remember_leftover(f"posts/{name}")

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), category=st.sampled_from(sorted(CATEGORIES)))
    def change_category(self, data: st.DataObject, category: str) -> None:
        name = self.pick_post(data)
        self.model.posts[name] = replace(self.model.posts[name], category=category)

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), tags=st.lists(st.sampled_from(sorted(TAGS)), max_size=3, unique=True))
    def change_tags(self, data: st.DataObject, tags: list[str]) -> None:
        name = self.pick_post(data)
        self.model.posts[name] = replace(self.model.posts[name], tags=tuple(tags))

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), date=st.one_of(PAST, st.just(FUTURE)))
    def change_date(self, data: st.DataObject, date: dt.date) -> None:
        name = self.pick_post(data)
        self.model.posts[name] = replace(self.model.posts[name], date=date)

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), key=st.sampled_from(TRANSLATION_KEYS))
    def change_translation(self, data: st.DataObject, key: str) -> None:
        name = self.pick_post(data)
        self.model.posts[name] = replace(self.model.posts[name], translation_key=key)

    @precondition(lambda self: self.model.posts)
    @rule(data=st.data(), draft=st.booleans())
    def change_draft(self, data: st.DataObject, draft: bool) -> None:
        name = self.pick_post(data)
        self.model.posts[name] = replace(self.model.posts[name], draft=draft)

    # --- the site's own documents ---

    @precondition(lambda self: len(self.model.docs) < len(USER_DOCS))
    @rule(data=st.data(), in_toctree=st.booleans())
    def add_document(self, data: st.DataObject, in_toctree: bool) -> None:
        name = data.draw(st.sampled_from([d for d in USER_DOCS if d not in self.model.docs]), label="doc")
        self.model.docs[name] = DocModel(self.unique("Page"), self.unique("page-text"), in_toctree)
        self.forget_leftover(name)

    @precondition(lambda self: self.model.docs)
    @rule(data=st.data(), what=st.sampled_from(["title", "body", "in_toctree"]))
    def edit_document(self, data: st.DataObject, what: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.model.docs)), label="doc")
        doc = self.model.docs[name]
        value = not doc.in_toctree if what == "in_toctree" else self.unique(f"Edited {what}")
        self.model.docs[name] = replace(doc, **{what: value})

    @precondition(lambda self: self.model.docs)
    @rule(data=st.data())
    def remove_document(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.model.docs)), label="doc")
        del self.model.docs[name]
        self.remember_leftover(name)

    # --- the clock ---

    @rule(day=st.one_of(st.none(), st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 7, 1))))
    def move_clock(self, day: dt.date | None) -> None:
        """The next builds happen on ``day`` (None: today): posts dated later are scheduled
        (private), and the first build after their date publishes them."""
        self.model.clock = day

    # --- builds ---

    @rule(parallel=st.sampled_from([0, 2]))
    def switch_builds(self, parallel: int) -> None:
        """Following builds are serial or parallel (this step itself rebuilds unchanged sources)."""
        self.parallel = parallel

    @invariant()
    def incremental_build_matches_a_fresh_one(self) -> None:
        self.builds += 1
        build_and_check(self.srcdir, self.model, Path(self.tmp.name) / f"fresh-{self.builds}",
                        parallel=self.parallel)


IncrementalSite.TestCase.settings = settings(
    max_examples=FUZZ_EXAMPLES or 4,
    stateful_step_count=FUZZ_STEPS if FUZZ_EXAMPLES else 6,
    deadline=None,
    # Each step is two whole builds: the bounded run in `make test` does not shrink;
    # `make fuzz` does, to report the smallest failing sequence.
    phases=tuple(Phase) if FUZZ_EXAMPLES else (Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_incremental_builds_match_fresh_builds = IncrementalSite.TestCase


# --- what the model found, as the smallest sequences ----------------------------------------------

def small_blog() -> SiteModel:
    model = SiteModel()
    for number, name in enumerate(POST_NAMES[:3], start=1):
        model.posts[name] = PostModel(f"Post {number}", f"Summary {number}", f"Body {number}.",
                                      dt.date(2025, number, 1), "News", ("x",))
    model.docs["guide"] = DocModel("Guide", "guide-text", True)
    return model


@pytest.mark.parametrize("docname", [f"{BLOG_PATH}/archive", f"{BLOG_PATH}/category/news", f"{BLOG_PATH}/tag/x"])
def test_a_document_added_at_a_generated_pages_name_keeps_its_page(tmp_path, docname):
    """Stale-page removal once deleted the page Sphinx had just written for the new document."""
    model = small_blog()
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-1")
    model.docs[docname] = DocModel("My own page", "my-own-text", False)
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-2")
    assert "my-own-text" in (outdir / f"{docname}.html").read_text(encoding="utf-8")
    # and when the document goes, the generated page comes back
    del model.docs[docname]
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-3")
    assert "my-own-text" not in (outdir / f"{docname}.html").read_text(encoding="utf-8")


def test_a_document_added_at_blog_path_becomes_the_index(tmp_path):
    model = small_blog()
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-1")
    model.docs[BLOG_PATH] = DocModel("Our blog", "ignored-text", True)
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-2")
    index = BeautifulSoup((outdir / f"{BLOG_PATH}.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("h1").get_text(strip=True).startswith("Our blog")
    assert index.select_one(".docblog-count").get_text() == "3 posts so far."
    assert len(index.select(".docblog-card")) == 2  # docblog_posts_per_page


@pytest.mark.parametrize("tags_before, tags_after", [((), ("sphinx",)), (("sphinx",), ())],
                         ids=["term-gains-its-page", "term-loses-its-page"])
def test_a_drafts_term_links_follow_the_terms_page(tmp_path, tags_before, tags_after):
    """A draft's page links its tag only while the tag has a page (published posts): when the
    only published post with that tag gains or loses it, the draft's page must follow, or it
    keeps a dead link (or misses a link)."""
    model = SiteModel()
    model.posts["alpha"] = PostModel("Alpha", "Summary a.", "Body a.", dt.date(2025, 7, 28), "News",
                                     tags_before)
    model.posts["beta"] = PostModel("Beta", "Summary b.", "Body b.", dt.date(2026, 1, 15), "News",
                                    ("sphinx",), draft=True)
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-1")
    model.posts["alpha"] = replace(model.posts["alpha"], tags=tags_after)
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-2")
    linked = "blog/tag/sphinx.html" in (outdir / "posts/beta.html").read_text(encoding="utf-8")
    assert linked == (outdir / "blog/tag/sphinx.html").exists()


def test_a_parallel_build_with_only_private_posts_to_write(tmp_path):
    """Found by the model: every document a build would write is a post the clock made
    private; a parallel build has nothing left to write (and must not stop)."""
    model = SiteModel()
    for name, day in (("alpha", dt.date(2025, 6, 9)), ("beta", dt.date(2024, 10, 26))):
        model.posts[name] = PostModel(name.title(), f"Summary {name}.", f"Body {name}.", day, "CI/CD", ())
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-1", parallel=2)
    model.clock = dt.date(2024, 1, 21)
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-2", parallel=2)


@pytest.mark.parametrize("parallel", [0, 2])
def test_a_published_draft_the_clock_then_schedules_loses_its_page(tmp_path, parallel):
    """Found by the model: a draft's page is written (drafts are published unlisted); when the
    clock then goes back before its date it is private, but no document changed, so Sphinx
    wrote nothing and the page stayed. A private post's earlier page is removed by the next
    build whatever else it writes."""
    model = SiteModel()
    model.posts["alpha"] = PostModel("Alpha", "Summary a.", "Body a.", dt.date(2025, 11, 26), "CI/CD",
                                     ("furo",))
    model.posts["beta"] = PostModel("Beta", "Summary b.", "Body b.", dt.date(2024, 2, 9), "CI/CD", ())
    build_and_check(tmp_path / "site", model, tmp_path / "fresh-1", parallel=parallel)
    model.posts["alpha"] = replace(model.posts["alpha"], draft=True)
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-2", parallel=parallel)
    model.clock = dt.date(2024, 9, 1)
    outdir = build_and_check(tmp_path / "site", model, tmp_path / "fresh-3", parallel=parallel)
    assert not (outdir / "posts/alpha.html").exists()
