"""Existing ABlog sites gain docblog by adding "docblog" to ``extensions`` and nothing else.

Two roots are written as ABlog users write their sites (from ABlog's documentation, with no
mention of docblog): a PyData-themed project blog with MyST-NB notebook posts, and a
sphinx-book-theme site with nbsphinx notebook posts. Each is built with ABlog alone, then with
"docblog" added (at the end of ``extensions`` for one, at the start for the other), and the two
builds are compared: the same posts, pages, navigation and ABlog sidebars, no new warnings.
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import ablog.blog
import nbformat
import pytest
from conftest import card_titles, in_ci, soup, warnings_of
from docblog import reading_time
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

#: root → where "docblog" goes in its ``extensions``.
POSITION = {"ablog-pydata": "end", "ablog-book": "start"}
#: root → (a post page, a docs page) whose ABlog sidebars are compared.
PAGES = {
    "ablog-pydata": ("posts/eclipse.html", "docs/guide.html"),
    "ablog-book": ("posts/light-curve.html", "intro.html"),
}
#: root → the ABlog sidebar blocks its ``html_sidebars`` names for those pages.
EXPECTED_BLOCKS = {
    "ablog-pydata": {"recentposts", "tagcloud", "categories", "archives", "authors"},
    "ablog-book": {"recentposts", "categories", "archives"},
}
SIDEBAR_BLOCKS = ("postcard", "recentposts", "tagcloud", "categories", "archives", "authors")
PLACEHOLDER_TITLE = {"ablog-pydata": "News from the observatory", "ablog-book": "Blog"}
#: The navigation lists of pydata-sphinx-theme's header and of sphinx-book-theme's sidebar.
NAVIGATION = "ul.bd-navbar-elements, nav.bd-docs-nav"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass
class Builds:
    root: str
    ablog: SphinxTestApp
    docblog: SphinxTestApp
    ablog_warnings: str
    docblog_warnings: str


def conf_extensions(srcdir: Path) -> list[str]:
    namespace: dict[str, object] = {}
    exec(compile((srcdir / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
    extensions = namespace["extensions"]
    assert isinstance(extensions, list) and "docblog" not in extensions
    return extensions


def with_docblog(extensions: list[str], position: str) -> list[str]:
    return [*extensions, "docblog"] if position == "end" else ["docblog", *extensions]


def build(srcdir: Path, extensions: list[str], builder: str = "html") -> tuple[SphinxTestApp, str]:
    # Sphinx gives every Config the same default ``source_suffix`` dict and merges the
    # extensions' suffixes into it: after a MyST-Parser site, ".md" would stay "markdown" for a
    # MyST-NB site built next in this process. Each build gets its own copy of the default.
    overrides = {"extensions": extensions, "source_suffix": {".rst": "restructuredtext"}}
    app = SphinxTestApp(builder, srcdir=srcdir, confoverrides=overrides,
                        status=io.StringIO(), warning=io.StringIO())
    try:
        app.build()
    finally:
        app.cleanup()
    return app, warnings_of(app)


def normalised(warnings: str, srcdir: Path) -> set[str]:
    text = _ANSI.sub("", warnings).replace(str(srcdir), "<src>")
    return {line.strip() for line in text.splitlines() if line.strip()}


_BUILDS: dict[str, Builds] = {}


#: Roots whose notebooks nbsphinx converts with the pandoc program.
NEEDS_PANDOC = {"ablog-book"}


def require_pandoc(root: str) -> None:
    """nbsphinx needs pandoc: skipped, saying so, without it (failed in CI)."""
    if root in NEEDS_PANDOC and shutil.which("pandoc") is None:
        message = "pandoc is needed for nbsphinx's notebook posts: apt-get install pandoc"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)


def builds_of(root: str, tmp_path_factory, builder: str = "html", position: str = "") -> Builds:
    """Both builds of a root, made once per test run (two Sphinx builds a root)."""
    require_pandoc(root)
    position = position or POSITION[root]
    if root not in _BUILDS:
        apps = {}
        for kind in ("ablog", "docblog"):
            srcdir = tmp_path_factory.mktemp(f"{root}-{kind}")
            shutil.copytree(rootdir_path() / f"test-{root}", srcdir, dirs_exist_ok=True)
            extensions = conf_extensions(srcdir)
            if kind == "docblog":
                extensions = with_docblog(extensions, position)
            ablog.blog.Blog._dict.clear()
            try:
                app, warnings = build(srcdir, extensions, builder)
            finally:
                ablog.blog.Blog._dict.clear()
            apps[kind] = (app, "\n".join(sorted(normalised(warnings, srcdir))))
        _BUILDS[root] = Builds(root, apps["ablog"][0], apps["docblog"][0], apps["ablog"][1],
                               apps["docblog"][1])
    return _BUILDS[root]


def rootdir_path() -> Path:
    return Path(__file__).parent / "roots"


@pytest.fixture(params=sorted(POSITION))
def builds(request, tmp_path_factory) -> Builds:
    return builds_of(request.param, tmp_path_factory)


@pytest.fixture
def pydata(tmp_path_factory) -> Builds:
    return builds_of("ablog-pydata", tmp_path_factory)


def ablog_titles(app) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup(app, "blog.html").select(".ablog-post-title a")]


def ablog_post_pages(app) -> list[str]:
    return [a["href"].split("#")[0] for a in soup(app, "blog.html").select(".ablog-post-title a")]


def text(element) -> str:
    return " ".join(element.get_text().split())


def exists_in_output(app, page: str, href: str) -> bool:
    """Whether a link written in ``page`` leads to a file of the build."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return True  # another site, or an anchor in the page itself
    target = Path(app.outdir) / posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                                   unquote(parts.path)))
    return target.is_file() or (target / "index.html").is_file()


