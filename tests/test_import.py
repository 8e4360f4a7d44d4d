"""``docblog import``: each fixture blog (an old Jekyll, Hugo, Docusaurus or Material for MkDocs
site) imported into a small Sphinx project, then built: no warnings, titles right, no template
syntax left, old addresses redirecting, images shown, and the old site untouched."""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from conftest import warnings_of
from docblog import cli
from docblog.importers import markup
from docblog.importers.plan import redirect_page

FIXTURES = Path(__file__).parent / "import-fixtures"
CONF = '''project = "Imported"
extensions = ["docblog"]
html_theme = "furo"
blog_title = "Blog"
blog_baseurl = "https://docs.example.org/"
exclude_patterns = ["_build"]
'''

EXPECTED = {
    "jekyll": {
        "posts": {"dask-glm-1": "Dask and Generalized Linear Models",
                  "towards-ooc-scheduling": "Towards Out-of-core: Scheduling",
                  "pip-install": "Installing with pip",
                  "scipy-mission": "SciPy Mission – What’s next?"},
        "drafts": {"streaming-dataframes": "Streaming dataframes"},
        "redirects": {"work/2017/03/22/dask-glm-1/index.html": "dask-glm-1",
                      "work/2017/01/10/towards-ooc-scheduling/index.html": "towards-ooc-scheduling",
                      "2017/01/10/ooc-scheduling.html": "towards-ooc-scheduling",
                      "notes/pip-install.html": "pip-install",
                      "work/2022/07/19/scipy-mission/index.html": "scipy-mission"},
        "images": {"dask-glm-1": 1, "towards-ooc-scheduling": 1},
        "links": {"dask-glm-1": {"towards-ooc-scheduling.html"}, "pip-install": {"towards-ooc-scheduling.html"},
                  "towards-ooc-scheduling": {"dask-glm-1.html"}},
        "unconverted": ['_posts/2017-03-22-dask-glm-1.md:45: {% include tweet.html id="843863539126689792" %}',
                        "_posts/2017-01-10-towards-ooc-scheduling.md:32: {: .results}",
                        "_posts/2017-03-22-dask-glm-1.md:48: /about/",
                        "_posts/2016-11-05-pip-install.md:13: $ pip install dask[complete] — code that Pygments "
                        "cannot highlight as 'python'",
                        "_posts/2016-11-05-pip-install.md:17: ]() — link without a target"],
    },
    "hugo": {
        "posts": {"first-release": "Our first release", "how-the-pipeline-works": "How the pipeline works"},
        "drafts": {"work-in-progress": "Scheduling stages"},
        "redirects": {"2023/04/our-first-release/index.html": "first-release",
                      "news/first-release/index.html": "first-release",
                      "2023/04/release-1-0/index.html": "first-release",
                      "2023/05/how-the-pipeline-works/index.html": "how-the-pipeline-works"},
        "images": {"first-release": 1, "how-the-pipeline-works": 1},
        "links": {"first-release": {"how-the-pipeline-works.html"}, "how-the-pipeline-works": {"first-release.html"}},
        "unconverted": ['content/posts/first-release.md:46: {{< gallery dir="/images/screens/" >}}'],
    },
    "docusaurus": {
        "posts": {"first-blog-post": "First Blog Post", "mdx-blog-post": "MDX Blog Post", "welcome": "Welcome"},
        "drafts": {"roadmap": "Roadmap"},
        "redirects": {"blog/first-blog-post/index.html": "first-blog-post",
                      "blog/2021/08/01/mdx-blog-post/index.html": "mdx-blog-post",
                      "blog/welcome/index.html": "welcome"},
        "images": {"welcome": 1},
        "links": {"first-blog-post": {"welcome.html"}, "welcome": {"first-blog-post.html"}},
        "unconverted": ["blog/2021-08-01-mdx-blog-post.mdx:11: import Tabs from '@theme/Tabs';",
                        "blog/2021-08-01-mdx-blog-post.mdx:24: <Tabs>",
                        "blog/authors.yml:14: https://github.com/slorber.png"],
        "authors": {"yangshun": "Yangshun Tay", "slorber": "Sébastien Lorber", "joel-marcey": "Joel Marcey"},
    },
    "mkdocs": {
        "posts": {"hello-world": "Hello world!", "deploying-on-fridays": "Deploying on Fridays"},
        "drafts": {"observability-notes": "Observability notes"},
        "redirects": {"blog/2024/01/31/hello-world/index.html": "hello-world",
                      "blog/2024/03/01/deploying-on-fridays/index.html": "deploying-on-fridays"},
        "images": {"hello-world": 1},
        "links": {"hello-world": {"deploying-on-fridays.html"}, "deploying-on-fridays": {"hello-world.html"}},
        "unconverted": ['docs/blog/posts/deploying-on-fridays.md:18: === "Shell"',
                        'docs/blog/posts/deploying-on-fridays.md:30: --8<-- "includes/abbreviations.md"',
                        "docs/blog/posts/hello-world.md:38: { .md-button }",
                        "docs/blog/posts/hello-world.md:40: ../../index.md — link to a page of the old site "
                        "that is not a post: now https://acme.example.com/",
                        "docs/blog/.authors.yml:5: https://github.com/squidfunk.png"],
        "authors": {"squidfunk": "Martin Donath", "alexv": "Alex Voss"},
    },
}


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def new_project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, encoding="utf-8")
    (folder / "index.md").write_text("# Docs\n\nWelcome.\n", encoding="utf-8")
    return folder


