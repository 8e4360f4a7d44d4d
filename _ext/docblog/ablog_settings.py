"""ABlog settings that docblog does not honour are named, once, when the build starts.

An ABlog site switches to docblog by adding ``"docblog"`` to ``extensions`` and nothing
else, so its ``conf.py`` keeps every ABlog setting it had. Most still mean what they meant
(docblog reads them, or ABlog's sidebar templates do). A few ask for something docblog
deliberately does not do: loading a third-party stylesheet, comments on pages that are not
posts, or making sections into posts. Dropping those silently would leave a site's author
believing their readers still get them, so each one the site actually set is named in a
``docblog.compat`` warning pointing at its line in ``conf.py``, saying what docblog does
instead. ``suppress_warnings = ["docblog.compat"]`` silences them once read.

The check runs once per build, at ``config-inited``, and costs nothing per document;
``conf.py`` is read only to find the line of a setting being warned about.

``docs/migration.md`` lists every ABlog setting and what docblog does with it; a test
checks that the list covers ABlog's installed ``CONFIG``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: After ABlog's own ``config-inited`` handler (priority 500), which normalises its settings.
PRIORITY = 800


def is_remote(value: str) -> bool:
    """A stylesheet address that would make the reader's browser ask another host."""
    return bool(re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", value.strip(), re.IGNORECASE))


@dataclass(frozen=True)
class Unhonoured:
    """An ABlog setting docblog does not honour: when it is in effect, and what happens instead."""

    name: str
    #: Whether the site's value asks ABlog for something (ABlog treats a false value as "off").
    in_effect: Callable[[Any], bool]
    #: What docblog does instead, and what the author can do; given the whole configuration.
    instead: Callable[[Config], str]


UNHONOURED: tuple[Unhonoured, ...] = (
    # disqus_shortname itself is honoured: it chooses Disqus comments (docblog.comments).
    Unhonoured(
        "disqus_pages",
        bool,
        lambda config: (
            "docblog shows comments under posts only (loaded when a reader asks), not on the "
            "site's other pages"
        ),
    ),
    Unhonoured(
        "fontawesome_link_cdn",
        bool,
        lambda config: (
            "docblog makes no request to a third-party host, so this stylesheet is not linked. "
            "Copy Font Awesome's CSS into html_static_path and name it in fontawesome_css_file"
        ),
    ),
    Unhonoured(
        "fontawesome_css_file",
        lambda value: isinstance(value, str) and is_remote(value),
        lambda config: (
            "docblog makes no request to a third-party host, so this stylesheet is not linked. "
            "Copy the file into html_static_path and give its path there"
        ),
    ),
    Unhonoured(
        "post_always_section",
        bool,
        lambda config: (
            "docblog makes each document one post, titled and linked as a whole page; sections "
            "are not posts. Give each post its own document"
        ),
    ),
)


def _setting_line(text: str, name: str) -> int | None:
    """The line of ``conf.py`` that sets ``name``, if any.

    The last assignment, since it is the one that counts; commented-out lines (ABlog's
    ``ablog start`` writes one for every setting) are skipped. Failing an assignment at the
    start of a line, the last line that names the setting outside a comment.
    """
    assignment = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*(?::[^=\n]*)?=(?!=)", re.MULTILINE)
    mention = re.compile(rf"^[^#\n]*\b{re.escape(name)}\b", re.MULTILINE)
    matches = list(assignment.finditer(text)) or list(mention.finditer(text))
    return text.count("\n", 0, matches[-1].start()) + 1 if matches else None


def _conf_location(app: Sphinx, name: str) -> str | None:
    """``<confdir>/conf.py:<line>``, or None when the value does not come from conf.py
    (``-D`` on the command line, or no conf.py with ``-C``).

    A location with a line is passed to Sphinx as text: at ``config-inited`` there is no
    environment yet to turn a document name into a path, and Sphinx keeps a location that
    contains ``:`` as it is.
    """
    if name in app.config.overrides:
        return None
    path = Path(app.confdir) / "conf.py"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    line = _setting_line(text, name)
    return f"{path}:{line}" if line else None


def warn_unhonoured(app: Sphinx, config: Config) -> None:
    """``config-inited``: one ``docblog.compat`` warning per unhonoured setting the site set."""
    for setting in UNHONOURED:
        value = getattr(config, setting.name, None)
        if not setting.in_effect(value):
            continue
        warn(
            f"{setting.name} = {value!r} is not used: {setting.instead(config)}",
            Subtype.COMPAT,
            _conf_location(app, setting.name),
        )


def link_fontawesome_css(app: Sphinx, config: Config) -> None:
    """``config-inited``: link ``fontawesome_css_file`` on every page, as ABlog's page.html did.

    docblog keeps the theme's ``page.html`` in front of ABlog's, so the link ABlog's page
    template wrote is added here instead; the file is served from ``html_static_path``.
    """
    css_file = config.fontawesome_css_file
    if isinstance(css_file, str) and css_file.strip() and not is_remote(css_file):
        app.add_css_file(css_file.strip().lstrip("/"))


def setup(app: Sphinx) -> None:
    app.connect("config-inited", warn_unhonoured, priority=PRIORITY)
    app.connect("config-inited", link_fontawesome_css, priority=PRIORITY)
