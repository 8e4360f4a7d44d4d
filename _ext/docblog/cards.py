"""A post's card, rendered once and shown in every folder, and kept between builds.

A post's card (``docblog/card.html``) is the same on every listing but for its URLs, and the
listings live in many folders (``blog/tag/<tag>/page/2.html`` is a folder of its own). So a
card is rendered once, from the post's view, with a mark where each URL goes, and each folder
gets it with the marks replaced by its URLs, escaped as the template escapes them: byte for
byte the card rendered for that folder.

Marked cards are kept in the doctree folder, by their view's fingerprint, for the next build:
a page that must be rewritten (the archive, after one post's title changed) renders only the
cards that changed, not its 1,000. They are read only when a listing is rendered (a no-op
build reads nothing) and thrown away when the templates, the catalog or the language change.

A site whose own ``card.html`` or ``meta.html`` might use a URL otherwise than as written
gets its cards rendered for each folder instead (:meth:`docblog.rendering.Renderer.card`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import babel
import sphinx
from markupsafe import Markup, escape

from .build_state import get_build
from .fingerprints import KeptRenderings
from .rendering import get_renderer
from .views import PostView, folder_of, relative_from, url_from, view_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

STORE_NAME = "docblog-cards.pickle"

#: Where a URL goes in a marked card: a control character no template escapes and no author
#: text holds (:func:`docblog.posts.clean_text` removes them).
_URL_MARK = re.compile("\x1a(\\d+)\x1a")

#: A marked card: its HTML, and what each mark stands for, ("page", pagename) or ("file", path).
Marked = tuple[str, tuple[tuple[str, str], ...]]


def kept_cards(app: Sphinx) -> KeptRenderings:
    """This build's marked cards, and those the previous build kept, named by the view's
    fingerprint (and what else a name after "+" says: a posts.json entry)."""
    build = get_build(app)
    if build.cards is None:
        # Cards are kept for the same templates, catalog, language and libraries only.
        key = "|".join((get_renderer(app).version, str(app.config.language), sphinx.__version__,
                        babel.__version__))
        build.cards = KeptRenderings(app, STORE_NAME, key)
    return build.cards


def marked_card(app: Sphinx, view: PostView, pinned: bool) -> Marked:
    kept = kept_cards(app)
    name = view.fingerprint + ("+pinned" if pinned else "")
    found = kept.get(name)
    if found is None:
        found = _render_marked(app, view, pinned)
        kept.put(name, found)
    return found  # type: ignore[no-any-return]


def save_store(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: keep the cards for the next build."""
    build = get_build(app)
    if build.cards is not None and exception is None and build.blog is not None:
        blog = build.blog
        shown = {view_of(app, blog, post).fingerprint for post in blog.records.values()}
        build.cards.save(lambda name: name.split("+")[0] in shown)
    build.cards = None


def card_at(app: Sphinx, view: PostView, base: str, pinned: bool = False) -> Markup:
    """The post's card with URLs relative to the output file ``base``."""
    renderer = get_renderer(app)
    if not renderer.cards_take_marks:
        return renderer.card(view.at(app, base), pinned)["html"]
    html, targets = marked_card(app, view, pinned)
    urls = folder_urls(app, base)
    for target in targets:
        if target not in urls:
            kind, path = target
            url = url_from(app, base, path) if kind == "page" else relative_from(base, path)
            urls[target] = str(escape(url))
    return Markup("".join([part if part.__class__ is str else urls[targets[part]]  # type: ignore[index]
                           for part in _parts_of(app, html)]))


def _parts_of(app: Sphinx, html: str) -> list[str | int]:
    """A marked card's text and marks in order, each mark as its number: split once per card
    and build (a card is shown in many folders; a substitution with a call per mark cost
    more than the rest of a listing's cards)."""
    parts = get_build(app).card_parts
    found = parts.get(html)
    if found is None:
        found = parts[html] = [int(part) if number % 2 else part
                               for number, part in enumerate(_URL_MARK.split(html))]
    return found


def folder_urls(app: Sphinx, base: str) -> dict[tuple[str, str], str]:
    """("page" or "file", target) → its URL as a card writes it (escaped) from the folder of
    the output file ``base``: made once per folder and build."""
    return get_build(app).folder_urls.setdefault(folder_of(base), {})


def _render_marked(app: Sphinx, view: PostView, pinned: bool) -> Marked:
    targets: list[tuple[str, str]] = []

    def mark(kind: str, target: str) -> str:
        targets.append((kind, target))
        return f"\x1a{len(targets) - 1}\x1a"

    def page_url(page: str) -> str:
        return mark("page", page)

    def file_url(path: str) -> str:
        return mark("file", path)

    context = view.context(
        app, page_url=page_url, file_url=file_url,
        term_link=lambda term: {"name": term.name, "slug": term.slug, "url": page_url(term.pagename)},
        person=lambda term: term.person(page_url=page_url, file_url=file_url))
    html = str(get_renderer(app).card(context, pinned)["html"])
    return html, tuple(targets)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", save_store)
