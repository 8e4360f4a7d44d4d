"""What search engines read: schema.org JSON-LD on post and listing pages, and a
``<meta name="description">`` on every listing page (docblog.structured_data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import card_titles, soup

#: Required by schema.org / search engines for an article, and what the issue asks for.
POSTING = {"@context", "@type", "headline", "datePublished", "dateModified", "author", "url",
           "mainEntityOfPage", "inLanguage"}


def json_ld(page: BeautifulSoup) -> list[dict]:
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def descriptions(page: BeautifulSoup) -> list[str]:
    return [m["content"] for m in page.find_all("meta", attrs={"name": "description"})]


@pytest.mark.sphinx("html", testroot="people")
def test_post_pages_are_blog_postings_with_their_authors(app):
    app.build()
    assert app.warning.getvalue() == ""
    for path in sorted((Path(app.outdir) / "posts").glob("*.html")):
        page = soup(app, f"posts/{path.name}")
        (data,) = json_ld(page)
        assert data["@context"] == "https://schema.org" and data["@type"] == "BlogPosting"
        assert POSTING <= set(data), (path.name, POSTING - set(data))
        assert data["headline"] == page.select_one("article h1, h1").get_text().rstrip("¶").strip()
        assert data["url"] == data["mainEntityOfPage"] and data["url"].endswith(f"posts/{path.name}")
        assert all(p["@type"] == "Person" and p["name"] for p in data["author"])
        assert data["dateModified"] >= data["datePublished"]
        assert len(descriptions(page)) <= 1
    # a person's first link is their url, the others sameAs
    people = {p["name"]: p for path in (Path(app.outdir) / "posts").glob("*.html")
              for p in json_ld(soup(app, f"posts/{path.name}"))[0]["author"]}
    assert people["Ana Souza"]["url"] == "https://github.com/ana-example"
    assert people["Ana Souza"]["sameAs"] == ["https://ana.example.org/"]
    # the data sit in <head>: the search index does not hold them
    assert "schema.org" not in (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="basic", srcdir="structured-listings")
def test_every_listing_page_describes_itself_and_its_posts(app):
    app.build()
    outdir = Path(app.outdir)
    listings = [outdir / "blog.html", *(outdir / "blog").rglob("*.html")]
    for path in listings:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if page.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # a redirect from one of ABlog's addresses
        (text,) = descriptions(page)
        assert text.strip(), path
        (data,) = json_ld(page)
        assert data["@type"] in ("Blog", "CollectionPage") and data["name"], path
        entries = data["blogPost" if data["@type"] == "Blog" else "hasPart"]
        cards = card_titles(page)
        if cards and "archive" not in path.name:
            assert [e["headline"] for e in entries] == cards, path
        assert all(e["@type"] == "BlogPosting" and e["url"].startswith("https://") for e in entries)
    index = json_ld(soup(app, "blog.html"))[0]
    assert index["@type"] == "Blog" and index["url"] == "https://blog.example.org/blog.html"
    assert descriptions(soup(app, "blog/category/ci-cd.html")) == ["Posts in CI/CD — 1 post"]


@pytest.mark.sphinx("html", testroot="basic", srcdir="structured-subtitle",
                    confoverrides={"blog_feed_subtitle": "Notes from the build team."})
def test_the_index_is_described_by_the_blogs_subtitle(app):
    app.build()
    assert descriptions(soup(app, "blog.html")) == ["Notes from the build team."]


@pytest.mark.sphinx("html", testroot="hostile")
def test_author_text_cannot_close_the_script(app):
    app.build()
    for path in Path(app.outdir).rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for data in json_ld(page):  # every block still parses as JSON
            assert isinstance(data, dict)
        for script in page.find_all("script"):
            assert "alert(" not in (script.string or "") or script.get("type") == "application/ld+json", path
    evil = json_ld(soup(app, "posts/evil.html"))[0]
    assert evil["headline"].startswith("Title <script>alert(1)</script>")
