"""Adding "docblog" to a site that ABlog builds quietly adds no warning.

Two roots are written as real ABlog sites are, not for docblog, and each is built side by side
with plain ABlog and with "docblog" added to ``extensions``:

* ``ablog-notebooks``: a personal blog on pydata-sphinx-theme with MyST-NB, posts found by
  ``blogpost: true`` and ``post`` directives, Jupyter's and Jupytext's notebook metadata, MyST
  ``authors`` objects and page keys (``abbreviations``, ``keywords``, ``thumbnail``), keys other
  tools read (``permalink``, ``hide_input``, ``featured_image``, ``interactive``) and undated
  drafts;
* ``ablog-directives``: a Spanish community site on sphinx-book-theme, built with ``dirhtml``,
  posts marked only by ``post`` directives in several folders, placeholder pages under its
  ``blog_path`` and English versions of posts that share the Spanish title.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import card_titles, soup
from test_ablog_dropin import Builds, builds_of, conf_extensions

#: root → the builder the site publishes with.
BUILDERS = {"ablog-notebooks": "html", "ablog-directives": "dirhtml"}
#: root → the page of the blog's index in that build.
INDEX = {"ablog-notebooks": "blog.html", "ablog-directives": "posts/index.html"}
DRAFTS = {"ablog-notebooks": "blog/drafts.html", "ablog-directives": "posts/drafts/index.html"}
REPO = Path(__file__).parent.parent
#: Posts with an English version next to the Spanish one (``memorial`` / ``memorial-en``).
TRANSLATED = {"ablog-directives": ("GuayaCamp 2024", "Memorial")}


@pytest.fixture(params=sorted(BUILDERS))
def builds(request, tmp_path_factory) -> Builds:
    return builds_of(request.param, tmp_path_factory, BUILDERS[request.param], "end")


@pytest.fixture
def notebooks(tmp_path_factory) -> Builds:
    return builds_of("ablog-notebooks", tmp_path_factory, "html", "end")


@pytest.fixture
def directives(tmp_path_factory) -> Builds:
    return builds_of("ablog-directives", tmp_path_factory, "dirhtml", "end")


def titles_of(app, page: str, selector: str) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup(app, page).select(selector)]


def test_both_builds_are_quiet(builds):
    """ABlog alone builds the root without a warning, and so does ABlog with docblog."""
    assert builds.ablog_warnings == ""
    assert builds.docblog_warnings == ""


def test_docblog_lists_the_posts_and_drafts_ablog_lists(builds):
    index, drafts = INDEX[builds.root], DRAFTS[builds.root]
    ablog_posts = titles_of(builds.ablog, index, ".ablog-post-title a")
    assert len(ablog_posts) >= 6
    # ABlog lists both versions of a translated post; docblog lists it once (issue 19).
    expected = list(ablog_posts)
    for title in TRANSLATED.get(builds.root, ()):
        expected.remove(title)
    assert card_titles(soup(builds.docblog, index)) == expected
    ablog_drafts = sorted(titles_of(builds.ablog, drafts, ".ablog-post-title a"))
    assert ablog_drafts
    assert sorted(card_titles(soup(builds.docblog, drafts))) == ablog_drafts


def test_a_site_that_builds_with_nitpicky_w_under_ablog_still_does(builds, tmp_path):
    """``sphinx-build -nW`` (the Spanish site's own tox target) passes before and after."""
    srcdir = tmp_path / builds.root
    shutil.copytree(REPO / "tests" / "roots" / f"test-{builds.root}", srcdir)
    extensions = conf_extensions(srcdir)
    for name, value in (("ablog", extensions), ("docblog", [*extensions, "docblog"])):
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-nW", "-q", "-N", "-b", BUILDERS[builds.root],
             "-D", f"extensions={','.join(value)}", str(srcdir), str(tmp_path / f"out-{name}")],
            capture_output=True, text=True, timeout=600, check=False)
        assert result.returncode == 0, (name, result.stderr)
        assert result.stderr == "", (name, result.stderr)


def test_myst_authors_objects_are_people(notebooks):
    """``authors: [{id: chris}]`` is blog_authors' "chris"; ``{name: Jane Doe, …}`` is Jane."""
    header = soup(notebooks.docblog, "posts/2021/two-authors.html").select_one(".docblog-post-header")
    text = " ".join(header.get_text(" ", strip=True).split())
    assert "Jane Doe" in text and "Chris Holdgraf" in text
    author_pages = {p.name for p in (Path(notebooks.docblog.outdir) / "blog" / "author").iterdir()}
    assert author_pages == {"chris-holdgraf.html", "jane-doe.html"}
    hello = soup(notebooks.docblog, "posts/2020/hello.html").select_one(".docblog-post-header")
    assert "Chris Holdgraf" in hello.get_text(" ", strip=True)


def test_myst_thumbnail_is_the_card_image(notebooks):
    cards = {c.select_one(".docblog-card-title").get_text(strip=True): c
             for c in soup(notebooks.docblog, "blog.html").select(".docblog-card")}
    image = cards["Interactive figures without a server"].select_one("img")
    assert image is not None and image["src"].endswith("posts/2022/widgets.png")
    assert (Path(notebooks.docblog.outdir) / "posts/2022/widgets.png").is_file()
    assert cards["Hello, blog"].select_one("img") is None  # featured_image is another tool's