# --- the roots are correct ABlog sites ------------------------------------------------------


def test_roots_build_with_ablog_alone_without_warnings(builds):
    assert builds.ablog_warnings == ""
    titles = ablog_titles(builds.ablog)
    assert len(titles) >= 4
    assert "Fitting a light curve" in titles or "Watching the eclipse from the lab" in titles
    assert PLACEHOLDER_TITLE[builds.root] in {
        a.get_text(strip=True) for a in soup(builds.ablog, "index.html").select(NAVIGATION.replace(",", " a,") + " a")}


# --- the same blog with docblog ------------------------------------------------------------


def test_docblog_lists_the_posts_ablog_lists(builds):
    assert card_titles(soup(builds.docblog, "blog.html")) == ablog_titles(builds.ablog)


def test_every_post_page_exists_in_both_builds(builds):
    pages = ablog_post_pages(builds.ablog)
    assert pages
    for page in pages:
        assert (Path(builds.ablog.outdir) / page).is_file(), page
        assert (Path(builds.docblog.outdir) / page).is_file(), page
        assert soup(builds.docblog, page).select_one(".docblog-post-header"), page


def test_docblog_adds_no_warning(builds):
    ablog_lines = set(builds.ablog_warnings.splitlines())
    new = [line for line in builds.docblog_warnings.splitlines() if line not in ablog_lines]
    assert new == []


def test_index_has_cards_chips_reading_time_and_the_placeholder_heading(builds):
    index = soup(builds.docblog, "blog.html")
    cards = index.select(".docblog-card")
    assert len(cards) == len(ablog_titles(builds.ablog))
    for card in cards:
        assert re.fullmatch(r"\d+ min read", card.select_one(".docblog-reading-time").get_text(strip=True))
    # one chip per category, with ABlog's counts (its category sidebar lists "News (3)")
    chips = [text(chip) for chip in index.select(".docblog-chip")]
    categories = [text(a).replace("(", "").replace(")", "")
                  for a in soup(builds.ablog, "blog.html").select(".ablog__categories li a")]
    assert categories and chips[chips.index("All") + 1:] == categories
    headings = [h.get_text(strip=True).rstrip("#") for h in index.select("article h1")]
    assert headings == [PLACEHOLDER_TITLE[builds.root]]


