"""Which of the site's documents a change of the posts makes stale, decided in one place.

Sphinx rewrites a document that was read again; docblog adds the documents that show
something of *other* posts that changed, so they are rewritten without being read again:

* ``env-get-outdated`` (:func:`remember_records`): the records as they were before the build;
* ``env-get-updated`` (:func:`outdated_documents`), the union of
  - posts whose previous/next links, series box or related posts changed, and every page
    embedding a post list (:func:`outdated_neighbours`),
  - the site's page at ``blog_path``, when the index's first page changed (:func:`outdated_index`),
  - pages whose ABlog sidebars show something that changed (:func:`outdated_sidebars`),
  - every post and embedding page, when the message catalogs changed (:func:`outdated_translations`)
    or docblog's stylesheet did, which those pages carry inline (:func:`outdated_stylesheet`),
  - private posts whose page an earlier build wrote, so that it is removed (:func:`outdated_private_pages`).

Generated files (listing pages, feeds, ``posts.json``) are not documents: their fingerprints
decide (:mod:`docblog.fingerprints`).
"""

from __future__ import annotations

import os
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import theme
from .ablog_context import AblogView, get_view
from .ablog_sidebars import sidebar_key, sidebar_parts_shown
from .build_state import get_build, is_html_builder
from .collection import Blog, changed_records, get_blog, previous_blog, published_since
from .fingerprints import stable_hash
from .i18n import catalog_digest
from .index_page import first_page_fingerprint
from .post_page import page_parts
from .posts import Post, get_domain
from .privacy import private_documents
from .views import view_of


