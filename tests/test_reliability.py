"""Bad input: a clear warning with file, line and subtype; the rest builds; nothing lost or injected."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import build_once, card_titles, soup, warnings_of

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain_warnings(app) -> str:
    return ANSI.sub("", app.warning.getvalue())


EXPECTED_WARNINGS = [
    ("bad-yaml.md", 3, "front_matter", "front matter is not valid YAML"),
    ("wrong-types.md", 3, "category", "'category' must be a string or a list of strings, not dict"),
    ("unknown-keys.md", 3, "front_matter", "unknown front matter key 'catagory'; did you mean 'category'?"),
    ("unknown-keys.md", 4, "front_matter", "unknown front matter key 'tag'; did you mean 'tags'?"),
    ("unknown-keys.md", 5, "front_matter", "unknown front matter key 'summery'; did you mean 'summary'?"),
    ("date-yesterday.md", 2, "date", "'date': 'yesterday' is not a date"),
    ("date-invalid.md", 2, "date", "'date': '2026-13-45' is not a date"),
    ("date-ambiguous.md", 2, "date", "'03/04/2026' is ambiguous (day/month order); read as March 4, 2026"),
    ("updated-before.md", 3, "date", "'updated' (2026-01-01) is before 'date' (2026-02-01); ignored"),
    ("punctuation.md", 3, "category", "category '!!!' has no letters or digits"),
    ("not-allowed.md", 3, "category", "category 'Gardening' is not in docblog_categories"),
    ("no-title.md", 1, "title", "post has no title"),
    ("wrong-reading-time.md", 4, "front_matter", "'reading_time' must be a positive whole number"),
    ("unsafe-links.md", 4, "front_matter", "'image' must be a relative path or an http(s) address"),
    ("unsafe-links.md", 5, "front_matter", "'external_link' must be a relative path or an http(s)"),
    ("invalid-utf8.md", 9, "encoding", "the file is not valid UTF-8 (byte 0xff)"),
]


#: Input a build reads silently, as ABlog does (undated drafts, shared titles, empty keys…):
#: advice that ``docblog check`` prints as a note, never a build warning.
EXPECTED_NOTES = [
    ("bad-yaml.md", 1, "date", "post has no 'date'; it is listed as a draft"),
    ("wrong-types.md", 4, "tag", "'tags' value 1 is a number; read as text"),
    ("empty-values.md", 3, "front_matter", "front matter key 'category' has no value"),
    ("empty-values.md", 4, "front_matter", "front matter key 'tags' has no value"),
    ("lower-python.md", 3, "category", "category 'python' differs from 'Python' only by case"),
    ("dup-b.md", 1, "title", "another post has the same title 'Same title': posts/dup-a"),
    ("empty-body.md", 1, "body", "post body is empty"),
    ("missing-date.md", 1, "date", "post has no 'date'"),
]


@pytest.fixture(scope="module")
def faulty(rootdir, sphinx_test_tempdir):
    return build_once(rootdir, sphinx_test_tempdir, "faulty")


@pytest.mark.parametrize(("filename", "line", "subtype", "text"), EXPECTED_WARNINGS,
                         ids=[f"{w[0]}:{w[1]}:{w[2]}" for w in EXPECTED_WARNINGS])
def test_each_problem_is_named_with_file_line_and_subtype(faulty, filename, line, subtype, text):
    warnings = plain_warnings(faulty)
    pattern = rf"posts/{re.escape(filename)}:{line}: WARNING: [^\n]*{re.escape(text)}[^\n]*\[docblog\.{subtype}\]"
    assert re.search(pattern, warnings), warnings


def test_each_problem_is_reported_once(faulty):
    lines = [line for line in plain_warnings(faulty).splitlines() if "WARNING" in line]
    assert len(lines) == len(set(lines)) == len(EXPECTED_WARNINGS)


def test_advice_is_not_a_build_warning(faulty):
    warnings = plain_warnings(faulty)
    for filename, _line, _subtype, text in EXPECTED_NOTES:
        assert not re.search(rf"posts/{re.escape(filename)}:\d+: WARNING: [^\n]*{re.escape(text)}", warnings)


def test_docblog_check_prints_warnings_and_notes(rootdir, tmp_path):
    import subprocess
    import sys

    srcdir = tmp_path / "faulty"
    shutil.copytree(rootdir / "test-faulty", srcdir)
    result = subprocess.run([sys.executable, "-m", "docblog.cli", "check", str(srcdir)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 1  # the warnings fail it
    for filename, line, subtype, text in EXPECTED_NOTES:
        pattern = rf"posts/{re.escape(filename)}:{line}: NOTE: [^\n]*{re.escape(text)}[^\n]*\[docblog\.{subtype}\]"
        assert re.search(pattern, result.stdout), (filename, text, result.stdout)
    assert re.search(r"posts/unknown-keys.md:3: WARNING: unknown front matter key 'catagory'", result.stdout)


def test_no_post_is_lost(faulty):
    """Every post is on the index (published), or named by the build as a draft it does not
    publish (with a stated reason in a warning, for those whose date cannot be read)."""
    posts = sorted(p.stem for p in Path(faulty.srcdir, "posts").iterdir())
    status = re.sub(r"\x1b\[[0-9;]*m", "", faulty.status.getvalue())
    said = re.search(r"docblog: (\d+) draft or scheduled post\(s\) not published by this build: "
                     r"([^(]*) \(", status)
    assert said is not None, status
    private = {name.removeprefix("posts/") for name in said[2].split(", ")}
    assert private == {"bad-yaml", "date-invalid", "date-yesterday", "missing-date"}
    assert int(said[1]) == len(private)
    assert sorted(card_links(soup(faulty, "blog.html")) | private) == posts
    assert card_links(soup(faulty, "blog/drafts.html")) == set()
    # good posts, and faulty ones built with a fallback, are published
    index = card_titles(soup(faulty, "blog.html"))
    assert "Good post" in index and "BOM and CRLF" in index and "Invalid UTF-8" in index
    assert "No title" in index  # title from the file name
    # case variants merged into one category; the page lists both
    python = card_titles(soup(faulty, "blog/category/python.html"))
    assert "Lower python" in python and "Good post" in python


def test_bom_crlf_and_bad_bytes_still_read(faulty):
    page = soup(faulty, "posts/bom-crlf.html")
    assert page.select_one(".docblog-post-header time").get_text() == "January 14, 2026"
    body = (Path(faulty.outdir) / "posts/invalid-utf8.html").read_text(encoding="utf-8")
    assert "Body \ufffd\ufffd here." in body


def card_links(page: BeautifulSoup) -> set[str]:
    return {a["href"].rsplit("/", 1)[-1].removesuffix(".html")
            for a in page.select(".docblog-card-title a")}


def test_a_one_megabyte_post_builds(tmp_path, rootdir, make_app):
    srcdir = tmp_path / "huge"
    shutil.copytree(rootdir / "test-basic", srcdir)
    paragraph = ("docblog counts words in long posts too. " * 40).strip()
    body = "\n\n".join([paragraph] * 2700)
    (srcdir / "posts/huge.md").write_text(
        f"---\ndate: 2026-06-01\ncategory: Design\nsummary: Huge.\n---\n\n# Huge post\n\n{body}\n",
        encoding="utf-8")
    assert (srcdir / "posts/huge.md").stat().st_size > 1_000_000
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert app.warning.getvalue() == ""
    card = soup(app, "blog.html").select_one(".docblog-card")
    assert card.select_one(".docblog-card-title").get_text(strip=True) == "Huge post"
    words = 2700 * 40 * 7
    assert card.select_one(".docblog-reading-time").get_text() == f"{-(-words // 238)} min read"


@pytest.mark.parametrize(
    ("option", "value", "default"),
    [
        ("docblog_posts_per_page", "ten", 25),
        ("docblog_posts_per_page", 0, 25),
        ("docblog_words_per_minute", 2.5, 238),
        ("docblog_timezone", "Mars/Olympus_Mons", "UTC"),
        ("docblog_show_drafts", "yes", False),
        ("docblog_categories", ["Design"], {}),
        ("docblog_date_format", 5, "%B %-d, %Y"),
    ],
)
def test_bad_config_values_are_named_and_fall_back(tmp_path, rootdir, make_app, option, value, default):
    srcdir = tmp_path / "config"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with open(srcdir / "conf.py", "a", encoding="utf-8") as conf:
        conf.write(f"\n{option} = {value!r}\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = plain_warnings(app).strip().splitlines()
    assert len(warnings) == 1, warnings
    assert f"WARNING: {option} = {value!r}" in warnings[0]
    assert f"using the default {default!r} [docblog.config]" in warnings[0]
    assert getattr(app.config, option) == default
    assert card_titles(soup(app, "blog.html"))[0] == "Beta post"


# --- security ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(rootdir, sphinx_test_tempdir):
    return build_once(rootdir, sphinx_test_tempdir, "hostile")


def html_files(app) -> list[Path]:
    return sorted(Path(app.outdir).rglob("*.html"))


def test_author_text_never_becomes_markup(hostile):
    for path in html_files(hostile):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                # schema.org data: author text as JSON, never run, and unable to close the element
                assert "<" not in script.get_text() and json.loads(script.get_text()), path
                continue
            assert "alert" not in script.get_text(), path
        for element in page.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (path, element)
                if attribute in ("href", "src"):
                    assert not str(value).strip().lower().startswith("javascript:"), (path, element)
        assert not page.find("img", src="x"), path
    index = soup(hostile, "blog.html")
    card = index.select_one('.docblog-card:has(a[href="posts/evil.html"])')
    title = card.select_one(".docblog-card-title a").get_text()
    assert title.startswith('Title <script>alert(1)</script>"><img src=x onerror=alert(2)>]]>')
    assert "\x07" not in title
    assert card.select_one(".docblog-card-summary").get_text().startswith("Summary <script>")
    assert card.select_one(".docblog-meta-category").get_text().startswith("Cat <script>")


def test_cards_rendered_once_are_the_cards_each_folder_would_render(hostile):
    """A card is rendered once with marks where its URLs go, then given each folder's URLs:
    byte for byte the card rendered for that folder, author text and escaping included."""
    from docblog.cards import card_at
    from docblog.collection import get_blog
    from docblog.rendering import get_renderer
    from docblog.views import view_of

    blog = get_blog(hostile)
    renderer = get_renderer(hostile)
    assert renderer.cards_take_marks
    bases = ["blog.html", "blog/archive.html", "blog/tag/x/page/2.html", "posts/evil.html", "a/b/c/d.html"]
    views = [view_of(hostile, blog, post) for post in blog.listed]
    assert views
    for view in views:
        for base in bases:
            for pinned in (False, True):
                expected = renderer.card(dict(view.at(hostile, base)), pinned)["html"]
                assert card_at(hostile, view, base, pinned) == expected, (view.docname, base, pinned)


def test_feeds_stay_valid_atom_with_hostile_text(hostile):
    for path in Path(hostile.outdir).rglob("atom.xml"):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
    entry = feedparser.parse((Path(hostile.outdir) / "blog/atom.xml").read_bytes()).entries[-1]
    assert entry.title.startswith('Title <script>alert(1)</script>')


def test_generated_file_names_stay_inside_the_output_folder(hostile):
    outdir = Path(hostile.outdir).resolve()
    for path in outdir.rglob("*"):
        assert path.resolve().is_relative_to(outdir)
    categories = sorted(p.stem for p in (outdir / "blog/category").glob("*.html"))
    assert "etc" in categories and "etc-passwd" in categories and "con-1" in categories
    assert all(len(name) <= 60 and name == name.lower() for name in categories)
    assert all(re.fullmatch(r"[\w-]+", name) for name in categories)


def test_no_request_to_a_third_party_host(hostile):
    for path in html_files(hostile):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for element in page.find_all(["script", "img", "iframe", "source", "video", "audio"]):
            assert not re.match(r"(https?:)?//", element.get("src", "")), (path, element)
        for link in page.find_all("link"):
            if set(link.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload", "prefetch"}:
                assert not re.match(r"(https?:)?//", link.get("href", "")), (path, link)
        for style in page.find_all("style"):
            assert "@import" not in style.get_text() and "//" not in re.sub(r"/\*.*?\*/", "", style.get_text())


# --- what docblog changes for every document is reported for every document ----------------


def test_docs_page_with_bytes_that_are_not_utf8_is_named(tmp_path, rootdir, make_app):
    """Sources are read with a tolerant codec (so one bad post does not stop the site); a
    docs page, not only a post, then gets a warning naming its line, never silent U+FFFD."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "guide.md").write_bytes("# Guide\n\nPlain line.\n\nCaf\u00e9 cr\u00e8me\n".encode("latin-1"))
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = plain_warnings(app)
    assert re.search(r"guide\.md:5: WARNING: the file is not valid UTF-8 \(byte 0xe9\).*\[docblog\.encoding\]",
                     warnings), warnings
    assert len(warnings.strip().splitlines()) == 1