@pytest.mark.parametrize("root", sorted(POSITION))
def test_docblog_in_the_other_position_builds_the_same_blog(root, tmp_path_factory):
    """"docblog" anywhere in ``extensions``: the other position gives the same pages."""
    first = builds_of(root, tmp_path_factory)
    srcdir = tmp_path_factory.mktemp(f"{root}-other")
    shutil.copytree(rootdir_path() / f"test-{root}", srcdir, dirs_exist_ok=True)
    other = "start" if POSITION[root] == "end" else "end"
    app, warnings = build(srcdir, with_docblog(conf_extensions(srcdir), other))
    assert "\n".join(sorted(normalised(warnings, srcdir))) == first.docblog_warnings
    for page in ("blog.html", *PAGES[root]):
        for selector in (".docblog-card", ".bd-sidebar-primary", "ul.postlist"):
            assert [text(e) for e in soup(app, page).select(selector)] == [
                text(e) for e in soup(first.docblog, page).select(selector)], (page, selector)


def test_summaries_read_as_ablog_excerpts(builds):
    """Same paragraphs (``post_auto_excerpt``), text only: inline HTML shows its text."""
    excerpts = {
        text(post.select_one(".ablog-post-title")): " ".join(
            text(p) for p in post.select(".ablog-post-excerpt p") if text(p))
        for post in soup(builds.ablog, "blog.html").select(".ablog-post")
    }
    summaries = {
        text(card.select_one(".docblog-card-title")): text(card.select_one(".docblog-card-summary"))
        for card in soup(builds.docblog, "blog.html").select(".docblog-card")
    }
    assert summaries == excerpts
    assert all("<" not in summary for summary in summaries.values())


def link_target(page: str, href: str) -> str:
    """The page a link leads to ("#" and "#x" lead to the page itself)."""
    path = urlsplit(href).path
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page


def test_blog_keeps_one_navigation_entry_pointing_at_blog_html(builds):
    title = PLACEHOLDER_TITLE[builds.root]
    for page in ("index.html", *PAGES[builds.root], "blog.html"):
        for app in (builds.ablog, builds.docblog):
            lists = soup(app, page).select(NAVIGATION)
            assert lists, page
            for navigation in lists:
                entries = [a for a in navigation.select("a")
                           if text(a) in (title, app.config.blog_title)
                           or link_target(page, a.get("href", "")) == "blog.html"]
                assert [(text(a), link_target(page, a.get("href", ""))) for a in entries] == [
                    (title, "blog.html")], page


@pytest.mark.parametrize("which", ["post", "docs", "index"])
def test_ablog_sidebars_render_the_same_from_docblog(builds, which):
    page = {"post": PAGES[builds.root][0], "docs": PAGES[builds.root][1], "index": "blog.html"}[which]
    before = soup(builds.ablog, page).select_one(".bd-sidebar-primary")
    after = soup(builds.docblog, page).select_one(".bd-sidebar-primary")
    present = {block for block in SIDEBAR_BLOCKS if before.select(f".ablog__{block}")}
    expected = EXPECTED_BLOCKS[builds.root] | ({"postcard"} if which == "post" and
                                               builds.root == "ablog-pydata" else set())
    assert present == expected
    for block in SIDEBAR_BLOCKS:
        old, new = before.select(f".ablog__{block}"), after.select(f".ablog__{block}")
        assert len(new) == len(old), block
        for old_block, new_block in zip(old, new, strict=True):
            assert [text(a) for a in new_block.select("a")] == [text(a) for a in old_block.select("a")], block
            for a in new_block.select("a[href]"):
                assert exists_in_output(builds.docblog, page, a["href"]), (block, a["href"])


# --- notebook posts ------------------------------------------------------------------------


def post_record(app, docname: str):
    return app.env.domains["docblog"].posts[docname]