def run_import(capsys, generator: str, srcdir: Path, *options: str) -> tuple[int, str, str]:
    code = cli.main(["import", generator, str(FIXTURES / generator), "--source-dir", str(srcdir), *options])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def page(outdir: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((outdir / name).read_text(encoding="utf-8"), "html.parser")


def authors_printed(report: str) -> dict:
    text = report.split("docblog_authors = ", 1)[1]
    return ast.literal_eval(text[: text.index("\n}") + 2])


@pytest.mark.parametrize("generator", sorted(EXPECTED))
def test_imported_blog_builds_cleanly(generator, tmp_path, make_app, capsys):
    expected = EXPECTED[generator]
    old_site = FIXTURES / generator
    before = tree_hash(old_site)
    srcdir = new_project(tmp_path / "project")

    code, report, errors = run_import(capsys, generator, srcdir)

    assert code == 0, errors
    assert tree_hash(old_site) == before, "the old site was changed"
    # the report: posts, drafts, redirects and every construct not converted, with file:line
    posts_part = report.split("Posts converted", 1)[1].split("Drafts", 1)[0]
    drafts_part = report.split("Drafts", 1)[1].split("Redirects", 1)[0]
    assert {m for m in re.findall(r"^  posts/([\w-]+)\.md", posts_part, re.M)} == set(expected["posts"])
    assert {m for m in re.findall(r"^  posts/([\w-]+)\.md", drafts_part, re.M)} == set(expected["drafts"])
    redirects_part = report.split("Redirects from old addresses", 1)[1].split("Images", 1)[0]
    for redirect, post in expected["redirects"].items():
        assert f"(page {redirect})" in redirects_part and f"posts/{post} " in redirects_part, redirect
    unconverted = report.split("Not converted", 1)[1]
    for line in expected["unconverted"]:
        assert f"  {line}" in unconverted, line
    for draft in expected["drafts"]:
        assert "\ndraft: true\n" in (srcdir / "posts" / f"{draft}.md").read_text(encoding="utf-8")

    # Drafts are private by default (no page); built here to check their conversion too.
    app = make_app("html", srcdir=srcdir, confoverrides={"docblog_publish_drafts": True})
    app.build()
    assert warnings_of(app) == ""
    outdir = Path(app.outdir)

    for name, title in {**expected["posts"], **expected["drafts"]}.items():
        html = page(outdir, f"posts/{name}.html")
        assert html.title.get_text().startswith(title), (name, html.title.get_text())
        for anchor in html.select("a.headerlink"):
            anchor.decompose()
        assert [h.get_text().strip() for h in html.select("article h1")] == [title], name
        local = [img["src"] for img in html.select("article img") if not img["src"].startswith("http")]
        cards = {img["src"] for img in html.select("article .docblog-card img")}
        shown = [src for src in local if src not in cards]
        assert len(shown) == expected["images"].get(name, 0), (name, shown)
        for src in shown:
            assert (outdir / "posts" / src).resolve().is_file(), src
        links = {a["href"].split("#")[0] for a in html.select("article a[href]")
                 if a["href"].endswith(".html") and not a["href"].startswith(("http", "../", "#"))}
        assert expected["links"].get(name, set()) <= links, (name, links)

    for path in outdir.rglob("*.html"):
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        for syntax in ("{%", "{{<", "{{%", "{{ site."):
            assert syntax not in text, (path, syntax)

    for redirect, post in expected["redirects"].items():
        html = page(outdir, redirect)
        refresh = html.find("meta", attrs={"http-equiv": "refresh"})
        target = refresh["content"].split("url=", 1)[1]
        resolved = urljoin(f"https://x.org/{redirect}", target)
        assert resolved == f"https://x.org/posts/{post}.html", (redirect, resolved)

    if "authors" in expected:
        authors = authors_printed(report)
        assert {key: value["name"] for key, value in authors.items()} == expected["authors"]
        for value in authors.values():
            assert set(value) <= {"name", "avatar", "bio", "links"}
            assert isinstance(value.get("links", {}), dict)
            if "avatar" in value:
                assert not value["avatar"].startswith("http")
                assert (srcdir / value["avatar"]).is_file()


def test_jekyll_summary_links_and_moved_posts(tmp_path, make_app, capsys):
    srcdir = new_project(tmp_path / "project")
    assert run_import(capsys, "jekyll", srcdir)[0] == 0
    pip = (srcdir / "posts" / "pip-install.md").read_text(encoding="utf-8")
    # {% post_url %} and a link relative to the post's old address both reach the post
    assert pip.count("](towards-ooc-scheduling.md)") == 2
    assert "[Gist 5d9c2b0b1c0e](https://gist.github.com/mrocklin/5d9c2b0b1c0e)" in pip
    assert "Matthew wrote both" in pip and "]()" not in pip
    moved = (srcdir / "posts" / "scipy-mission.md").read_text(encoding="utf-8")
    assert 'external_link: "https://matthewrocklin.com/scipy-mission"' in moved
    assert "<meta" not in moved
    app = make_app("html", srcdir=srcdir)
    app.build()
    card = next(c for c in page(Path(app.outdir), "blog.html").select(".docblog-card")
                if "Generalized Linear" in c.get_text())
    assert "This work is supported" in card.get_text()
    assert "logistic regression" not in card.get_text()
    assert "{%" not in card.get_text()


def test_never_overwrites(tmp_path, capsys):
    srcdir = new_project(tmp_path / "project")
    assert run_import(capsys, "hugo", srcdir)[0] == 0
    (srcdir / "posts" / "first-release.md").write_text("# Mine\n", encoding="utf-8")
    before = tree_hash(srcdir)
    code, _report, errors = run_import(capsys, "hugo", srcdir)
    assert code == 1
    assert "posts/first-release.md exists already" in errors
    assert tree_hash(srcdir) == before


def test_dry_run_writes_nothing(tmp_path, capsys):
    srcdir = new_project(tmp_path / "project")
    before = tree_hash(srcdir)
    code, report, _errors = run_import(capsys, "docusaurus", srcdir, "--dry-run")
    assert code == 0
    assert "dry run: nothing written" in report and "posts/welcome.md" in report
    assert tree_hash(srcdir) == before


def test_redirect_page_names():
    assert redirect_page("/2017/03/22/dask-glm-1/") == "2017/03/22/dask-glm-1/index"
    assert redirect_page("/blog/welcome") == "blog/welcome/index"
    assert redirect_page("/notes/pip-install.html") == "notes/pip-install"
    assert redirect_page("/") is None
    assert redirect_page("/a b/") is None


def test_title_becomes_the_only_h1_and_levels_start_at_h2():
    body, title = markup.headings("Intro.\n\n### Summary\n\nText.\n\n#### Detail\n", "Dask *and* GLM")
    assert title == "Dask *and* GLM"
    assert body.splitlines()[0] == r"# Dask \*and\* GLM"
    assert "## Summary" in body and "### Detail" in body
    body, title = markup.headings("# Hello\n\nText.\n\n# Second part\n", "")
    assert title == "Hello"
    assert body.startswith("# Hello\n") and "## Second part" in body


def test_links_to_headings_of_the_same_post_get_a_label(tmp_path, make_app, capsys):
    srcdir = new_project(tmp_path / "project")
    assert run_import(capsys, "mkdocs", srcdir)[0] == 0
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    html = page(Path(app.outdir), "posts/hello-world.html")
    link = html.select_one("a[href^='#']:-soup-contains(\"what’s next\")")
    assert link["href"].startswith("#") and html.find(id=link["href"][1:]) is not None
    assert html.find("a", string="roadmap")["href"] == "https://acme.example.com/"
    assert "The roadmap is on the home page." in html.get_text()  # the footnote


def test_references_outside_the_old_site_are_removed_with_their_text(tmp_path, capsys):
    """A post of the old site that names files outside it: the images are removed from the
    imported post (alt text kept) and named in the report; nothing outside is copied."""
    old_site = tmp_path / "old" / "site"
    shutil.copytree(FIXTURES / "jekyll", old_site)
    (tmp_path / "old" / "outside-secret.txt").write_text("TOP-SECRET-TOKEN\n", encoding="utf-8")
    (old_site / "_posts" / "2023-05-01-outside.md").write_text(
        "---\ntitle: Outside\ndate: 2023-05-01\n---\n\nWords.\n\n![the chart](../../outside-secret.txt)\n\n"
        "![the system](/../../../../etc/passwd)\n\n```{image} ../../outside-secret.txt\n:alt: a figure\n```\n",
        encoding="utf-8")
    srcdir = new_project(tmp_path / "project")
    code = cli.main(["import", "jekyll", str(old_site), "--source-dir", str(srcdir)])
    report = capsys.readouterr().out
    assert code == 0
    assert report.count("image outside the old site: removed, its alt text kept") == 3, report
    assert "left as it is" not in report.split("2023-05-01-outside.md", 1)[1].split("\n\n", 1)[0]
    post = (srcdir / "posts" / "outside.md").read_text(encoding="utf-8")
    assert "the chart" in post and "the system" in post and "a figure" in post
    assert "outside-secret" not in post and "passwd" not in post and "{image}" not in post
    assert not any(b"TOP-SECRET" in p.read_bytes() for p in srcdir.rglob("*") if p.is_file())


# --- Docusaurus: translated posts and the blog's exclude (issue 19) ------------------------------

I18N_FIXTURE = FIXTURES / "docusaurus-i18n"


def test_docusaurus_translations_are_imported_as_versions_of_their_originals(tmp_path, make_app, capsys):
    """A blog shaped like a real Kubernetes project's: English posts in ``blog/``, Chinese
    versions in ``i18n/zh-Hans/docusaurus-plugin-content-blog/`` at the same paths, and a
    ``blog/AGENTS.md`` the config's ``exclude: ['**/AGENTS.md']`` leaves out."""
    before = tree_hash(I18N_FIXTURE)
    srcdir = new_project(tmp_path / "project")
    code = cli.main(["import", "docusaurus", str(I18N_FIXTURE), "--source-dir", str(srcdir)])
    report = capsys.readouterr().out
    assert code == 0
    assert tree_hash(I18N_FIXTURE) == before
    assert sorted(p.name for p in (srcdir / "posts").iterdir()) == [
        "hello-zh-hans.md", "hello.md", "release-zh-hans.md", "release.md", "roadmap.md"]
    assert "AGENTS" not in report and "agents" not in report.lower()
    hello_zh = (srcdir / "posts/hello-zh-hans.md").read_text(encoding="utf-8")
    assert 'language: "zh-Hans"\ntranslation_of: "hello"\n' in hello_zh
    assert 'language: "en"' in (srcdir / "posts/hello.md").read_text(encoding="utf-8")
    assert "language" not in (srcdir / "posts/roadmap.md").read_text(encoding="utf-8")
    assert "/zh-Hans/blog/2024/01/10/hello  ->  posts/hello-zh-hans" in report
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('docblog_authors = {"maintainer": {"name": "Project Maintainers"}}\n')

    app = make_app("html", srcdir=srcdir)
    app.build()
    assert warnings_of(app) == ""
    outdir = Path(app.outdir)
    index = page(outdir, "blog.html")
    titles = [a.get_text() for a in index.select(".docblog-card-title a")]
    assert titles == ["Roadmap 2024", "Release 1.0", "Hello from Kube Project"]
    languages = index.select(".docblog-card-translations a")
    assert [(a["href"], a["hreflang"]) for a in languages] == [
        ("posts/release-zh-hans.html", "zh-Hans"), ("posts/hello-zh-hans.html", "zh-Hans")]
    chinese = page(outdir, "posts/hello-zh-hans.html").select_one(".docblog-translations")
    # The Chinese version speaks Chinese to its readers (docblog's zh_CN catalog).
    assert chinese.get_text(" ", strip=True) == "其他语言： English"
    old = page(outdir, "zh-Hans/blog/2024/01/10/hello/index.html")
    assert "hello-zh-hans.html" in old.select_one('meta[http-equiv="refresh"]')["content"]


def test_docusaurus_exclude_that_is_not_literal_is_reported(tmp_path, capsys):
    old_site = tmp_path / "old"
    shutil.copytree(I18N_FIXTURE, old_site)
    config = old_site / "docusaurus.config.ts"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "exclude: ['**/AGENTS.md'],", "exclude: [...defaults, '**/AGENTS.md'],"), encoding="utf-8")
    srcdir = new_project(tmp_path / "project")
    code = cli.main(["import", "docusaurus", str(old_site), "--source-dir", str(srcdir), "--dry-run"])
    report = capsys.readouterr().out
    assert code == 0
    assert "docusaurus.config.ts:21: exclude — the blog's 'exclude' is not a list of strings" in report
    assert "blog/AGENTS.md" in report  # imported, as before: nothing says what to leave out