def test_myst_front_matter_warnings_on_docs_pages_are_kept(tmp_path, rootdir, make_app):
    """MyST's own front-matter warning stays on docs pages; on posts docblog names the line
    instead (once)."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "guide.md").write_text("---\ntitle: [unclosed\n---\n\n# Guide\n\nText.\n")
    alpha = srcdir / "posts/alpha.md"
    alpha.write_text(alpha.read_text().replace("tags: [sphinx, ci]", "tags: [sphinx, ci"))
    app = make_app("html", srcdir=srcdir)
    assert "myst.topmatter" not in app.config.suppress_warnings
    app.build()
    warnings = plain_warnings(app)
    assert re.search(r"guide\.md:\d+: WARNING: Malformed YAML.*\[myst\.topmatter\]", warnings), warnings
    assert "guide.md" not in "".join(line for line in warnings.splitlines() if "[docblog." in line)
    post_lines = [line for line in warnings.splitlines() if "posts/alpha.md" in line and "YAML" in line]
    assert len(post_lines) == 1 and "[docblog.front_matter]" in post_lines[0], warnings


def test_unknown_options_in_conf_py_are_named_at_their_line(tmp_path, rootdir, make_app):
    """Sphinx ignores names it does not know: a misspelt or made-up option did nothing."""
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-basic", srcdir)
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("docblog_post_per_page = 10\ndocblog_sidebar_posts = True\n"
                   "blog_post_patern = ['posts/*']\nblog_something_else = 1\npost_auto_image = 1\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", warnings_of(app))
    assert ("conf.py:7: WARNING: docblog_post_per_page is not a docblog option, so it does nothing "
            "(did you mean docblog_posts_per_page?) [docblog.config]") in warnings
    assert "conf.py:8: WARNING: docblog_sidebar_posts is not a docblog option, so it does nothing; " \
           "docblog's options: " in warnings
    assert ("conf.py:9: WARNING: blog_post_patern is not an ABlog setting, so it does nothing "
            "(did you mean blog_post_pattern?) [docblog.config]") in warnings
    # Far from any of ABlog's settings (another tool's, say), or one of ABlog's: nothing.
    assert "blog_something_else" not in warnings and "post_auto_image" not in warnings
    assert len(warnings.strip().splitlines()) == 3, warnings