def test_notebook_posts_are_posts_like_any_other(builds):
    docname = {"ablog-pydata": "posts/eclipse", "ablog-book": "posts/light-curve"}[builds.root]
    post = post_record(builds.docblog, docname)
    expected = {
        "ablog-pydata": ("Watching the eclipse from the lab", "2024-04-08", ("Science",),
                         ("eclipse", "notebooks"), ("Grace",)),
        "ablog-book": ("Fitting a light curve", "2024-03-12", ("Tutorials",),
                       ("notebooks", "eclipse"), ("Grace",)),
    }[builds.root]
    assert (post.title, f"{post.date:%Y-%m-%d}", post.categories, post.tags, post.authors) == expected
    assert post.summary.startswith("We ") and " the eclipse on YouTube; this notebook " in post.summary
    card = next(c for c in soup(builds.docblog, "blog.html").select(".docblog-card")
                if text(c.select_one(".docblog-card-title")) == post.title)
    assert "on YouTube;" in text(card.select_one(".docblog-card-summary"))
    assert card.select_one(".docblog-reading-time")


def test_notebook_metadata_makes_a_myst_nb_notebook_a_post(pydata):
    post = post_record(pydata.docblog, "posts/survey")
    assert (post.title, f"{post.date:%Y-%m-%d}", post.categories, post.tags, post.authors) == (
        "Reading the community survey", "2023-11-20", ("Science",), ("notebooks", "survey"), ("Ada",))


def test_outputs_of_notebook_cells_count_for_no_reading_time(builds):
    docname = {"ablog-pydata": "posts/eclipse", "ablog-book": "posts/light-curve"}[builds.root]
    app = builds.docblog
    doctree = app.env.get_doctree(docname)
    body = reading_time.read_body(doctree, None, summary=False).text
    assert "import math" in body  # code cells are read
    for output in ("<Figure size", "60\n", "1.572", "[1]:", "generated from"):
        assert output not in body
    assert post_record(app, docname).words == sum(reading_time.count_text(body)) - len(
        next(doctree.findall(nodes.title)).astext().split())


def test_post_auto_image_gives_the_post_its_first_image(pydata):
    assert post_record(pydata.docblog, "posts/eclipse").image == "/_images/corona.png"
    assert (Path(pydata.docblog.outdir) / "_images/corona.png").is_file()
    og = soup(pydata.docblog, "posts/eclipse.html").select_one('meta[property="og:image"]')
    assert og["content"] == "https://stellar.example.org/_images/corona.png"
    assert post_record(pydata.docblog, "posts/first-light").image == ""  # no image in it
    # the post's card shows it, from where Sphinx copied it
    card = next(c for c in soup(pydata.docblog, "blog.html").select(".docblog-card")
                if "eclipse" in c.select_one(".docblog-card-title a")["href"])
    image = card.select_one("img.docblog-card-image")
    assert image["src"] == "_images/corona.png" and image["alt"] == ""
    assert (Path(pydata.docblog.outdir) / image["src"]).is_file()


def test_summary_text_of_inline_html_and_skipped_raw_blocks():
    paragraph = nodes.paragraph("", "", nodes.Text("See it "), nodes.raw("", '<a href="x">', format="html"),
                                nodes.Text("on YouTube"), nodes.raw("", "</a>", format="html"),
                                nodes.raw("", r"\emph{x}", format="latex"), nodes.Text("; "),
                                nodes.raw("", "<b>bold &amp; <i>it</i></b>", format="html"))
    assert reading_time.read_body(paragraph, None).paragraph_texts() == ["See it on YouTube; bold & it"]