@pytest.mark.parametrize(("pattern", "path", "matches"), [
    ("**/AGENTS.md", "AGENTS.md", True),
    ("**/AGENTS.md", "2024/AGENTS.md", True),
    ("**/AGENTS.md", "NOT-AGENTS.md", False),
    ("drafts/*.md", "drafts/x.md", True),
    ("drafts/*.md", "drafts/a/x.md", False),
    ("**/_*.{md,mdx}", "a/_partial.mdx", True),
    ("**/*.test.{js,ts}", "x.test.ts", True),
])
def test_docusaurus_exclude_globs(pattern, path, matches):
    from docblog.importers.docusaurus import glob_pattern

    assert bool(glob_pattern(pattern).match(path)) is matches


def test_docusaurus_config_values_read_literally():
    from docblog.importers.docusaurus import literal_strings, object_at

    text = "blog: {feedOptions: {type: 'all'}, exclude: ['**/AGENTS.md', \"x/*.md\"], path: 'blog'}"
    options = object_at(text, text.index("{"))
    assert options.endswith("path: 'blog'")
    assert literal_strings(options, "exclude")[0] == ["**/AGENTS.md", "x/*.md"]
    assert literal_strings("exclude: patterns", "exclude")[0] is None
    assert literal_strings("path: 'blog'", "exclude") == ([], -1)
