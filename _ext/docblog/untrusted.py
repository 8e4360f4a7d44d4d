"""``docblog_untrusted_posts = True``: posts from outside contributors run no code and inject
no markup at build time.

For a site that publishes posts from people it does not know (a community blog building a
preview of every pull request), a post is text: besides reading files only from the site's
root (:mod:`docblog.confinement`), an untrusted post

* has its raw HTML and ``raw`` directives left out (MyST's HTML blocks and inline HTML, reST's
  ``.. raw::``, notebook outputs that are HTML);
* has no ``{eval-rst}`` block (reStructuredText inside Markdown, a way around the rest);
* is never executed as a notebook: MyST-NB and nbsphinx show its stored outputs only.

Each skipped construct is named in a ``docblog.untrusted`` warning with its line. Pages that
are not posts keep Sphinx's behaviour. MyST-Parser, MyST-NB and nbsphinx have no per-document
switch for these, so docblog puts its check in front of their functions (in our layer, each
said where it is done); the notebook switches hold for the one call that reads the notebook.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .diagnostics import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: ``env.temp_data`` key: the document being read is an untrusted post.
UNTRUSTED = "docblog_untrusted"
#: Set while an untrusted notebook is read (MyST-NB's and nbsphinx's executors have no
#: access to the document); cleared when the read ends.
_reading_untrusted_notebook: list[str] = []


def mark_document(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (after :func:`docblog.confinement.mark_document`): a post, when posts
    are untrusted."""
    from .confinement import IS_POST

    app.env.temp_data[UNTRUSTED] = bool(getattr(app.config, "docblog_untrusted_posts", False)
                                        and app.env.temp_data.get(IS_POST, False))


def is_untrusted(env: BuildEnvironment | None) -> bool:
    return env is not None and bool(env.temp_data.get(UNTRUSTED, False))


def skipped(what: str, location: Any) -> None:
    warn(f"{what}: posts are untrusted (docblog_untrusted_posts)", Subtype.UNTRUSTED, location)


def drop_raw_markup(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: raw HTML and ``raw`` directives of an untrusted post are left out."""
    if not is_untrusted(app.env):
        return
    for raw in list(doctree.findall(nodes.raw)):
        skipped(f"raw {raw.get('format', '')} markup is left out".replace("  ", " "), raw)
        raw.parent.remove(raw)


# --- in front of MyST-Parser, MyST-NB and nbsphinx ---------------------------------------------


def _guard_eval_rst() -> None:
    """MyST renders ``{eval-rst}`` in ``DocutilsRenderer.render_restructuredtext``."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, token_line

    original = DocutilsRenderer.render_restructuredtext
    if getattr(original, "docblog_untrusted", False):
        return

    def render_restructuredtext(self: Any, token: Any) -> None:
        env = getattr(self.document.settings, "env", None)
        if is_untrusted(env):
            skipped("an {eval-rst} block is left out", (env.docname, token_line(token)))  # type: ignore[union-attr]
            return None
        return original(self, token)

    render_restructuredtext.docblog_untrusted = True  # type: ignore[attr-defined]
    DocutilsRenderer.render_restructuredtext = render_restructuredtext  # type: ignore[method-assign]


@contextlib.contextmanager
def _reading_notebook(document: Any) -> Iterator[None]:
    env = getattr(document.settings, "env", None)
    if not is_untrusted(env):
        yield
        return
    _reading_untrusted_notebook.append(env.docname)  # type: ignore[union-attr]
    try:
        yield
    finally:
        _reading_untrusted_notebook.pop()


def _guard_myst_nb() -> None:
    """MyST-NB decides on execution in ``create_client`` (after the notebook's own metadata
    may have changed the mode): an untrusted post's notebook is read with ``"off"``."""
    try:
        import myst_nb.sphinx_ as myst_nb_sphinx
    except ImportError:
        return
    if getattr(myst_nb_sphinx.create_client, "docblog_untrusted", False):
        return
    create_client, parse = myst_nb_sphinx.create_client, myst_nb_sphinx.Parser.parse

    def guarded_create_client(notebook: Any, source: Any, nb_config: Any, *args: Any, **kwargs: Any) -> Any:
        if _reading_untrusted_notebook and nb_config.execution_mode != "off":
            if nb_config.execution_mode == "force" or _has_unrun_cells(notebook):
                skipped("the notebook is not run, only its stored outputs are shown",
                        (_reading_untrusted_notebook[-1], 1))
            nb_config = nb_config.copy(execution_mode="off")
        return create_client(notebook, source, nb_config, *args, **kwargs)

    def guarded_parse(self: Any, inputstring: str, document: Any) -> None:
        with _reading_notebook(document):
            return parse(self, inputstring, document)

    guarded_create_client.docblog_untrusted = True  # type: ignore[attr-defined]
    myst_nb_sphinx.create_client = guarded_create_client
    myst_nb_sphinx.Parser.parse = guarded_parse  # type: ignore[method-assign]


def _guard_nbsphinx() -> None:
    """nbsphinx decides in ``Exporter.from_notebook_node`` from the notebook's ``nbsphinx``
    metadata: an untrusted post's notebook is read with ``execute: never``."""
    try:
        import nbsphinx
    except ImportError:
        return
    exporter = nbsphinx.Exporter
    if getattr(exporter.from_notebook_node, "docblog_untrusted", False):
        return
    from_notebook_node, parse = exporter.from_notebook_node, nbsphinx.NotebookParser.parse

    def guarded_from_notebook_node(self: Any, nb: Any, *args: Any, **kwargs: Any) -> Any:
        if _reading_untrusted_notebook:
            settings = nb.metadata.setdefault("nbsphinx", {})
            execute = settings.get("execute", self._execute)
            if execute == "always" or (execute == "auto" and _has_unrun_cells(nb)):
                skipped("the notebook is not run, only its stored outputs are shown",
                        (_reading_untrusted_notebook[-1], 1))
            settings["execute"] = "never"
        return from_notebook_node(self, nb, *args, **kwargs)

    def guarded_parse(self: Any, inputstring: str, document: Any) -> None:
        with _reading_notebook(document):
            return parse(self, inputstring, document)

    guarded_from_notebook_node.docblog_untrusted = True  # type: ignore[attr-defined]
    exporter.from_notebook_node = guarded_from_notebook_node
    nbsphinx.NotebookParser.parse = guarded_parse


def _has_unrun_cells(notebook: Any) -> bool:
    return any(cell.get("cell_type") == "code" and cell.get("source") and not cell.get("outputs")
               for cell in notebook.get("cells", []))


def guard_parsers(app: Sphinx) -> None:
    """``builder-inited`` (when every extension is loaded), for sites that asked for it."""
    if not getattr(app.config, "docblog_untrusted_posts", False):
        return
    _guard_eval_rst()
    _guard_myst_nb()
    _guard_nbsphinx()


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", guard_parsers)
    app.connect("source-read", mark_document, priority=610)
    app.connect("doctree-read", drop_raw_markup, priority=400)
