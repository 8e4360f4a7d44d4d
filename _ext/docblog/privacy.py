"""Scheduled means private: a post that is not published yet leaves no trace in the site.

A post dated in the future, and a draft on a site that does not build drafts
(``docblog_publish_drafts``, off unless the site lists ABlog, which builds them), is read
(so that its date is known, and it is published by the first build after its date) but not
written: no page, no copy of its source in ``_sources``, nothing in the search index, and
no download only it links to. Listings, feeds, ``posts.json``, neighbours, series, related
posts and ABlog's sidebars leave it out (:attr:`docblog.collection.Blog.private`). A page it
had in an earlier build (before it was re-dated, say) is removed. Preview builds
(``docblog_show_drafts``, ``docblog serve --drafts``) build it like any post.

Sphinx writes every document it read; its builders' ``write_documents`` ("can be overridden
if a builder does not create output files for each document") is where docblog leaves the
private posts out, for every builder.
"""

from __future__ import annotations

import glob
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def private_documents(app: Sphinx) -> set[str]:
    from .collection import private_posts

    return private_posts(app) & app.env.found_docs


def _remove_earlier_output(app: Sphinx, docnames: set[str]) -> None:
    """The page and source copy an earlier build wrote for what is private now."""
    outfile = getattr(app.builder, "get_outfilename", None)
    for docname in docnames:
        paths = [str(outfile(docname))] if outfile is not None else []
        paths += glob.glob(os.path.join(glob.escape(str(app.outdir)), "_sources", glob.escape(docname) + ".*"))
        for path in paths:
            if os.path.isfile(path):
                os.remove(path)


def keep_private(app: Sphinx) -> None:
    """``builder-inited``: the builder writes no private post."""
    builder = app.builder
    write_documents = builder.write_documents
    copy_download_files = getattr(builder, "copy_download_files", None)

    def write_private_free(docnames: Any) -> None:
        private = private_documents(app)
        if private:
            indexer = getattr(builder, "indexer", None)
            if indexer is not None:  # the search index an earlier build left
                indexer.prune(set(app.env.all_docs) - private)
            _remove_earlier_output(app, private)
        public = set(docnames) - private
        if public:  # (Sphinx calls this only with documents to write)
            write_documents(public)

    def copy_public_download_files() -> None:
        downloads = app.env.dlfiles
        private = private_documents(app)
        kept = dict(downloads)
        for filename, (docnames, _name) in kept.items():
            if docnames and docnames <= private:
                del downloads[filename]
        try:
            copy_download_files()  # type: ignore[misc]
        finally:
            downloads.clear()
            downloads.update(kept)

    builder.write_documents = write_private_free  # type: ignore[method-assign]
    if copy_download_files is not None:
        builder.copy_download_files = copy_public_download_files  # type: ignore[attr-defined]


def say_what_is_private(app: Sphinx, env: Any) -> None:
    """``env-updated``: one line (not a warning) naming the posts this build keeps private,
    so that a writer who misses a post knows where it went."""
    from sphinx.util import logging
    from sphinx.util.console import bold

    private = sorted(private_documents(app))
    if not private:
        return
    shown = ", ".join(private[:20]) + (f" and {len(private) - 20} more" if len(private) > 20 else "")
    logging.getLogger(__name__).info(
        bold("docblog: ") + f"{len(private)} draft or scheduled post(s) not published by this "
        f"build: {shown} (docblog_show_drafts = True, or docblog serve --drafts, shows them)")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", keep_private)
    app.connect("env-updated", say_what_is_private)
