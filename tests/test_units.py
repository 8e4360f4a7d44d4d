"""Unit tests of the pure modules: no Sphinx build, so ``pytest -m "not sphinx"`` runs in seconds.

Front matter, dates, slugs, reading time, the typo check of front matter keys, MyST author
objects and the fingerprint helper are plain functions of their input.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zoneinfo
from types import SimpleNamespace

import pytest
from docblog import frontmatter, reading_time
from docblog.config import DocblogConfig
from docblog.dates import parse_date
from docblog.fingerprints import KeptRenderings, config_digest, digest, stable_hash
from docblog.i18n import plural_templates
from docblog.post_reader import PostReader, edit_distance, likely_typo
from docblog.rendering import DEFAULT_DATE_FORMAT, MONTH_FORMAT, english_date
from docblog.slugs import ablog_slugify, name_key, slugify
from sphinx.util.i18n import format_date

UTC = zoneinfo.ZoneInfo("UTC")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


# --- front matter ---------------------------------------------------------------------------

def test_front_matter_keeps_the_line_of_every_key():
    parsed = frontmatter.parse("---\ntitle: Hello\n\ntags: [a, b]\n---\n# Body\n")
    assert parsed is not None and parsed.problem is None
    assert parsed.data == {"title": "Hello", "tags": ["a", "b"]}
    assert parsed.lines == {"title": 2, "tags": 4}


def test_an_impossible_date_stays_text_for_a_warning_with_its_line():
    parsed = frontmatter.parse("---\ndate: 2026-13-45\n---\n")
    assert parsed.data["date"] == "2026-13-45" and parsed.line("date") == 2


def test_invalid_yaml_is_a_problem_at_its_line():
    parsed = frontmatter.parse("---\ntitle: ok\ntags: [a, b\n---\n")
    assert parsed.problem and parsed.problem_line >= 3


def test_no_front_matter_is_none():
    assert frontmatter.parse("# Just a heading\n\n---\n\ntext\n") is None


def test_a_notebook_gives_only_the_keys_docblog_reads_and_never_jupyters_own():
    notebook = {"cells": [], "metadata": {"kernelspec": {"name": "python3"}, "language_info": {"name": "python"},
                                          "widgets": {}, "date": "2024-01-01", "blogpost": True}}
    parsed, rewritten = frontmatter.from_notebook(json.dumps(notebook), {"date", "blogpost", "language"})
    assert parsed.data == {"date": "2024-01-01", "blogpost": True}
    assert rewritten is None


# --- typos of keys ---------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "meant"), [
    ("catagory", "category"), ("tag", "tags"), ("summery", "summary"), ("titel", "title"),
    ("Date", "date"), ("series-order", "series_order"), ("autor", "author"),
])
def test_near_misses_of_keys_docblog_reads_are_typos(key, meant):
    assert likely_typo(key) == meant


@pytest.mark.parametrize("key", [
    "permalink", "hide_input", "featured_image", "interactive", "abbreviations", "language_info",
    "widgets", "toc-autonumbering", "anaconda-cloud", "layout", "keywords", "thumbnail", "comments",
    "images",
])
def test_keys_of_other_tools_are_not_typos(key):
    assert likely_typo(key) is None


def test_edit_distance_counts_a_swap_as_one_edit():
    assert edit_distance("titel", "title") == 1
    assert edit_distance("", "abc") == 3
    assert edit_distance("kitten", "sitting") == 3


# --- MyST authors ------------------------------------------------------------------------------

def read_authors(front_matter: str, labels=frozenset()) -> tuple[tuple[str, ...], list[str]]:
    messages: list[str] = []
    reader = PostReader(DocblogConfig(), "posts/p", frontmatter.parse(front_matter),
                        report=lambda message, *_: messages.append(message), author_labels=labels)
    return reader.read().authors, messages


def test_myst_author_objects_are_labels_or_names():
    authors, messages = read_authors(
        "---\ntitle: T\ndate: 2024-01-01\nauthors:\n  - id: chris\n  - name: Jane Doe\n    website: https://j.example\n"
        "  - {id: nobody, name: Ann Other}\n  - Plain Name\n---\n", labels=frozenset({"chris"}))
    assert authors == ("chris", "Jane Doe", "Ann Other", "Plain Name")
    assert messages == []


def test_an_author_object_without_id_or_name_is_named_in_a_warning():
    authors, messages = read_authors("---\ntitle: T\ndate: 2024-01-01\nauthors: [{email: a@example.org}]\n---\n")
    assert authors == ()
    assert messages == ["an author given as a mapping needs an 'id' or a 'name'; ignored"]


def test_an_undated_post_is_advice_not_a_warning():
    notes: list[str] = []
    warnings: list[str] = []
    PostReader(DocblogConfig(), "posts/p", frontmatter.parse("---\ntitle: T\n---\n"),
               report=lambda m, *_: warnings.append(m), advise=lambda m, *_: notes.append(m)).read()
    assert warnings == []
    assert notes == ["post has no 'date'; it is listed as a draft until it has one"]


# --- dates -------------------------------------------------------------------------------------

def test_a_date_is_read_in_the_blogs_timezone_and_kept_in_utc():
    parsed = parse_date("2026-03-16 14:30", PARIS)
    assert parsed.problem is None
    assert parsed.value == dt.datetime(2026, 3, 16, 13, 30, tzinfo=dt.UTC)


def test_an_unreadable_date_is_a_problem():
    parsed = parse_date("next tuesday", UTC)
    assert parsed.value is None and "not a date" in parsed.problem


def test_an_ambiguous_date_is_read_month_first_with_a_note():
    parsed = parse_date("03/04/2026", UTC)
    assert parsed.value.date() == dt.date(2026, 3, 4) and "ambiguous" in parsed.note


# --- slugs -------------------------------------------------------------------------------------

def test_slugs():
    assert slugify("Release Notes") == "release-notes"
    assert slugify("!!!") == ""
    assert name_key("Python") == name_key("python")
    assert ablog_slugify("Release Notes")  # ABlog's own address form, never empty for letters


# --- reading time --------------------------------------------------------------------------------

def test_words_and_cjk_characters_are_counted_apart():
    words, cjk = reading_time.count_text("Hello world, 你好世界")
    assert words == 2 and cjk == 4


@pytest.mark.parametrize("text", [
    "", "   ", "one", "a — b -- c ``` d e.f. 'x' “quoted” ... !!! 12 ½ _ __init__ ok",
    "—", "x—", "(see: https://example.org/a_b?c=d)", "a\u00a0b\u2003— c", "\x0b x \x1c y \x85 z\u2028w",
    "naïve café Ωmega ١٢٣ ²", "** -- ** ::", "tab\tseparated\nlines\r\nhere"])
def test_words_are_runs_of_non_space_characters_with_a_word_character(text):
    assert reading_time.count_words(text) == len(re.findall(r"\S*\w\S*", text))


def test_minutes_round_up_and_never_go_below_one():
    assert reading_time.minutes(1, 0, 238, 500) == 1
    assert reading_time.minutes(239, 0, 238, 500) == 2
    assert reading_time.minutes(0, 0, 238, 500) == 1


# --- fingerprints --------------------------------------------------------------------------------

def test_a_digest_is_stable_and_separates_its_parts():
    assert digest("a", 1, None) == digest("a", 1, None)
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", "b") != digest("b", "a")
    assert len(digest()) == 40


def test_a_stable_hash_sees_every_value_of_a_context_and_not_the_order_of_keys():
    context = {"heading": "Posts in CI/CD", "cards": [{"title": "A", "minutes": 3}], "pagination": None}
    assert stable_hash(context) == stable_hash(dict(reversed(list(context.items()))))
    changed = [
        {**context, "heading": "Posts in CI"},
        {**context, "cards": [{"title": "A", "minutes": 4}]},
        {**context, "cards": [{"title": "A", "minutes": "3"}]},  # a number is not its text
        {**context, "cards": []},
        {**context, "pagination": {"number": 1}},
    ]
    assert len({stable_hash(c) for c in changed} | {stable_hash(context)}) == len(changed) + 1
    assert stable_hash("ab", "c") != stable_hash("a", "bc")
    assert stable_hash(True) != stable_hash(1)


def test_a_stable_hash_reads_dates_dataclasses_and_fingerprints():
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Shown:
        title: str
        date: dt.datetime

    when = dt.datetime(2026, 3, 16, 9, 30, tzinfo=UTC)
    assert stable_hash(Shown("A", when)) == stable_hash({"title": "A", "date": when.isoformat()})
    assert stable_hash(Shown("A", when)) != stable_hash(Shown("A", when.astimezone(PARIS)))

    class View:  # a value that stands for itself by its fingerprint, as a post's view does
        fingerprint = "f" * 40

    assert stable_hash([View()]) == stable_hash([{"fingerprint": "f" * 40}])
    with pytest.raises(TypeError, match="object cannot be part of a fingerprint"):
        stable_hash(object())


def test_english_dates_are_what_sphinx_writes_with_babel():
    """The default date format and the archive's month headings in English are written
    without Babel's locale data, the same as Sphinx's format_date writes them."""
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    days += [dt.date(year, 12, 31) for year in (1, 9, 99, 999, 1999, 2026, 9999)]
    days.append(dt.datetime(2026, 3, 16, 23, 30, tzinfo=zoneinfo.ZoneInfo("Pacific/Auckland")))
    for day in days:
        for fmt in (DEFAULT_DATE_FORMAT, MONTH_FORMAT):
            assert english_date(day, fmt) == format_date(fmt, date=day, language="en"), (day, fmt)


def test_english_plural_templates_are_babels():
    """English's count-line templates are made without Babel's locale data, as its rule gives them."""
    def forms(n):
        return f"{n} post" if n == 1 else f"{n} posts"

    assert plural_templates("en", forms) == plural_templates("en_US", forms) == {
        "one": "1 post", "other": "2 posts"}
    assert list(plural_templates(None, forms)) == list(plural_templates("en_GB", forms))
    assert set(plural_templates("ru", forms)) == {"one", "few", "many", "other"}


def test_kept_renderings_come_back_as_they_were_put_for_the_same_key_only(tmp_path):
    """Kept cards and feed entries: a marked card's tuple comes back a tuple, names the build
    does not keep are dropped, another key or an unreadable file keeps nothing, and a store
    that rendered nothing is not rewritten."""
    app = SimpleNamespace(doctreedir=str(tmp_path), fresh_env_used=False)
    (tmp_path / "kept.json").write_text("{}")  # where earlier code kept them
    first = KeptRenderings(app, "kept.pickle", "key-1")
    assert first.get("a") is None
    card = ("<p>\x1a0\x1a</p>", (("page", "blog/tag/x"),))
    first.put("a", card)
    first.put("b", "<entry/>")
    first.save(keep=lambda name: name != "b")
    assert not (tmp_path / "kept.json").exists()
    again = KeptRenderings(app, "kept.pickle", "key-1")
    assert again.get("a") == card and isinstance(again.get("a")[1], tuple)
    assert again.get("b") is None
    before = (tmp_path / "kept.pickle").read_bytes()
    again.save(keep=lambda name: False)  # nothing rendered: what was kept still holds
    assert (tmp_path / "kept.pickle").read_bytes() == before
    assert KeptRenderings(app, "kept.pickle", "key-2").get("a") is None
    (tmp_path / "kept.pickle").write_bytes(before[: len(before) // 2])
    assert KeptRenderings(app, "kept.pickle", "key-1").get("a") is None
    fresh = SimpleNamespace(doctreedir=str(tmp_path), fresh_env_used=True)
    (tmp_path / "kept.pickle").write_bytes(before)
    assert KeptRenderings(fresh, "kept.pickle", "key-1").get("a") is None


# --- URLs --------------------------------------------------------------------------------------

@pytest.mark.parametrize("suffix", [".html", "/"])
def test_a_pages_url_is_made_once_per_folder_and_is_what_sphinx_gives_from_every_file_there(
        suffix, monkeypatch):
    from types import SimpleNamespace

    from docblog import views
    from docblog.views import folder_of, relative_url, url_from
    from sphinx.util.osutil import relative_uri

    made: list[tuple[str, str]] = []
    relative_from = views.relative_from
    monkeypatch.setattr(views, "relative_from", lambda base, to: made.append((base, to)) or relative_from(base, to))

    def target(page: str) -> str:  # html: blog/tag/x.html; dirhtml: blog/tag/x/
        return "" if page == "index" and suffix == "/" else page + suffix

    asked: list[str] = []
    app = SimpleNamespace(builder=SimpleNamespace(get_target_uri=lambda page: asked.append(page) or target(page)))
    pages = ["index", "blog", "blog/page/2", "blog/page/3", "blog/tag/x", "blog/tag/x/page/2",
             "blog/tag/y", "posts/2024/a", "posts/b"]
    for from_page in pages:
        for to_page in pages:
            expected = relative_uri(target(from_page), target(to_page))
            if not expected:  # a link to the page itself: a usable href, not ""
                expected = target(to_page).rsplit("/", 1)[-1] or "./"
            assert relative_url(app, from_page, to_page) == expected, (from_page, to_page)
            assert url_from(app, target(from_page), to_page) == expected, (from_page, to_page)
    assert len(asked) == len(pages)  # each page's target URI asked for once
    folders = {folder_of(target(page)) for page in pages}
    assert len(made) == len(folders) * len(pages)
    assert len(folders) < len(pages) or suffix == "/"  # (dirhtml writes each page in a folder of its own)


_PATHS = ["", "x.html", "index.html", "a/", "a/index.html", "a/b.html", "a//b.html", "a/b/",
          "a/b/index.html", "a/b/c.html", "a/bc/d.html", "ab/c.html", "b/a/x.html", "/abs/x.html",
          "a/b.html#part", "x.html#", "blog/tag/x/", "blog/tag/x/index.html", "blog/tag/x.html",
          "blog/tag/xy/page/2.html", "blog/tag/", "blog/", "_static/avatars/ada.png", "../up.html",
          "a/b/c/d/e.html", "a/b/c/", "posts/2024/a.html", "posts/2024/", "posts/"]


def test_a_relative_url_is_what_sphinx_gives_between_any_two_paths():
    from docblog.views import relative_from
    from sphinx.util.osutil import relative_uri

    for base in _PATHS:
        for to in _PATHS:
            assert relative_from(base, to) == relative_uri(base, to), (base, to)


@pytest.mark.parametrize("value", [
    {"id": "https://example.org/a", "title": "Ünïcode — \"quoted\" <b>&</b> \x00\x1f\u2028 \\ /",
     "authors": [{"name": "Ada"}, {"name": "Grace"}], "tags": ["a", "b"], "empty": [], "none": {},
     "numbers": [1, 2.5, True, False, None], "nested": {"deeper": [[], [{}], ["x", ("y", "z")]]}},
    "text", [], {}, [{"a": [1]}], 3])
@pytest.mark.parametrize("level", ["", "    "])
def test_a_feed_items_json_is_what_json_writes_indented(value, level):
    from docblog.feeds import indented_json

    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + level)
    assert indented_json(value, level) == expected


def test_a_feed_items_json_refuses_what_it_does_not_write():
    from docblog.feeds import indented_json

    with pytest.raises(TypeError):
        indented_json({1: "a"})
    with pytest.raises(TypeError):
        indented_json({"a": {"b", "c"}})


# --- translations ----------------------------------------------------------------------------------

def test_a_config_digest_sees_every_value_sorts_sets_and_never_matches_an_objects_address():
    from sphinx.config import Config

    def config(**values):
        made = Config({"project": "P", **values})
        for name, default in (("myst_enable_extensions", set()), ("html_sidebars", {}), ("html_context", {})):
            made.add(name, default, "env", ())  # (registered by the extensions and builders)
        made.init_values()
        return made

    same = config(myst_enable_extensions={"colon_fence", "deflist", "tasklist"})
    assert config_digest(same) == config_digest(
        config(myst_enable_extensions={"tasklist", "deflist", "colon_fence"}))
    assert config_digest(same) != config_digest(config(myst_enable_extensions={"deflist"}))
    # Dicts keep their order (html_sidebars' patterns are tried in order).
    assert config_digest(config(html_sidebars={"a": ["x"], "b": ["y"]})) != config_digest(
        config(html_sidebars={"b": ["y"], "a": ["x"]}))
    # An object whose repr is its address: never the same digest, so never taken as unchanged.
    assert config_digest(config(html_context={"x": object()})) != config_digest(
        config(html_context={"x": object()}))


def test_language_labels_as_codes_names_and_own_names():
    from docblog.translations import language_code, language_name

    assert [language_code(label) for label in ("es", "EN", "pt_BR", "zh_CN", "zh-Hans", "English")] == [
        "es", "en", "pt-BR", "zh-CN", "zh-Hans", "en"]
    assert language_code("Español", "en") == "es"  # a language's own name
    assert language_code("inglés", "es") == "en"  # its name in the site's language
    assert language_code("und") == language_code("Klingonish") == ""
    assert (language_name("es"), language_name("en"), language_name("pt-BR")) == (
        "Español", "English", "Português (Brasil)")


def test_translation_groups_follow_keys_targets_and_only_the_safe_file_name_rule():
    from docblog.posts import Post
    from docblog.translations import find_groups

    def post(docname: str, language: str = "", **keys: str) -> Post:
        return Post(docname=docname, title=docname, date=None,
                    language=(language,) if language else (), **keys)

    records = {p.docname: p for p in [
        post("posts/memorial", "es"), post("posts/memorial-en", "en"),        # the ABlog pair
        post("posts/plan", "en"), post("posts/plan-en", "en"),                # one language: no pair
        post("posts/demo"), post("posts/demo-en"),                            # no language: no pair
        post("posts/talk", "es"), post("wiki/talk-en", "en"),                 # two folders: no pair
        post("posts/news", "es", translation_key="may"), post("posts/mayo", "en", translation_key="may"),
        post("posts/hola", "es"), post("posts/en/hello", "en", translation_of="../hola"),
        post("posts/lost", "en", translation_of="nowhere"),
        post("posts/keyed", "es", translation_key="k"), post("posts/keyed-en", "en"),  # key wins
    ]}
    code = {"es": "es", "en": "en", "": "en"}
    groups, unresolved = find_groups(records, lambda p: code[p.language[0] if p.language else ""])
    assert groups == [["posts/en/hello", "posts/hola"], ["posts/mayo", "posts/news"],
                      ["posts/memorial", "posts/memorial-en"]]
    assert [p.docname for p in unresolved] == ["posts/lost"]


# --- ABlog's blog_post_pattern ------------------------------------------------------------------

@pytest.mark.parametrize("patterns", [
    "posts/*", ["posts/*.md", "news/**"], "./posts/*", "posts//*", "**/*.md", "posts/"])
def test_matched_blog_posts_are_what_ablog_matches(patterns, tmp_path):
    from types import SimpleNamespace

    import ablog
    from docblog.ablog_compat import match_blog_posts

    for name in ("posts/a.md", "posts/b.c.md", "posts/.hidden.md", "posts/2024/d.md", "news/e.rst",
                 "news/2023/f.md", "index.md", "posts/noext"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = []
    for configure in (ablog.config_inited, match_blog_posts):
        config = SimpleNamespace(blog_post_pattern=patterns, html_static_path=[])
        configure(SimpleNamespace(srcdir=tmp_path, config=config), config)
        found.append((sorted(config.matched_blog_posts), config.html_static_path))
    assert found[0] == found[1]
    assert found[1][0]  # (each pattern matches something)


@pytest.mark.parametrize("text", [
    "date: 2026-03-16 09:30\ncategory: Design\ntags: [a, b]\n",
    "title: 'Quoted: yes'\nsummary: >\n  folded\n  text\nflag: on\nnumber: 1e3\n",
    "date: 2026-13-45\n",  # an impossible date: ValueError from the constructor, as before
    "key: [unclosed\n",  # a parse error
    "just text\n",
    "- a\n- b\n",
    "a: &x 1\nb: *x\n",
    "bad: \x07\n",  # a control character
    "",
])
def test_myst_front_matter_is_read_as_pyyaml_reads_it(text):
    """MyST-Parser's front matter, read by libyaml first (frontmatter.speed_up_myst): the same
    objects, or the same error, as PyYAML's safe_load gives."""
    import yaml
    from docblog.frontmatter import _MystYaml

    def outcome(load):
        try:
            return ("value", load(text))
        except Exception as error:  # (what MyST catches, or not, is compared too)
            return ("error", type(error))

    assert outcome(_MystYaml().safe_load) == outcome(yaml.safe_load)


def test_myst_renders_front_matter_read_by_libyaml_once_docblog_is_set_up():
    import myst_parser.mdit_to_docutils.base as renderer
    import yaml
    from docblog import frontmatter

    frontmatter.speed_up_myst()
    frontmatter.speed_up_myst()  # (set up again: still one wrapper)
    assert isinstance(renderer.yaml, frontmatter._MystYaml)
    assert renderer.yaml.YAMLError is yaml.YAMLError
