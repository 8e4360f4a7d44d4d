"""One "Blog" entry in the site navigation, instead of one entry per post.

Posts are orphans (see :mod:`docblog.reading`); the blog index is a generated page, which a
toctree cannot name. So docblog adds one link to the navigation the theme builds:

- the HTML that the page context's ``toctree()`` returns — what Furo's sidebar,
  sphinx-book-theme's sidebar and most other themes' navigation are built from;
- the header links of pydata-sphinx-theme, which it writes with its own
  ``generate_header_nav_html()`` from the root document's toctrees, not with ``toctree()``.

A site that already has its own document at ``blog_path`` in a toctree (an ABlog site's
placeholder ``blog.rst``, say) has its entry: it links to the blog index, since the index
is written at that address. docblog then adds nothing, so the blog is listed once.

docblog's generated pages (listings, archives) are in no toctree, so the navigation Sphinx
resolves for each of them is the same in one folder: nothing is marked current, and its links
are relative to the folder. It is resolved once per folder (:func:`shared_in_folder`):
Sphinx resolves the site's global toctree for every page it writes (1.4 ms a page, profiled,
for 375 generated pages at 1,000 posts).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx

from .build_state import get_build, is_html_builder
from .views import folder_of, target_uri

#: pydata-sphinx-theme's context function for the header links, and the class of the
#: dropdown ("More") it puts the links after the first few in.
HEADER_NAV = "generate_header_nav_html"
HEADER_DROPDOWN = 'class="dropdown-menu"'
#: An item or link Sphinx marked as on the way to the page (its ``current`` class).
MARKED_CURRENT = re.compile(r'class="[^"]*\bcurrent\b')


@dataclass(frozen=True)
class BlogEntry:
    """The entry of one page: where the index is from that page, and whether it is current."""

    url: str
    title: str
    current: bool

    def toctree_item(self) -> str:
        """A first-level item as Sphinx's ``toctree()`` writes one."""
        # The URL and title escaped one by one: the same HTML as Markup.format makes, in a
        # fraction of its time, on every page of the site.
        current = " current" if self.current else ""
        return (f'<li class="toctree-l1{current}"><a class="reference internal{current}" '
                f'href="{escape(self.url)}">{escape(self.title)}</a></li>')

    def header_item(self, *, in_dropdown: bool) -> str:
        """An item as pydata-sphinx-theme writes its header links (and those of its dropdown)."""
        active = "current active" if self.current else ""
        return str(Markup('<li class="{}"><a class="{}" href="{}">{}</a></li>').format(
            f"{'' if in_dropdown else 'nav-item '}{active}".strip(),
            "nav-link dropdown-item nav-internal" if in_dropdown else "nav-link nav-internal",
            self.url, self.title,
        ))


def site_lists_the_blog(app: Sphinx) -> bool:
    """Whether a document of the site at ``blog_path`` is in a toctree: the site's own entry."""
    blog_path = app.config.blog_path
    if blog_path not in app.env.found_docs:
        return False
    return any(blog_path in children for children in app.env.toctree_includes.values())


def blog_entry(app: Sphinx, pagename: str) -> BlogEntry | None:
    """The entry to add on ``pagename``, or None where docblog adds none."""
    if not is_html_builder(app) or not app.config.docblog_nav_entry or site_lists_the_blog(app):
        return None
    blog_path = app.config.blog_path
    posts = app.env.domains["docblog"].data["posts"]
    current = pagename == blog_path or pagename.startswith(blog_path + "/") or pagename in posts
    return BlogEntry(app.builder.get_relative_uri(pagename, blog_path), app.config.blog_title,
                     current)


def shared_in_folder(app: Sphinx, pagename: str, toctree: Callable[..., str]) -> Callable[..., str]:
    """``toctree()`` of a page that is not a document: resolved once for its folder.

    What Sphinx resolves differs between such pages only by the folder their links are
    relative to, unless the page is named in a toctree (``genindex`` can be): then Sphinx marks
    it current, and that navigation is the page's own, not kept.
    """
    kept = get_build(app).folder_toctrees
    folder = folder_of(target_uri(app, pagename))

    def toctree_of_folder(**kwargs: Any) -> str:
        try:
            key = (folder, tuple(sorted(kwargs.items())))
            html = kept.get(key)
        except TypeError:  # an option's value Python cannot hash: not kept
            return toctree(**kwargs)
        if html is None:
            html = toctree(**kwargs)
            if not MARKED_CURRENT.search(str(html or "")):
                kept[key] = html
        return html

    return toctree_of_folder


def add_blog_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: Any) -> None:
    """``html-page-context``, before the theme's handlers read ``toctree()``."""
    if "toctree" not in context:
        return
    if doctree is None and pagename not in app.env.all_docs and is_html_builder(app):
        context["toctree"] = shared_in_folder(app, pagename, context["toctree"])
    if (entry := blog_entry(app, pagename)) is None:
        return
    item = entry.toctree_item()
    original = context["toctree"]

    def toctree_with_blog(**kwargs: Any) -> str:
        html = str(original(**kwargs) or "")
        position = html.rfind("</ul>")
        if position == -1:
            return Markup(f"{html}<ul>{item}</ul>")
        return Markup(html[:position] + item + html[position:])

    context["toctree"] = toctree_with_blog


def add_header_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: Any) -> None:
    """``html-page-context``, after pydata-sphinx-theme's handler added its header function.

    The entry goes last: at the end of the visible links, or into the "More" dropdown when
    the theme made one (its links past ``header_links_before_dropdown``).
    """
    original: Callable[..., str] | None = context.get(HEADER_NAV)
    if not callable(original) or (entry := blog_entry(app, pagename)) is None:
        return

    def header_nav_with_blog(*args: Any, **kwargs: Any) -> str:
        html = str(original(*args, **kwargs) or "")
        if HEADER_DROPDOWN in html and (position := html.rfind("</ul>")) != -1:
            return Markup(html[:position] + entry.header_item(in_dropdown=True) + html[position:])
        return Markup(html + entry.header_item(in_dropdown=False))

    context[HEADER_NAV] = header_nav_with_blog


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_blog_entry, priority=400)
    app.connect("html-page-context", add_header_entry, priority=600)