def outdated_documents(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every document docblog makes stale, once."""
    stale: set[str] = set()
    for decide in (outdated_neighbours, outdated_index, outdated_sidebars, outdated_translations,
                   outdated_stylesheet, outdated_private_pages):
        stale.update(decide(app, env))
    return sorted(stale)


def shown_of_others(app: Sphinx, blog: Blog, post: Post,
                    records: dict[str, Post] | None = None) -> str:
    """The fingerprint of docblog's parts of a post's page (:func:`docblog.post_page.page_parts`):
    its header, previous/next links, series box and related posts. When it changes, the page
    is rewritten without being read again."""
    return stable_hash(page_parts(app, blog, post, records))


def shows_any(blog: Blog, post: Post, docnames: set[str]) -> bool:
    """Whether ``post``'s page shows one of ``docnames`` as a neighbour, a part of its series,
    a related post or a version in another language (what :func:`docblog.post_page.page_parts`
    takes from other posts)."""
    series = blog.series_of(post)
    shown = {p.docname for p in blog.neighbours(post.docname) if p is not None}
    shown.update(p.docname for p in (series.parts if series is not None else ()))
    shown.update(p.docname for p in blog.related(post))
    shown.update(p.docname for p in blog.versions(post))
    return not shown.isdisjoint(docnames)


def remember_records(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """``env-get-outdated``: keep the records as they were before this build reads anything,
    and the time of the build that made them (kept in the environment), to tell which posts
    the clock published since."""
    from .collection import build_time

    build = get_build(app)
    build.previous_records = dict(get_domain(env).posts)
    build.previous_now = getattr(env, "docblog_build_time", None)
    build.now = build_time()
    build.published_since = None
    build.fulltext_written = False
    env.docblog_build_time = build.now  # type: ignore[attr-defined]
    return []


def outdated_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: posts whose previous/next links, series box or related posts
    changed (:func:`shown_of_others`), and pages embedding lists.

    When a changed post moved (date, tags, categories, series, listed or not), every post's
    page is compared with what it showed in the blog as it was. Otherwise the blog has the
    same shape as before — order, series, related lists — and only the pages that can show a
    changed post are compared: its neighbours, the other parts of its series, the posts
    sharing a tag or category with it and the drafts and unlisted posts (whose pages show
    related posts too); and none when its view (all other pages show of it) did not change, as
    after most edits of a body. Then the blog as it was is not built at
    all: what a page showed before is what it shows now with the old records of the changed
    posts (a quarter of the blog-wide work of a body edit at 1,000 posts).
    """
    found = changed_records(app)
    if found is None:
        return []
    before, after, changed = found
    new_blog = get_blog(app)  # built from the records just read; reused for writing
    if published_since(app) or any(
            new_blog.placing(before.get(d)) != new_blog.placing(after.get(d)) for d in changed):
        old_blog = previous_blog(app)
        assert old_blog is not None
        stale = {docname for docname in after
                 if docname in env.found_docs and (
                     docname not in before
                     or shown_of_others(app, old_blog, before[docname])
                     != shown_of_others(app, new_blog, after[docname]))}
    else:
        candidates: set[str] = set()
        for docname in changed:
            if (view_of(app, new_blog, before[docname]).fingerprint
                    == view_of(app, new_blog, after[docname]).fingerprint):
                continue  # other pages show nothing of it that changed
            post = after[docname]
            candidates.update(p.docname for p in new_blog.neighbours(docname) if p is not None)
            series = new_blog.series_of(post)
            if series is not None:
                candidates.update(p.docname for p in series.parts)
            # Its other versions name it (and show its title).
            candidates.update(new_blog.group_of.get(docname, ()))
            if new_blog.config.related_posts:
                candidates |= new_blog.sharing(post)
                # Drafts and unlisted posts show related posts too (they are few).
                candidates.update(p.docname for p in (*new_blog.drafts, *new_blog.unlisted))
        # A changed post is read again, so its page is written anyway. A page that shows none
        # of the changed posts (as neighbour, series part or related post) shows the same as
        # before: its parts are compared only when it shows one.
        stale = {docname for docname in candidates - changed
                 if docname in env.found_docs and docname in after
                 and shows_any(new_blog, after[docname], changed)
                 and shown_of_others(app, new_blog, after[docname], records=before)
                 != shown_of_others(app, new_blog, after[docname])}
    stale |= get_domain(env).embeds
    return sorted(stale)


def outdated_index(app: Sphinx, env: Any) -> list[str]:
    """``env-get-updated``: the site's page at ``blog_path`` when the index's first page changed."""
    blog_path = app.config.blog_path
    if not is_html_builder(app) or blog_path not in env.found_docs:
        return []
    old_blog = previous_blog(app)
    if old_blog is None or (first_page_fingerprint(app, old_blog)
                            == first_page_fingerprint(app, get_blog(app))):
        return []
    return [blog_path]


def outdated_sidebars(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: documents whose ABlog sidebars show something that changed."""
    if not is_html_builder(app):
        return []
    found = changed_records(app)
    if found is None:
        return []
    before, after, changed = found
    # Everything the sidebars show of the blog follows from where posts are placed (dates,
    # terms, listed or not) and their titles; a changed post's own page is written anyway.
    # So after an edit that moved and retitled no post, as most edits of a body, no other
    # page's sidebars changed, and the blog as it was need not be built.
    blog = get_blog(app)
    if not published_since(app) and all(blog.placing(before.get(d)) == blog.placing(after.get(d))
                                        and before[d].title == after[d].title for d in changed):
        return []
    showing = sorted(d for d in env.found_docs if sidebar_parts_shown(app, d))
    if not showing:
        return []
    old_blog = previous_blog(app)
    assert old_blog is not None
    new_view = get_view(app)
    old_view = AblogView(app, old_blog)
    return [docname for docname in showing
            if sidebar_key(app, docname, old_view) != sidebar_key(app, docname, new_view)]


def outdated_translations(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every post and every page embedding post lists, when the catalogs
    changed since the previous build (their headers, footers and cards are translated)."""
    current = catalog_digest(app)
    previous = getattr(env, "docblog_catalog_digest", None)
    env.docblog_catalog_digest = current  # type: ignore[attr-defined]
    if previous is None or previous == current:
        return []
    domain = get_domain(env)
    return sorted(d for d in {*domain.posts, *domain.embeds} if d in env.found_docs)


def outdated_stylesheet(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: every post, every page embedding post lists and the page at
    ``blog_path``, when docblog.css changed since the previous build (a new docblog): those
    pages carry it inline (:mod:`docblog.theme`), so an unchanged page would keep the old one."""
    current = stable_hash(theme.inline_style())
    previous = getattr(env, "docblog_style_digest", None)
    env.docblog_style_digest = current  # type: ignore[attr-defined]
    if previous is None or previous == current:
        return []
    domain = get_domain(env)
    blog_path = get_blog(app).blog_path
    return sorted(d for d in {*domain.posts, *domain.embeds, blog_path} if d in env.found_docs)


def outdated_private_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: private posts whose page an earlier build wrote (a post the clock
    now schedules, or made a draft), so that this build's writing removes it even when no
    document changed (Sphinx writes nothing then); none of them is written
    (:mod:`docblog.privacy`)."""
    outfile = getattr(app.builder, "get_outfilename", None)
    if outfile is None:
        return []
    return sorted(d for d in private_documents(app) if os.path.isfile(str(outfile(d))))


def setup(app: Sphinx) -> None:
    app.connect("env-get-outdated", remember_records)
    app.connect("env-get-updated", outdated_documents)
