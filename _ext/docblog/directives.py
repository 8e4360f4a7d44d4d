"""Showing posts anywhere in the docs: ``docblog-posts``, and ABlog's ``postlist``.

Both are placeholders at read time; the lists are filled in when the page is written
(``doctree-resolved``) from the current records, and every document that holds one is
rewritten when the posts change (:func:`docblog.staleness.outdated_neighbours`).

ABlog's ``postlist`` is rendered as ABlog renders it — same posts, order, text, classes and
structure — so pages written for ABlog look the same once docblog replaces ABlog's
``process_postlist``; only the data comes from docblog's records, and the links of
categories, tags and authors point to docblog's pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from string import Formatter
from typing import Any

from ablog.post import PostList, PostListDirective
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.locale import get_translation
from sphinx.util.docutils import SphinxDirective

from .build_state import is_html_builder
from .collection import TAXONOMIES, Blog, Term, get_blog
from .diagnostics import Subtype, warn
from .posts import Post, get_domain
from .rendering import get_renderer
from .slugs import name_key
from .views import PostView, TermView, post_view, view_of

_ = get_translation("docblog")


class posts_placeholder(nodes.General, nodes.Element):
    """Where a ``docblog-posts`` list goes."""


def _names(argument: str) -> list[str]:
    return [n.strip() for n in (argument or "").split(",") if n.strip()]


def _style(argument: str) -> str:
    return directives.choice(argument, ("cards", "list"))


class PostsDirective(SphinxDirective):
    """``{docblog-posts}``: the latest posts, optionally of a category, tag or author."""

    has_content = False
    option_spec = {
        "limit": directives.positive_int,
        "category": _names,
        "tag": _names,
        "author": _names,
        "style": _style,
    }

    def run(self) -> list[nodes.Node]:
        node = posts_placeholder()
        self.set_source_info(node)
        node["limit"] = self.options.get("limit")
        node["category"] = self.options.get("category", [])
        node["tags"] = self.options.get("tag", [])
        node["author"] = self.options.get("author", [])
        node["style"] = self.options.get("style", "cards")
        get_domain(self.env).embeds.add(self.env.docname)
        return [node]


class EmbeddingPostList(PostListDirective):
    """ABlog's ``postlist``, whose page is also an embedder (rewritten when posts change):
    known when the directive runs, so no document is searched for its placeholders."""

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env  # (ABlog's is a plain docutils directive)
        get_domain(env).embeds.add(env.docname)
        return super().run()


def _select(blog: Blog, node: nodes.Element) -> list[Post]:
    wanted = {
        "category": {name_key(n) for n in node.get("category", [])},
        "tag": {name_key(n) for n in node.get("tags", [])},
        "author": {name_key(n) for n in node.get("author", [])},
    }
    chosen = []
    for post in blog.listed:
        if all(
            not names or names & {name_key(t.name) for t in blog.terms_of(post, kind)}
            for kind, names in wanted.items()
        ):
            chosen.append(post)
    limit = node.get("limit")
    return chosen[:limit] if limit else chosen


def _link(app: Sphinx, docname: str, target: str, *children: nodes.Node,
          **attributes: Any) -> nodes.Node:
    """A reference from ``docname`` to the page ``target``, or ``children`` alone.

    Within an HTML build the link is relative. Other builders (LaTeX, text, …) have no
    page for a post outside their documents or for docblog's generated pages, and raise
    ``NoUri`` (which stops ABlog's ``postlist``): they link to the published site when
    ``blog_baseurl`` is set, and otherwise show the text without a link.
    """
    uri, internal = "", True
    if app.builder.format == "html" or target in app.env.all_docs:
        try:
            uri = app.builder.get_relative_uri(docname, target)
        except NoUri:
            pass
    if not uri and app.config.blog_baseurl:
        uri, internal = app.config.blog_baseurl.rstrip("/") + f"/{target}.html", False
    if not uri:
        return nodes.inline("", "", *children) if len(children) != 1 else children[0]
    return nodes.reference("", "", *children, internal=internal, refuri=uri, **attributes)


def _link_list(app: Sphinx, blog: Blog, posts: list[Post], docname: str,
               date_format: str | None = None) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["docblog-post-list"])
    renderer = get_renderer(app)
    for view in (view_of(app, blog, post) for post in posts):
        paragraph = nodes.paragraph()
        if view.date:
            paragraph += nodes.Text(renderer.date(view.date, date_format or view.date_format) + " – ")
        paragraph += _link(app, docname, view.docname, nodes.Text(view.title))
        items += nodes.list_item("", paragraph)
    return items


# --- ABlog's postlist ------------------------------------------------------------------------

#: ``postlist`` filter options (attributes of ABlog's node) → docblog's taxonomy kinds.
POSTLIST_KINDS = {"tags": "tag", "author": "author", "category": "category",
                  "location": "location", "language": "language"}
#: The fields ABlog's ``:format:`` knows: the date, the title, and each filter's names.
POSTLIST_FIELDS = ("date", "title", *POSTLIST_KINDS)
DEFAULT_POSTLIST_FORMAT = "{date} - {title}"
#: Names ABlog knows from settings even when no post uses them (such a filter lists nothing).
_CONFIGURED_NAMES = {"author": "blog_authors", "location": "blog_locations",
                     "language": "blog_languages"}
_UNDATED = dt.datetime.max.replace(tzinfo=dt.UTC)

Field = tuple[str, str | None]  # (literal text before it, field name or None)


def _ablog_order(post: Post) -> tuple[dt.datetime, str]:
    """ABlog orders posts by date, then title (docblog's own lists break ties by docname)."""
    return (post.date or _UNDATED, post.title)


def _term_by_key(blog: Blog, kind: str, name: str) -> Term | None:
    key = name_key(blog.display_name(kind, name))
    return next((t for t in blog.terms.get(kind, {}).values() if name_key(t.name) == key), None)


def _collection(app: Sphinx, blog: Blog, kind: str, name: str) -> set[str] | None:
    """Docnames of the listed posts filed under ``name``; None when nothing knows the name.

    ABlog intersects the collections that exist and ignores the names it does not know
    (which then filter nothing); a name used only by drafts, or only listed in
    ``blog_authors`` and the like, exists and has no posts.
    """
    if kind in TAXONOMIES:
        term = blog.term(kind, name) or _term_by_key(blog, kind, name)
        if term is not None:
            return {p.docname for p in term.posts}
    else:  # a kind docblog makes no pages for: match the records' own names
        key = name_key(name)
        used = {p.docname for p in blog.records.values()
                if key in {name_key(n) for n in getattr(p, kind, ())}}
        if used:
            return used & {p.docname for p in blog.listed}
    setting = _CONFIGURED_NAMES.get(kind)
    if setting and name in (getattr(app.config, setting, None) or {}):
        return set()
    return None


def postlist_posts(app: Sphinx, blog: Blog, node: nodes.Element, docname: str) -> list[Post]:
    """The posts of one ``postlist``, in ABlog's order.

    With filters: the posts in every named collection, newest first, at most ``length``.
    Without: the ``length`` most recent posts other than the page itself.
    """
    collections: list[set[str]] = []
    for option, kind in POSTLIST_KINDS.items():
        for name in node.get(option, []):
            found = _collection(app, blog, kind, name)
            if found is not None:
                collections.append(found)
            elif name:
                warn(f"postlist: no post has the {kind} {name!r}, so this filter is ignored "
                     "(as ABlog does) and does not narrow the list", Subtype.DIRECTIVE, node)
    # A list of one language's posts lists each of its versions, as its language page does;
    # other lists one version per translated post.
    shown = blog.listed_versions if node.get("language") else blog.listed
    ordered = sorted(shown, key=_ablog_order, reverse=True)
    length = node.get("length")
    if collections:
        chosen = set.intersection(*collections)
        posts = [p for p in ordered if p.docname in chosen][:length]
    else:
        posts = [p for p in ordered if p.docname != docname]
        if length is not None and length >= 0:
            posts = posts[:length]
    if node.get("sort"):
        posts.sort(key=_ablog_order)
    return posts


def _braced(names: Iterable[str]) -> str:
    return ", ".join("{" + name + "}" for name in names)


def postlist_format(node: nodes.Element) -> list[Field]:
    """The parsed ``:format:``; unknown fields are left out with a warning (ABlog stops the build)."""
    text = node.get("format") or DEFAULT_POSTLIST_FORMAT
    try:
        parsed: list[Field] = [(literal, name) for literal, name, _spec, _conversion
                               in Formatter().parse(text)]
    except ValueError as error:
        warn(f"postlist: cannot read :format: {text!r} ({error}); using "
             f"{DEFAULT_POSTLIST_FORMAT!r}", Subtype.DIRECTIVE, node)
        return [("", "date"), (" - ", "title")]
    unknown = [name for _literal, name in parsed if name is not None and name not in POSTLIST_FIELDS]
    if unknown:
        warn(f"postlist: unknown field(s) {_braced(unknown)} in :format: {text!r}, left out; "
             f"known fields: {_braced(POSTLIST_FIELDS)}", Subtype.DIRECTIVE, node)
        parsed = [(literal, name if name in POSTLIST_FIELDS else None) for literal, name in parsed]
    return parsed


def _term_reference(app: Sphinx, term: TermView, docname: str) -> nodes.Node:
    """A name in italics linking to its docblog page, titled with the name, as ABlog writes it."""
    return _link(app, docname, term.pagename, nodes.emphasis(text=term.name), reftitle=term.name)


def _title_reference(app: Sphinx, post: PostView, docname: str) -> nodes.Node:
    if post.external_link:
        return nodes.reference("", post.title, refuri=post.external_link)
    return _link(app, docname, post.docname, nodes.Text(post.title))


def render_postlist(app: Sphinx, blog: Blog, node: nodes.Element, docname: str) -> nodes.bullet_list:
    """ABlog's markup: ``ul.postlist`` of ``li.ablog-post``, each a formatted line (with
    ``p.ablog-post-title`` when it shows the title), then optionally the excerpt and a link."""
    fields = postlist_format(node)
    date_format = node.get("date") or app.config.post_date_format_short
    excerpts, expand = node.get("excerpts"), node.get("expand")
    style = node.get("list-style") or "none"
    items = nodes.bullet_list(classes=[f"postlist-style-{style}", "postlist"])
    for post in (view_of(app, blog, p) for p in postlist_posts(app, blog, node, docname)):
        line = nodes.paragraph()
        for literal, name in fields:
            if literal:
                line += nodes.Text(literal)
            if name == "date":
                # ABlog formats its naive dates; the view's are in the blog's zone, which
                # gives ABlog's text for dates without a time.
                line += nodes.Text(post.date.strftime(date_format) if post.date else "")
            elif name == "title":
                line += _title_reference(app, post, docname)
                if "ablog-post-title" not in line["classes"]:
                    line["classes"].append("ablog-post-title")
            elif name is not None:
                for number, term in enumerate(post.terms_of(POSTLIST_KINDS[name], listed_only=False)):
                    if number:
                        line += nodes.Text(", ")
                    line += _term_reference(app, term, docname)
        item = nodes.list_item("", line, classes=["ablog-post"])
        if excerpts and post.summary:
            # ABlog copies the excerpt's doctree nodes (the ``post`` directive's content or the
            # first ``post_auto_excerpt`` paragraphs). docblog keeps no doctree nodes between
            # documents, only one small record per post, so the excerpt is the post's summary
            # as one paragraph: the same text, without its inline markup.
            item += nodes.paragraph("", post.summary, classes=["ablog-post-excerpt"])
            if expand:
                link = _link(app, docname, post.docname, nodes.emphasis(text=expand))
                item += nodes.paragraph("", "", link, classes=["ablog-post-expand"])
        items += item
    return items


def _one_document_per_page(app: Sphinx) -> bool:
    """Whether ``doctree-resolved`` gets each document alone (HTML), not a book of them
    (LaTeX, single-page HTML), where any document's placeholders may be in the tree."""
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    return isinstance(app.builder, StandaloneHTMLBuilder) and not isinstance(app.builder, SingleFileHTMLBuilder)


def fill_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: replace placeholders with the current posts (only documents with a
    ``docblog-posts`` or ``postlist`` directive hold one)."""
    embeds = get_domain(app.env).embeds
    if not embeds or (docname not in embeds and _one_document_per_page(app)):
        return
    placeholders = list(doctree.findall(posts_placeholder)) + list(doctree.findall(PostList))
    if not placeholders:
        return
    blog = get_blog(app)
    for node in placeholders:
        if isinstance(node, PostList):
            node.replace_self(render_postlist(app, blog, node, docname))
            continue
        posts = _select(blog, node)
        if not posts:
            warn("no published post matches this post list", Subtype.DIRECTIVE, node)
        if node["style"] == "cards" and is_html_builder(app):
            renderer = get_renderer(app)
            cards = [renderer.card(post_view(app, blog, p, docname)) for p in posts]
            html = renderer.render("posts.html", cards=cards)
            node.replace_self(nodes.raw("", html, format="html"))
        else:
            node.replace_self(_link_list(app, blog, posts, docname, node.get("date")))


def _skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(posts_placeholder, html=(_skip, None), latex=(_skip, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("docblog-posts", PostsDirective)
    # Over ABlog's own (docblog sets ABlog up first, so this registration comes last).
    app.add_directive("postlist", EmbeddingPostList, override=True)
    app.connect("doctree-resolved", fill_lists)