@pytest.mark.parametrize("root", sorted(POSITION))
def test_front_matter_in_the_first_markdown_cell(root, rootdir, tmp_path):
    """mystmd's convention: YAML atop the first Markdown cell; read by docblog, then removed."""
    require_pandoc(root)
    srcdir = tmp_path / root
    shutil.copytree(rootdir / f"test-{root}", srcdir)
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "---\nblogpost: true\ndate: 2024-02-02\ncategory: Science\ntags: [orbits]\n"
            "author: Ada\nsummary: Kepler's laws, plotted.\n---\n# Plotting orbits\n\n"
            "Kepler's laws in ten lines of code."),
        nbformat.v4.new_code_cell("print('ellipse')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}})
    (srcdir / "posts" / "orbits.ipynb").write_text(nbformat.writes(notebook), encoding="utf-8")
    app, warnings = build(srcdir, with_docblog(conf_extensions(srcdir), POSITION[root]))
    assert warnings == ""
    post = post_record(app, "posts/orbits")
    assert (post.title, f"{post.date:%Y-%m-%d}", post.categories, post.tags, post.summary) == (
        "Plotting orbits", "2024-02-02", ("Science",), ("orbits",), "Kepler's laws, plotted.")
    article = soup(app, "posts/orbits.html").select_one("article")
    assert "blogpost" not in article.get_text()
    assert not article.select("hr")
    assert "Plotting orbits" in card_titles(soup(app, "blog.html"))


def test_a_rule_atop_a_docs_notebook_is_left_alone(tmp_path):
    from docblog import frontmatter

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("---\nJust text\n---\n")])
    assert frontmatter.from_notebook(nbformat.writes(notebook), {"date"})[1] is None


def test_sidebar_links_resolve_helper_can_fail(tmp_path):
    class App:
        outdir = tmp_path

    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "tag.html").write_text("", encoding="utf-8")
    assert exists_in_output(App, "posts/x.html", "../blog/tag.html#t")
    assert not exists_in_output(App, "posts/x.html", "../blog/2024.html")
    assert link_target("posts/x.html", "#top") == "posts/x.html"
    assert link_target("posts/x.html", "../blog.html") == "blog.html"


def test_postlist_renders_as_ablog_renders_it(builds):
    page = PAGES[builds.root][1]
    before = [text(li) for li in soup(builds.ablog, page).select("ul.postlist li")]
    after = [text(li) for li in soup(builds.docblog, page).select("ul.postlist li")]
    assert len(before) >= 3
    assert after == before


def test_every_address_ablog_wrote_keeps_answering(builds):
    def written(app) -> set[str]:
        out = Path(app.outdir)
        return {p.relative_to(out).as_posix() for p in out.rglob("*")
                if p.suffix in (".html", ".xml") and not p.relative_to(out).as_posix().startswith("_")}

    missing = sorted(written(builds.ablog) - written(builds.docblog))
    assert missing == []


def test_image_and_excerpt_numbers_as_in_ablog():
    """``image: N`` / ``post_auto_image`` take the N-th image; ``excerpt`` / ``post_auto_excerpt``
    the number of paragraphs of the summary."""
    from docblog.config import DocblogConfig
    from docblog.frontmatter import FrontMatter
    from docblog.post_reader import PostReader
    from docutils.utils import new_document

    doctree = new_document("posts/x")
    section = nodes.section("", nodes.title("", "Title"))
    for number, word in enumerate(("One.", "Two.", "Three."), start=1):
        section += nodes.paragraph("", word)
        section += nodes.image(uri="posts/a.png" if number == 1 else f"https://x.org/{number}.png")
    doctree += section
    names = {"posts/a.png": "a.png"}.get

    def read(data: dict, **settings):
        fm = FrontMatter(data={"date": "2024-01-01", **data})
        return PostReader(DocblogConfig(), "posts/x", fm, doctree=doctree, image_names=names,
                          **settings).read()

    assert (read({}).summary, read({}).image) == ("One.", "")
    assert read({"image": 3, "excerpt": 2}).image == "https://x.org/3.png"
    assert read({"image": 3, "excerpt": 2}).summary == "One. Two."
    assert read({}, auto_image=1, auto_excerpt=3).image == "/_images/a.png"
    assert read({}, auto_image=1, auto_excerpt=3).summary == "One. Two. Three."
    assert read({"image": "2"}, auto_image=1).image == "https://x.org/2.png"
    assert read({"image": "cover.png"}, auto_image=1).image == "cover.png"
    assert read({}, auto_excerpt=0).summary == ""