def test_notebook_posts_keep_their_metadata_out_of_the_blog(notebooks):
    """Jupyter's ``language_info`` is not ABlog's ``language``: no language pages appear."""
    assert not (Path(notebooks.docblog.outdir) / "blog" / "language").exists()
    assert "Plotting a random walk" in card_titles(soup(notebooks.docblog, "blog.html"))
    assert "A notebook kept as Markdown" in card_titles(soup(notebooks.docblog, "blog.html"))


def test_pages_under_blog_path_stay_pages_on_an_ablog_site(directives):
    """No ``blog_post_pattern`` on an ABlog site means ABlog's default: only ``post``
    directives and ``blogpost: true`` make posts, so the placeholders are not posts."""
    outdir = Path(directives.docblog.outdir)
    listed = card_titles(soup(directives.docblog, "posts/index.html"))
    assert not {"Etiquetas", "Categorías", "Archivo"} & set(listed)
    assert not {"Etiquetas", "Categorías", "Archivo"} & set(card_titles(soup(directives.docblog,
                                                                             DRAFTS[directives.root])))
    # The site's documents at those addresses are kept, as ABlog keeps them.
    for page in ("posts/tag", "posts/category", "posts/archive"):
        assert (outdir / page / "index.html").is_file()
    for folder in ("wiki", "eventos", "noticias/2024"):
        assert any(p.name == "index.html" for p in (outdir / folder).rglob("*"))


def test_translations_are_listed_once_and_name_each_other(directives):
    """``memorial.md`` / ``memorial-en.md`` with ABlog's ``:language:``: versions of one post
    (issue 19), listed once by the Spanish one, whose card and page name the English one."""
    index = soup(directives.docblog, "posts/index.html")
    listed = card_titles(index)
    assert listed.count("Memorial") == 1 and listed.count("GuayaCamp 2024") == 1
    card = next(c for c in index.select(".docblog-card")
                if c.select_one(".docblog-card-title a").get_text() == "Memorial")
    assert card.select_one(".docblog-card-translations").get_text(" ", strip=True) == \
        "También en: English"
    page = soup(directives.docblog, "wiki/memorial/index.html")
    assert page.select_one(".docblog-translations").get_text(" ", strip=True) == \
        "También en: English"
    english = soup(directives.docblog, "wiki/memorial-en/index.html")
    assert english.select_one(".docblog-translations").get_text(" ", strip=True) == \
        "Also in: Español"


def test_docblog_check_reports_as_advice_what_the_build_leaves_alone(tmp_path):
    """What a build reads silently (undated drafts, shared titles, keys for other tools) is a
    note from ``docblog check``; ``--strict`` makes notes fail."""
    srcdir = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "roots" / "test-ablog-directives", srcdir)

    def check(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "docblog.cli", "check", *flags, str(srcdir)],
                              capture_output=True, text=True, timeout=300, check=False)

    result = check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout
    # versions of one post in two languages share their title: not even a note
    assert "same title" not in result.stdout
    # a post directive without a date: a draft, which check shows
    assert "noticias/borrador.md:1: NOTE: post has no 'date'; it is listed as a draft" in result.stdout
    # the placeholders under blog_path are not posts on an ABlog site
    assert "posts/tag.md" not in result.stdout
    assert "7 posts" in result.stderr  # the Markdown ones: `check` reads no reStructuredText
    strict = check("--strict")
    assert strict.returncode == 1
    assert "notes fail" in strict.stderr


SECOND_POST_IN_A_BARE_FENCE = """\
# Contribuir a la web

```{post} 2024-02-01
:category: Wiki
:tags: contribuir
```

Cómo proponer cambios a la web de la comunidad.

:::
```{post} 2024-02-02
:category: Wiki
```
:::

Gracias por ayudar.
"""


def test_a_second_post_directive_in_a_bare_fence_is_named_and_the_site_builds(tmp_path):
    """ABlog 0.11.13 loops forever on this shape (its ``process_posts`` walks ``node.parent``
    of a post outside a section in a ``while True``); docblog builds the site and names the
    second directive's line. Built in a process of its own, so a regression fails, not hangs."""
    srcdir = tmp_path / "site"
    shutil.copytree(REPO / "tests" / "roots" / "test-ablog-directives", srcdir)
    (srcdir / "wiki" / "contribuir-main.md").write_text(SECOND_POST_IN_A_BARE_FENCE, encoding="utf-8")
    outdir = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-N", "-b", "dirhtml", "-D",
         f"extensions={','.join([*conf_extensions(srcdir), 'docblog'])}", str(srcdir), str(outdir)],
        capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr
    assert "wiki/contribuir-main.md:11: WARNING: docblog reads one post per document" in warnings[0]
    assert warnings[0].endswith("[docblog.directive]")
    index = BeautifulSoup((outdir / "posts" / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text(strip=True) for a in index.select(".docblog-card-title a")]
    assert "Contribuir a la web" in titles and "Memorial" in titles
