"""Python's cyclic garbage collector and a large environment.

An incremental build starts by unpickling the environment (about 4 MB and some hundreds of
thousands of objects at 1,000 posts), and the write phase works beside the environment that
the read phase filled. Each full collection of the oldest generation walks all of those
objects, and the collector starts one whenever enough new objects have survived — which
docblog's kept cards, feed entries and generated pages' contexts make happen a few times in
a build of a few changed pages. Measured at 1,000 posts (title edit, in-process, 4 runs
each): docblog's ``html-collect-pages`` 0.33 s → 0.21 s, the whole build 1.43 s → 1.27 s.

So the objects alive once the environment is loaded are moved to the collector's permanent
generation (:func:`gc.freeze`), where collections skip them. They are not lost: reference
counting still frees what they drop, and ``build-finished`` moves them back
(:func:`gc.unfreeze`), so the cycles among them that became garbage are collected after the
build, which a long-lived live-preview server needs.

**At exit**, the process collects nothing. Python's finalization runs several full
collections over everything still alive — the environment, Sphinx's and docblog's modules —
and each costs about 0.11 s at 1,000 posts: a ``sphinx-build`` process took 0.5 s from the end
of its build to its exit, a third of a no-op build, whether docblog was in it or not. Freezing
everything at exit (:func:`atexit.register`, so only a process that is ending does it; a
live-preview server or a test session builds on) leaves those collections nothing to walk.
Reference counting still frees objects, and files are closed by the code that opened them;
what is skipped is collecting cyclic garbage a moment before the operating system reclaims
the whole process. Measured at 1,000 posts (whole process, 3 runs each, no-op build):
1.41–1.47 s → 0.89–0.92 s without docblog, 1.52–1.61 s → 0.98–1.00 s with it.

The environment is frozen during a build when it was loaded with documents (an incremental
build, or a warm live-preview server's next build).

**While documents are read**, everything alive is frozen before each one
(:func:`freeze_as_documents_are_read`). Sphinx keeps every document it has read in memory
until it writes it, so the full collections during reading walked more and more of them: at
1,000 posts, 15 collections took 3.2 s of a 35 s full build (the floor pays the same). Before
each document, the young generations are collected first (what reading the previous one left
as garbage: 1,000 small collections, no more time than the collector spent on them anyway),
then what is alive is frozen, so a full collection walks only what the current document has
made. What is frozen is freed by reference counting as before (a read doctree, once written,
by :func:`let_go_of_written_doctrees`). Measured at 1,000 posts (in-process, two paired
builds): reading 17.8–18.5 s → 15.2–15.7 s, full collections while reading 3.2 s → none,
0.3 s more of them while writing; peak RSS 289 → 284 MiB. (Freezing once before or after
the read phase, tried before written doctrees were let go of, raised the peak by 7–9 %.)

**Written doctrees** are let go of as soon as they are written (:func:`let_go_of_written_doctrees`).
A doctree is full of reference cycles (each node points to its parent and to its document),
so after Sphinx writes a page its doctree is not freed: it lives on as garbage that only a
collection of the oldest generation finds, and it ages into that generation while the page
is written. At 1,000 posts, 1.1 million such objects (the nodes, their attribute dicts and
lists) were waiting when the generated pages were made, and the full collection that freed
them, late in the build, walked 2.6 million objects (1.5 s). Unlinking each written node from
its parent and document lets reference counting free the doctree at once, as Sphinx drops it.
Sphinx gives ``write_doc`` a doctree of its own (unpickled, or kept from this process's
reading for this one write) and does not use it after; a writing process of ``-j N`` exits
right after its pages, so its doctrees are left alone.

**The last full collection** of a build is put off to its end (:func:`defer_full_collections`).
Once the documents are written, what docblog's pages and feeds allocate set off one more
collection of the oldest generation, during Sphinx's search-index dump: 0.53 s at 1,000 posts
(in-process, one build each), walking the environment and everything else alive, to find
little garbage, since written doctrees are freed as they go. From ``html-collect-pages`` the
oldest generation is not collected (the younger ones are, as before); ``build-finished``
gives the collector its thresholds back, so a live-preview server collects as usual between
builds, and a process that is ending collects nothing (above). Peak memory: +1 MiB. Not in a
``-j N`` build: there the main process's peak (it holds the resolved doctrees of the chunks
it has queued) rose by 3 MiB (216 against 213 MiB, two paired builds), and its peak memory
is the figure nearest its goal.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from .build_state import is_html_builder


def freeze(app: Sphinx, *args: Any) -> None:
    """``env-before-read-docs``: the environment as loaded lives for the build."""
    if app.env.all_docs:
        gc.freeze()


#: The collector's thresholds while a build's last full collection is put off, else None.
_thresholds: tuple[int, int, int] | None = None


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the collector sees everything again, with its thresholds as they
    were (:func:`defer_full_collections`)."""
    global _thresholds
    gc.unfreeze()
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        _thresholds = None


