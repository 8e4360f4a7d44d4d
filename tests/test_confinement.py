"""Posts are content: a post cannot publish the build machine's files (docblog.confinement).

test-outside-files is built as ``docs/`` of a project (a folder with ``.git`` and ``code/``),
with a secret file next to the project and a symlink from its posts to another folder
outside it. Each post tries one way to read the secret; none may reach the output.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import card_titles, soup, warnings_of

SECRET = "TOP-SECRET-TOKEN=hunter2"
#: Where each attempt is named: ``file:line`` and what the warning calls it.
ATTEMPTS = {
    "posts/image.md:10": "image '../../../secret.env'",
    "posts/absolute.md:10": "image '/../../secret.env'",
    # (the figure's image is at the directive's line, or its caption's with docutils 0.20)
    "posts/figure.md:1[01]": "image '../../../secret.env'",
    "posts/download.md:10": "download '../../../secret.env'",
    "posts/include.md:10": "include: '../../../secret.env'",
    "posts/literal.md:10": "literalinclude: '../../../secret.env'",
    "posts/raw.md:10": "raw: '../../../secret.env'",
    "posts/csv.md:10": "csv-table: '../../../secret.env'",
    "posts/raw-url.md:10": "raw: 'file:///etc/hostname'",
    "posts/symlink.md:10": "image 'linked/secret.env'",
    "posts/encoded.md:10": "image '%2e%2e/%2e%2e/%2e%2e/secret.env'",
    "posts/windows.md:10": "literalinclude: '..\\\\..\\\\..\\\\secret.env'",
    "posts/card-image.md:4": "image 'linked/secret.env'",
    "posts/rest-post.rst:9": "include: '../../../secret.env'",
    "posts/rest-post.rst:11": "literalinclude: '../../../secret.env'",
    "posts/rest-post.rst:13": "image '../../../secret.env'",
}


@pytest.fixture
def project(tmp_path, rootdir):
    for folder in (tmp_path, tmp_path / "elsewhere"):
        folder.mkdir(exist_ok=True)
        (folder / "secret.env").write_text(SECRET + "\n", encoding="utf-8")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "code").mkdir()
    (project / "code/example.py").write_text("print('hello')  # PROJECT-CODE\n", encoding="utf-8")
    docs = project / "docs"
    shutil.copytree(rootdir / "test-outside-files", docs)
    (docs / "posts/linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    return docs


def leaked(outdir: Path) -> list[str]:
    """Output files holding the secret, or named like it (search index and feeds included)."""
    return sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*") if p.is_file() and (
        b"hunter2" in p.read_bytes() or p.name == "secret.env"))


@pytest.mark.parametrize("parallel", [0, 2])
def test_no_outside_file_reaches_the_output_and_every_attempt_is_named(project, make_app, parallel):
    app = make_app("html", srcdir=project, parallel=parallel)
    app.build()
    outdir = Path(app.outdir)
    assert leaked(outdir) == []
    warnings = warnings_of(app)
    for location, what in ATTEMPTS.items():
        assert re.search(rf"{location.replace('.', '[.]')}: WARNING: {re.escape(what)} is outside the site's "
                         r"files; it is not read or published .*\[docblog\.file\]", warnings), location
    # Nothing else: no warning of Sphinx's about the files it was not given.
    assert len(warnings.strip().splitlines()) == len(ATTEMPTS), warnings
    # Every post is still listed, with its own words; the project's code next to docs/ is shown.
    posts = sorted(p.stem for p in (project / "posts").iterdir() if p.suffix in (".md", ".rst"))
    assert len(card_titles(soup(app, "blog.html"))) == len(posts) == 15
    for name in posts:
        assert "own words" in (outdir / f"posts/{name}.html").read_text(encoding="utf-8"), name
    assert "PROJECT-CODE" in (outdir / "posts/allowed.html").read_text(encoding="utf-8")
    assert "PROJECT-CODE" in (outdir / "index.html").read_text(encoding="utf-8")
    # The image's alt text and the download's text stay in the post.
    assert soup(app, "posts/image.html").find(string="the secret") is not None
    assert soup(app, "posts/download.html").find(string=re.compile("the file")) is not None


def test_other_pages_keep_sphinx_behaviour_unless_every_document_is_confined(project, make_app):
    (project / "guide.md").write_text(
        "# Guide\n\n```{literalinclude} ../../secret.env\n```\n", encoding="utf-8")
    (project / "index.md").write_text(
        (project / "index.md").read_text(encoding="utf-8") + "\n```{toctree}\nguide\n```\n",
        encoding="utf-8")
    app = make_app("html", srcdir=project)
    app.build()
    # A docs page is the site's own: by default it reads what Sphinx lets it read.
    assert "hunter2" in (Path(app.outdir) / "guide.html").read_text(encoding="utf-8")
    app.cleanup()
    shutil.rmtree(app.outdir)  # (Sphinx keeps the search index's earlier words across builds)

    confined = make_app("html", srcdir=project, freshenv=True,
                        confoverrides={"docblog_confine_files": "all"})
    confined.build()
    assert leaked(Path(confined.outdir)) == []
    assert "guide.md:3: WARNING: literalinclude: '../../secret.env' is outside" in warnings_of(confined)


def test_the_root_is_a_setting(project, make_app):
    """With the docs folder as the root, code next to it is outside too."""
    app = make_app("html", srcdir=project, confoverrides={"docblog_files_root": "."})
    app.build()
    assert "posts/allowed.md:10: WARNING: literalinclude: '../../code/example.py' is outside" \
        in warnings_of(app)
    assert "PROJECT-CODE" not in (Path(app.outdir) / "posts/allowed.html").read_text(encoding="utf-8")
    # The docs page is not a post: it still shows the project's code.
    assert "PROJECT-CODE" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


# --- docblog_untrusted_posts ------------------------------------------------------------------

UNTRUSTED_WARNINGS = [
    "posts/markup.md:10: WARNING: raw html markup is left out",
    "posts/markup.md:12: WARNING: raw html markup is left out",
    "posts/markup.md:14: WARNING: raw html markup is left out",
    "posts/markup.md:18: WARNING: an {eval-rst} block is left out",
    "posts/notebook.ipynb:1: WARNING: the notebook is not run, only its stored outputs are shown",
]


# Each build its own source_suffix: Sphinx shares the default dict between builds, and a
# MyST-Parser site built earlier in this process would leave ".md" to MyST-Parser.
@pytest.mark.sphinx("html", testroot="untrusted", confoverrides={"source_suffix": {".rst": "restructuredtext"}})
def test_untrusted_posts_run_no_code_and_inject_no_markup(app):
    app.build()
    outdir = Path(app.outdir)
    warnings = warnings_of(app)
    for expected in UNTRUSTED_WARNINGS:
        assert expected in warnings, expected
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in warnings.strip().splitlines()]
    assert all(line.endswith("[docblog.untrusted]") for line in lines), warnings
    # inline HTML opens and closes: one warning per tag
    assert len(lines) == len(UNTRUSTED_WARNINGS) + 1, warnings
    published = "".join(p.read_text(encoding="utf-8", errors="replace")
                        for p in outdir.rglob("*") if p.suffix in (".html", ".js", ".xml", ".json"))
    for injected in ("injected-block", "injected-inline", "injected-raw", "injected-eval-rst",
                     'alert("block")', "EXECUTED-MARKER"):
        assert injected not in published, injected
    # Both posts are listed with their own words; the docs page keeps its own HTML.
    assert card_titles(soup(app, "blog.html")) == ["A notebook from a stranger", "Markup from a stranger"]
    assert "own words" in (outdir / "posts/markup.html").read_text(encoding="utf-8")
    assert "inline HTML" in soup(app, "posts/markup.html").get_text()
    assert soup(app, "index.html").select_one(".docs-own-html") is not None


def test_a_notebook_post_cannot_publish_an_outside_file(tmp_path, rootdir, make_app):
    """A notebook post (MyST-NB) whose Markdown cell shows an image outside the site."""
    (tmp_path / "secret.env").write_text(SECRET + "\n", encoding="utf-8")
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-untrusted", srcdir)
    notebook = (srcdir / "posts/notebook.ipynb").read_text(encoding="utf-8")
    (srcdir / "posts/notebook.ipynb").write_text(notebook.replace(
        '"The post\'s own words."', '"The post\'s own words.\\n", "\\n", "![the chart](../../secret.env)"'),
        encoding="utf-8")
    app = make_app("html", srcdir=srcdir, confoverrides={"source_suffix": {".rst": "restructuredtext"}})
    app.build()
    assert leaked(Path(app.outdir)) == []
    assert re.search(r"posts/notebook\.ipynb:\d+: WARNING: image '\.\./\.\./secret\.env' is outside",
                     warnings_of(app)), warnings_of(app)
    assert soup(app, "posts/notebook.html").find(string="the chart") is not None


def test_nbsphinx_never_runs_an_untrusted_notebook_post(tmp_path, rootdir, make_app):
    """ABlog + nbsphinx site (test-ablog-book) that asks nbsphinx to run every notebook."""
    if shutil.which("pandoc") is None and os.environ.get("CI") != "true":
        pytest.skip("nbsphinx needs pandoc (apt-get install pandoc); .ci/run installs it")
    srcdir = tmp_path / "book"
    shutil.copytree(rootdir / "test-ablog-book", srcdir)
    app = make_app("html", srcdir=srcdir, confoverrides={
        "extensions": ["ablog", "nbsphinx", "myst_parser", "docblog"],
        "source_suffix": {".rst": "restructuredtext"},
        "nbsphinx_execute": "always", "docblog_untrusted_posts": True})
    app.build()
    warnings = warnings_of(app)
    assert "posts/light-curve.ipynb:1: WARNING: the notebook is not run, only its stored outputs " \
           "are shown" in warnings, warnings
    assert "Executing" not in app.status.getvalue()
    assert (Path(app.outdir) / "posts/light-curve.html").is_file()
