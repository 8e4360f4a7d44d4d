"""One "Blog" entry in the site navigation, instead of one entry per post.

Posts are orphans (see :mod:`docblog.posts`); the blog index is a generated page, which a
toctree cannot name. So docblog appends one link to the navigation HTML that the page
context's ``toctree()`` returns — what Furo's sidebar and other themes' navigation are
built from.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx

from .pages import is_html_builder


def add_blog_entry(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                   doctree: Any) -> None:
    """``html-page-context``, before the theme's handlers read ``toctree()``."""
    if not is_html_builder(app) or not app.config.docblog_nav_entry or "toctree" not in context:
        return
    blog_path = app.config.blog_path
    posts = app.env.domains["docblog"].data["posts"]
    current = pagename == blog_path or pagename.startswith(blog_path + "/") or pagename in posts
    url = app.builder.get_relative_uri(pagename, blog_path)
    entry = str(Markup('<li class="toctree-l1{}"><a class="reference internal{}" href="{}">{}</a></li>').format(
        " current" if current else "", " current" if current else "", url,
        app.config.blog_title,
    ))
    original = context["toctree"]

    def toctree_with_blog(**kwargs: Any) -> str:
        html = str(original(**kwargs) or "")
        position = html.rfind("</ul>")
        if position == -1:
            return Markup(f"{html}<ul>{entry}</ul>")
        return Markup(html[:position] + entry + html[position:])

    context["toctree"] = toctree_with_blog


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_blog_entry, priority=400)