#: The ids of written doctrees something reads later (:func:`keep`): left linked until then.
_kept: set[int] = set()


def keep(doctree: nodes.document) -> None:
    """``doctree`` is read after its page is written (``docblog serve`` indexes a few pages
    for search once they are all written): it is not unlinked then, but by :func:`let_go`."""
    _kept.add(id(doctree))


def let_go(doctree: nodes.document) -> None:
    """A doctree :func:`keep` kept is read and done with."""
    _kept.discard(id(doctree))
    unlink(doctree)


def defer_full_collections(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (first): no collection of the oldest generation until the build
    has finished (a serial build)."""
    global _thresholds
    if _thresholds is None and app.parallel <= 1:
        _thresholds = gc.get_threshold()
        gc.set_threshold(_thresholds[0], _thresholds[1], 1 << 30)
    return []


def freeze_as_documents_are_read(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read`` (first): before a document is parsed, the young generations are
    collected (unless the collector is off: what disabled it is obeyed) and what is alive is
    frozen."""
    if gc.isenabled():
        gc.collect(1)
    gc.freeze()


def let_go_of_written_doctrees(app: Sphinx) -> None:
    """``builder-inited``: the builder lets go of each doctree once it has written it."""
    if not is_html_builder(app):
        return
    builder = app.builder
    write_doc = builder.write_doc

    def write_doc_and_let_go(docname: str, doctree: nodes.document) -> None:
        write_doc(docname, doctree)
        # (a -j N writing process exits next; a kept doctree is let go of by its reader)
        if multiprocessing.parent_process() is None and id(doctree) not in _kept:
            unlink(doctree)

    builder.write_doc = write_doc_and_let_go  # type: ignore[method-assign]


def unlink(doctree: nodes.Node) -> None:
    """Break the reference cycles of a doctree no one will read again: every node's links to
    its parent and its document (its children stay, so what still holds the doctree can
    walk it down), also of the nodes its document names by id that a transform took out of
    the tree (the section a title was promoted from), and the document's transformer.
    Reference counting then frees it.

    Walked a level at a time through each node's ``__dict__``, without a call per node: a
    stack with ``pop``/``getattr``/``extend`` made four, 0.47 s for 1,000 of the benchmark's
    doctrees under the profiler (0.16 s now) and 0.13 s without it (0.11 s now)."""
    level = [doctree, *getattr(doctree, "ids", {}).values()]
    while level:
        below: list[nodes.Node] = []
        for node in level:
            attributes = node.__dict__
            attributes["parent"] = None
            if "_document" in attributes:
                del attributes["_document"]
            if "children" in attributes:  # (an element; a Text's is the class's empty tuple)
                below += attributes["children"]
        level = below
    if getattr(doctree, "transformer", None) is not None:
        doctree.transformer = None  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    atexit.unregister(gc.freeze)  # (once per process, however many applications it sets up)
    atexit.register(gc.freeze)
    app.connect("source-read", freeze_as_documents_are_read, priority=0)
    app.connect("builder-inited", let_go_of_written_doctrees)
    app.connect("env-before-read-docs", freeze)
    app.connect("html-collect-pages", defer_full_collections, priority=0)
    app.connect("build-finished", unfreeze, priority=900)
