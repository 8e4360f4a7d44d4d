"""``docblog serve``: live preview with one Sphinx application kept warm between saves.

sphinx-autobuild starts a new ``sphinx-build`` process for every change: interpreter
start-up, imports, unpickling the environment, then the incremental build. Here the
HTTP server, the file watcher and the reload script are sphinx-autobuild's own
(:class:`~sphinx_autobuild.server.RebuildServer`, :class:`~sphinx_autobuild.filter.IgnoreFilter`,
:class:`~sphinx_autobuild.middleware.JavascriptInjectorMiddleware`), but the builds run in
one long-lived *build process* that keeps a Sphinx application and calls its build again
on each change, so a save costs only what actually changed.

What a warm application skips (and why the output stays that of ``sphinx-build``):

* the environment pickle, written by Sphinx after every read, is written only once the
  server is idle (:data:`IDLE_SAVE_SECONDS` after a build, by a forked copy of the build
  process, so a save that comes meanwhile is not kept waiting), before a fresh
  application, and when the server stops; in between the saved environment is an empty
  file, which a cold ``sphinx-build`` reads as "start afresh" — never as a stale one;
* Sphinx's per-application start-up (imports, extensions, theme, loading the pickle);
* after edits of documents the site already has (nothing added, removed or renamed), Sphinx's
  three looks at every file of the site to find what changed (:func:`_known_changes`).

Changes a warm application cannot take safely fall back, said in one terminal line:
``conf.py``, templates, static and extra files, or a failed build → a fresh application
in the build process; any other Python file (a local extension) → a fresh build process,
since Python does not re-import a module it has imported.

A failed build is printed in the terminal and shown over the page in the browser (the
browser reloads to show it); the server keeps serving the last good output, and the next
good save recovers.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import memory
from .build_state import start_build

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from sphinx.application import Sphinx
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Seconds without a change after which the build process writes the environment pickle.
IDLE_SAVE_SECONDS = 2.0
#: Milliseconds the watcher waits for a burst of changes (an editor's save) to end.
WATCH_STEP_MS = 30
#: Folders never watched (sphinx-autobuild's list), besides the output folder.
IGNORED_DIRS = (
    ".git", ".hg", ".idea", ".mypy_cache", "node_modules", ".nox", ".ruff_cache",
    ".pytest_cache", ".pytype", ".svn", ".tox", ".venv", "venv", ".vscode", "_build",
    ".hypothesis",
)


def say(message: str) -> None:
    """One line in the terminal, as sphinx-autobuild's messages look."""
    print(f"[docblog serve] {message}", flush=True)


# -- the build process -----------------------------------------------------------------


@dataclass
class BuildResult:
    """What one build did, sent from the build process to the server."""

    ok: bool
    seconds: float
    #: The error, as shown in the terminal and over the page (empty when ``ok``).
    error: str = ""
    #: Why a fresh application was used (empty for a warm build).
    fresh: str = ""
    warnings: int = 0
    #: Peak resident set size of the build process, in KiB (Linux: ``ru_maxrss``).
    peak_rss_kib: int = 0


def _peak_rss_kib() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except ImportError:  # pragma: no cover - not on Windows
        return 0


class _DeferredPickle:
    """Stands in for :mod:`pickle` in :mod:`sphinx.builders` during a warm build.

    Sphinx writes the whole environment after reading, on every build (0.2 s and more at
    1,000 posts). A warm application needs no pickle to build again, so writing it waits
    for :meth:`WarmSite.save_environment`. The file Sphinx opened is left empty: a cold
    ``sphinx-build`` in between fails to load it and starts from a fresh environment.
    """

    def __init__(self, env: Any) -> None:
        self.env = env
        self.skipped = False

    def dump(self, obj: Any, file: Any, *args: Any, **kwargs: Any) -> None:
        if obj is self.env:
            self.skipped = True
            return
        pickle.dump(obj, file, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)


@contextmanager
def _no_environment_pickle(app: Sphinx) -> Iterator[_DeferredPickle]:
    import sphinx.builders

    stand_in = _DeferredPickle(app.env)
    module: Any = sphinx.builders
    real = module.pickle
    module.pickle = stand_in
    try:
        yield stand_in
    finally:
        module.pickle = real


def edits_of_documents_only(app: Sphinx, changed: Sequence[Path]) -> bool:
    """Whether every changed path is the source file of a document the site already has: an
    edit, not a file added, removed or renamed, nor an included file or image."""
    env = app.env
    for path in changed:
        docname = env.project.path2doc(path) if path.is_file() else None
        if docname is None or docname not in env.found_docs:
            return False
        if Path(env.doc2path(docname)).resolve() != path.resolve():
            return False  # (another file of the same name: Sphinx warns about the pair)
    return bool(changed)


@contextmanager
def _known_changes(app: Sphinx, changed: Sequence[Path]) -> Iterator[None]:
    """A warm build after edits of documents only takes what changed from the watcher.

    Sphinx finds what to build by looking at every file of the site, three times: it walks
    the source folder (``find_files``: a few ``Path`` objects per file), compares each
    document's and each dependency's time with the environment's (``get_outdated_files``),
    and each page's with its document's (the builder's ``get_outdated_docs``). At 5,000 posts
    that was 0.25–0.35 s, 0.09 s and 0.10 s of a body edit whose page is served in 0.6 s. The
    watcher says what changed; when that is only documents the site has, and the output is
    the one this server's builds wrote, the list of documents is the previous build's, the
    documents to read are the edited ones and those that depend on one (an ``include``),
    and the pages to write are theirs (with what docblog makes stale, as always). Anything
    else — a new, removed or renamed file, a non-document — is found as ``sphinx-build``
    finds it."""
    env, builder = app.env, app.builder
    if not edits_of_documents_only(app, changed) or not (Path(app.outdir) / ".buildinfo").is_file():
        yield
        return
    find_outdated_files = env.get_outdated_files
    edited = {path.resolve() for path in changed}

    def outdated_files(config_changed: bool) -> tuple[set[str], set[str], set[str]]:
        if config_changed:
            return find_outdated_files(config_changed)  # type: ignore[no-any-return]
        documents = {docname for path in edited if (docname := env.project.path2doc(path))}
        names = {path.name for path in edited}
        srcdir = str(env.srcdir)
        depending = {docname for docname, paths in env.dependencies.items()
                     if any(os.path.basename(dependency) in names
                            and Path(os.path.join(srcdir, dependency)).resolve() in edited
                            for dependency in paths)}
        return (set(env.found_docs - env.all_docs.keys()),
                {*documents, *depending, *env.reread_always} & env.found_docs,
                set(env.all_docs.keys() - env.found_docs))

    env.find_files = lambda config, builder: None  # type: ignore[method-assign]
    env.get_outdated_files = outdated_files  # type: ignore[method-assign]
    # (The edited documents are read again, so written: none is out of date besides.)
    builder.get_outdated_docs = lambda: ()  # type: ignore[method-assign,assignment,return-value]
    try:
        yield
    finally:  # (the environment is pickled: no function of ours stays on it)
        del env.find_files, env.get_outdated_files, builder.get_outdated_docs


def _under(path: Path, folders: Sequence[Path]) -> bool:
    return any(path == folder or folder in path.parents for folder in folders)


class NavigationWatch:
    """Rewrites every page when the docs' navigation changed, as a fresh build would show it.

    Every page of a theme like Furo shows the whole toctree (titles, order, next/previous
    links), but Sphinx rewrites only the pages whose sources changed: after adding, renaming
    or retitling a page in a toctree, an incremental ``sphinx-build`` leaves the other pages'
    navigation stale until a fresh build. The server's promise is the fresh build's output.
    """

    def __init__(self) -> None:
        self.before: Any = None

    @staticmethod
    def snapshot(env: Any) -> Any:
        in_nav = set(env.toctree_includes)
        for children in env.toctree_includes.values():
            in_nav.update(children)
        return (
            sorted((doc, tuple(children)) for doc, children in env.toctree_includes.items()),
            sorted((doc, env.titles[doc].astext() if doc in env.titles else "",
                    env.tocs[doc].astext() if doc in env.tocs else "") for doc in in_nav),
        )

    def connect(self, app: Sphinx) -> None:
        app.connect("env-get-outdated", self.remember)
        app.connect("env-get-updated", self.rewrite_all_if_changed)

    def remember(self, app: Sphinx, env: Any, *args: Any) -> list[str]:
        self.before = self.snapshot(env) if env.all_docs else None
        return []

    def rewrite_all_if_changed(self, app: Sphinx, env: Any) -> list[str]:
        if self.before is None or self.snapshot(env) == self.before:
            return []
        return sorted(env.found_docs)


class DeferredSearchIndex:
    """Loads the search index and feeds it the written pages after the pages, not before.

    Sphinx's HTML builder reads ``searchindex.js`` back before writing anything (0.1 s at
    1,000 posts) and indexes each page as it writes it. When a few pages are written, the
    server does both once they are all on disk — same index, the pages served sooner.
    """

    #: More pages than this are indexed as Sphinx does (their doctrees would all be kept).
    LIMIT = 50

    def __init__(self, builder: Any) -> None:
        self.builder = builder
        self.load = builder.load_indexer
        self.index = builder.index_page
        self.docnames: Any = None
        self.pages: list[tuple[Any, ...]] = []

    @classmethod
    def attach(cls, builder: Any) -> DeferredSearchIndex | None:
        if not (hasattr(builder, "load_indexer") and hasattr(builder, "index_page")):
            return None
        deferred = cls(builder)
        builder.load_indexer = deferred.load_later
        builder.index_page = deferred.index_later
        return deferred

    def load_later(self, docnames: Any) -> None:
        self.let_go()
        if len(docnames) > self.LIMIT:
            self.docnames = None
            self.load(docnames)
        else:
            self.docnames = docnames

    def index_later(self, pagename: str, doctree: Any, title: str) -> None:
        if self.docnames is None:
            self.index(pagename, doctree, title)
        else:
            memory.keep(doctree)  # (read after its page is written)
            self.pages.append((pagename, doctree, title))

    def catch_up(self) -> None:
        if self.docnames is not None:
            self.load(self.docnames)
            for page in self.pages:
                self.index(*page)
        self.docnames = None
        self.let_go()

    def let_go(self) -> None:
        for _pagename, doctree, _title in self.pages:
            memory.let_go(doctree)
        self.pages = []


@dataclass
class WarmSite:
    """One Sphinx application, built again in place on each change (in the build process)."""

    source_dir: Path
    output_dir: Path
    builder: str = "html"
    #: Where Sphinx's progress goes (None: only docblog serve's one line per build).
    status: Any = None
    warning: Any = field(default_factory=lambda: sys.stderr)
    app: Sphinx | None = None
    #: The environment in memory is newer than its pickle.
    save_pending: bool = False
    #: The last build raised: the next one needs a fresh application.
    failed: bool = False
    #: Called when the documents' pages are written, before generated pages and indices.
    on_documents_written: Any = None
    #: Builds so far; a background save of the environment as it was after build N.
    builds: int = 0
    _saver: tuple[int, Path, int] | None = None
    _search_index: DeferredSearchIndex | None = None

    @property
    def doctree_dir(self) -> Path:
        return self.output_dir / ".doctrees"

    # which changes a warm application cannot take
    def _config_paths(self, names: Sequence[str]) -> list[Path]:
        if self.app is None:
            return []
        found = []
        for name in names:
            for entry in getattr(self.app.config, name, None) or []:
                entry = entry[0] if isinstance(entry, tuple) else entry
                found.append((self.source_dir / str(entry)).resolve())
        return found

    def fresh_reason(self, changed: Sequence[Path]) -> str:
        """Why this change needs a fresh application ("" when a warm build is right)."""
        if self.failed:
            return "the last build failed"
        conf = (self.source_dir / "conf.py").resolve()
        templates = self._config_paths(("templates_path", "html_theme_path"))
        static = self._config_paths(("html_static_path", "html_extra_path"))
        for path in changed:
            if path == conf:
                return "conf.py changed"
            if _under(path, templates):
                return f"a template changed ({self._show(path)})"
            if _under(path, static):
                return f"a static file changed ({self._show(path)})"
        return ""

    def _show(self, path: Path) -> str:
        try:
            return path.relative_to(self.source_dir).as_posix()
        except ValueError:
            return str(path)

    def _new_app(self) -> Sphinx:
        from sphinx.application import Sphinx

        app = Sphinx(
            str(self.source_dir), str(self.source_dir), str(self.output_dir),
            str(self.doctree_dir), self.builder, status=self.status, warning=self.warning,
        )
        NavigationWatch().connect(app)
        self._search_index = DeferredSearchIndex.attach(app.builder)
        # First among html-collect-pages listeners: every document's page is written by then.
        app.connect("html-collect-pages", self._documents_written, priority=1)
        return app

    def _documents_written(self, app: Sphinx) -> list[Any]:
        if self.on_documents_written is not None:
            self.on_documents_written()
        if self._search_index is not None:
            self._search_index.catch_up()
        return []

    def drop_app(self) -> None:
        """Let the application go, its environment saved first when it is sound."""
        if self.app is not None and not self.failed:
            self.save_environment()
        self.app = None

    def build(self, changed: Sequence[Path] = ()) -> BuildResult:
        """Build what changed; the first build (no application yet) is a normal build."""
        started = time.perf_counter()
        # a save of the environment as it was before this build would be out of date
        self.finish_saving(abandon=True)
        self.builds += 1
        reason = "" if self.app is None else self.fresh_reason(changed)
        if reason:
            self.drop_app()
        try:
            if self.app is None:
                self.failed = False
                self.app = self._new_app()
                with _no_environment_pickle(self.app) as stand_in:
                    self.app.build()
            else:
                self._prepare_warm_build(self.app)
                with _no_environment_pickle(self.app) as stand_in, _known_changes(self.app, changed):
                    self.app.build()
            self._after_build(self.app)
            self.save_pending = self.save_pending or stand_in.skipped
            warnings = self.app._warncount
        except Exception as err:  # noqa: BLE001 - any failure is shown, and the server goes on
            self.failed = True
            self.save_pending = False  # Sphinx removed the pickle: a failed env is not kept
            lines = traceback.format_exception_only(type(err), err)
            detail = "".join(lines).strip()
            return BuildResult(False, time.perf_counter() - started, error=detail, fresh=reason,
                               peak_rss_kib=_peak_rss_kib())
        return BuildResult(True, time.perf_counter() - started, fresh=reason, warnings=warnings,
                           peak_rss_kib=_peak_rss_kib())

    @staticmethod
    def _prepare_warm_build(app: Sphinx) -> None:
        """What a new ``sphinx-build`` process would start with, on the warm application."""
        app.statuscode = 0
        app._warncount = 0
        # Sphinx keeps every doctree it loaded from disk for the life of the environment,
        # and never drops one when the document is read again: a new process starts empty.
        app.env._pickled_doctree_cache.clear()
        app.env._write_doc_doctree_cache.clear()
        app.env.__dict__.pop("master_doctree", None)
        # builder-inited is not emitted again: a new build gets docblog's new per-build state
        start_build(app)

    @staticmethod
    def _after_build(app: Sphinx) -> None:
        from sphinx.environment import CONFIG_OK

        # The environment now matches the configuration: the next build, like a new
        # process that unpickled it, reads only what changed.
        app.env.config_status = CONFIG_OK
        app.env.config_status_extra = ""
        # ... and has an environment it did not start afresh (docblog then trusts the
        # fingerprints of the pages it generated, and removes those the blog no longer has).
        app._fresh_env_used = False

    @property
    def _pickle_path(self) -> Path:
        from sphinx.application import ENV_PICKLE_FILENAME

        return self.doctree_dir / ENV_PICKLE_FILENAME

    def save_environment(self, background: bool = False) -> None:
        """Write the environment pickle Sphinx would have written (atomically).

        In the background, a forked copy of this (single-threaded) process writes it, so a
        save that comes meanwhile is built at once (at 5,000 posts pickling takes seconds);
        its file replaces the saved environment only if no build happened since the fork.
        """
        self.finish_saving(wait=True)
        if self.app is None or not self.save_pending or self.failed:
            return
        target = self._pickle_path
        partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
        if background and hasattr(os, "fork"):
            pid = os.fork()
            if pid == 0:  # the copy: write, and leave without running any clean-up of the parent's
                status = 1
                try:
                    with open(partial, "wb") as file:
                        pickle.dump(self.app.env, file, pickle.HIGHEST_PROTOCOL)
                    status = 0
                finally:
                    os._exit(status)
            self._saver = (pid, partial, self.builds)
            self.save_pending = False
            return
        with open(partial, "wb") as file:
            pickle.dump(self.app.env, file, pickle.HIGHEST_PROTOCOL)
        os.replace(partial, target)
        self.save_pending = False

    @property
    def saving(self) -> bool:
        return self._saver is not None

    def finish_saving(self, wait: bool = False, abandon: bool = False) -> None:
        """Collect a background save: keep its file if still current, else drop it."""
        if self._saver is None:
            return
        pid, partial, builds = self._saver
        if abandon:
            os.kill(pid, signal.SIGKILL)
            wait = True
        done, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
        if done == 0:
            return
        self._saver = None
        if status == 0 and builds == self.builds and not abandon:
            os.replace(partial, self._pickle_path)
        else:
            partial.unlink(missing_ok=True)
            if status != 0 and builds == self.builds:
                self.save_pending = True  # try again


def build_process(conn: Connection, source_dir: str, output_dir: str, verbose: bool) -> None:
    """The build process: build on request; save the environment when idle or stopping."""
    # Ctrl+C reaches the whole process group: the server asks this process to stop, after
    # it has saved the environment, rather than have it die mid-build.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    site = WarmSite(Path(source_dir), Path(output_dir), status=sys.stdout if verbose else None,
                    on_documents_written=lambda: conn.send(("written",)))
    while True:
        wait = IDLE_SAVE_SECONDS if site.save_pending else 0.2 if site.saving else None
        if not conn.poll(wait):
            if site.save_pending:
                site.save_environment(background=True)
            else:
                site.finish_saving()
            continue
        try:
            request = conn.recv()
        except EOFError:  # the server went away
            break
        if request[0] == "build":
            conn.send(site.build([Path(p) for p in request[1]]))
        elif request[0] == "save":
            site.save_environment()
            conn.send(None)
        else:  # "stop"
            break
    site.drop_app()
    conn.close()


class BuildProcess:
    """The server's handle on the build process (started again for a change to Python code)."""

    def __init__(self, source_dir: Path, output_dir: Path, verbose: bool = False) -> None:
        self.source_dir = source_dir
        self.output_dir = output_dir
        self.verbose = verbose
        self.process: Any = None
        self.conn: Any = None
        self.lock = threading.Lock()

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=build_process, name="docblog-build",
            args=(child, str(self.source_dir), str(self.output_dir), self.verbose))
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            self.conn.send(("stop",))
        except (BrokenPipeError, OSError):
            pass
        self.process.join(timeout=120)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.conn.close()
        self.process = self.conn = None

    def build(self, changed: Sequence[Path], on_documents_written: Any = None) -> BuildResult:
        """Build in the build process; ``on_documents_written()`` is called when the
        documents' pages are written (generated pages and indices come after)."""
        with self.lock:
            code = [p for p in changed if p.suffix == ".py" and p.name != "conf.py"
                    and not _under(p, [self.output_dir])]
            if code and self.process is not None:
                say(f"Python code changed ({_relative(code[0])}): starting a fresh build process")
                self.stop()
            if self.process is None:
                self.start()
            try:
                self.conn.send(("build", [str(p) for p in changed]))
                while True:
                    message = self.conn.recv()
                    if isinstance(message, BuildResult):
                        break
                    if on_documents_written is not None:
                        on_documents_written()
                result: BuildResult = message
            except (EOFError, BrokenPipeError, OSError):
                self.process.join(timeout=10)
                code_ = self.process.exitcode
                self.conn.close()
                self.process = self.conn = None  # the next save starts a new one
                return BuildResult(False, 0.0, error=f"the build process ended (exit code {code_})",
                                   fresh="")
            return result


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


# -- the server ------------------------------------------------------------------------


@dataclass
class ServeState:
    """What the page in the browser should show besides the site: the last build's error."""

    error: str = ""
    builds: int = 0
    last: BuildResult | None = None
    #: HTML pages served, the most recent last (each tab asks for its page when it loads).
    recent: list[str] = field(default_factory=list)
    #: Open reload connections: one per tab showing a page of the site.
    connections: int = 0

    def served_page(self, path: str) -> None:
        if path in self.recent:
            self.recent.remove(path)
        self.recent.append(path)
        del self.recent[:-50]

    def open_pages(self) -> set[str]:
        """The pages the open tabs show: the last one requested per open connection."""
        return set(self.recent[-self.connections:]) if self.connections else set()


class ViewedPagesMiddleware:
    """Remembers which pages are open, so a rebuild can reload them as soon as they are final."""

    def __init__(self, app: ASGIApp, state: ServeState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "/")

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    self.state.served_page(path)
            await send(message)

        await self.app(scope, receive, send_wrapper)


class Reloader:
    """When to tell the browser to reload during one build.

    sphinx-autobuild reloads once the build has ended. A document's page is final as soon as
    the documents are written, before docblog's listings, the feeds and the search index:
    when every open page is such a page, written by this build, the browser reloads then,
    and again at the end only if one of them was written again after that.
    """

    def __init__(self, output_dir: Path, viewed: set[str], started: float) -> None:
        self.viewed = viewed
        self.files = [self.file_of(output_dir, path) for path in viewed]
        self.started = started
        self.early: dict[Path, int] | None = None

    @staticmethod
    def file_of(output_dir: Path, path: str) -> Path:
        relative = path.lstrip("/")
        if not relative or relative.endswith("/"):
            relative += "index.html"
        return output_dir / relative

    @staticmethod
    def _mtime(path: Path) -> int:
        try:
            return path.stat().st_mtime_ns
        except OSError:
            return -1

    def documents_written(self) -> bool:
        """Reload now? (every open page was written by this build)"""
        mtimes = {f: self._mtime(f) for f in self.files}
        if mtimes and all(m >= self.started for m in mtimes.values()):
            self.early = mtimes
            return True
        return False

    def at_end(self) -> bool:
        """Reload at the end of the build? (not when the early reload showed the final pages)"""
        return self.early is None or any(self._mtime(f) != m for f, m in self.early.items())


class ErrorOverlayMiddleware:
    """Shows the last build's error over every HTML page (and instead of a missing one).

    Placed inside sphinx-autobuild's script injector, so an error page also reloads itself.
    """

    def __init__(self, app: ASGIApp, state: ServeState) -> None:
        self.app = app
        self.state = state

    @staticmethod
    def overlay(error: str) -> bytes:
        return (
            '\n<div id="docblog-serve-error" role="alert" style="position:fixed;inset:auto 0 0 0;'
            "z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;"
            "background:#3b0d0d;color:#fff;font:14px/1.4 ui-monospace,monospace;"
            'border-top:4px solid #e5484d"><strong>docblog serve: the build failed</strong> '
            "(the page shows the last good build; save again to retry)"
            f"<pre style=\"white-space:pre-wrap;margin:.5rem 0 0\">{html.escape(error)}</pre></div>\n"
        ).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = self.state.error
        if scope["type"] != "http" or not error:
            await self.app(scope, receive, send)
            return
        overlay = self.overlay(error)
        mode = ""  # "", "append" or "replace"

        async def send_wrapper(message: Message) -> None:
            nonlocal mode
            from starlette.datastructures import MutableHeaders

            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 404:
                    mode = "replace"
                    page = (b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed"
                            b"</title></head><body>" + overlay + b"</body></html>")
                    await send({"type": "http.response.start", "status": 500, "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(page)).encode())]})
                    await send({"type": "http.response.body", "body": page})
                    return
                if headers.get("content-type", "").startswith("text/html"):
                    mode = "append"
                    if "content-length" in headers:
                        headers["content-length"] = str(int(headers["content-length"]) + len(overlay))
            elif message["type"] == "http.response.body":
                if mode == "replace":
                    return
                if mode == "append" and not message.get("more_body", False):
                    message["body"] = message.get("body", b"") + overlay
            await send(message)

        await self.app(scope, receive, send_wrapper)


def make_rebuild_server(paths: list[Path], ignore: Any, callback: Any, state: ServeState) -> Any:
    """sphinx-autobuild's server, with builds run in a thread of this process (not a new
    process pool per change) and its watcher's default filter for editors' scratch files."""
    import watchfiles
    from sphinx_autobuild.server import RebuildServer

    class WarmRebuildServer(RebuildServer):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            state.connections += 1
            try:
                await super().__call__(scope, receive, send)
            finally:
                state.connections -= 1

        async def watch(self) -> None:
            default = watchfiles.DefaultFilter()
            loop = asyncio.get_running_loop()
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="docblog-serve") as pool:
                async for changes in watchfiles.awatch(
                    *self.paths, step=WATCH_STEP_MS,
                    watch_filter=lambda change, path: default(change, path) and not self.ignore(path),
                ):
                    changed_paths = sorted({Path(path).resolve() for (_, path) in changes})

                    def reload_now() -> None:
                        loop.call_soon_threadsafe(self.flag.set)

                    if await loop.run_in_executor(pool, self.change_callback, changed_paths, reload_now):
                        self.flag.set()

    return WarmRebuildServer(paths, ignore, callback)


def excluded_globs(source_dir: Path) -> list[str]:
    """conf.py's ``exclude_patterns`` as watcher globs: a change there is no change to the site
    (the demo site's ``tests/`` and ``bench/`` live in its source folder)."""
    from .config import read_conf_file

    try:
        patterns = read_conf_file(source_dir / "conf.py").get("exclude_patterns", [])
    except Exception:  # noqa: BLE001 - a broken conf.py is reported by the build
        return []
    return [str(source_dir / p) for p in patterns if isinstance(p, str)]


def _rebuilder(builds: BuildProcess, state: ServeState, output_dir: Path, url_host: str,
               verbose: bool) -> Any:
    """What the watcher calls on a change: build, report, and say when to reload."""

    def rebuild(changed_paths: Sequence[Path], reload_now: Any = None) -> bool:
        """Build; reload early through ``reload_now()``; True: reload at the end."""
        if changed_paths:
            shown = ", ".join(_relative(p) for p in changed_paths if p.exists())
            say(f"Detected changes ({shown or 'removed files'})")
        reloader = Reloader(output_dir, state.open_pages(), time.time_ns())

        def documents_written() -> None:
            if reload_now is not None and reloader.documents_written():
                if verbose:
                    say(f"The open pages are written: reloading them ({', '.join(sorted(reloader.viewed))})")
                reload_now()

        result = builds.build(changed_paths, documents_written)
        state.builds += 1
        state.last = result
        if result.fresh:
            say(f"{result.fresh}: built with a fresh Sphinx application")
        if result.ok:
            state.error = ""
            warned = f", {result.warnings} warning{'s' * (result.warnings != 1)}" if result.warnings else ""
            say(f"Built in {result.seconds:.2f} s{warned}; serving on http://{url_host}")
        else:
            state.error = result.error
            say(f"Build failed after {result.seconds:.2f} s (still serving the last good build):")
            print(result.error, file=sys.stderr, flush=True)
        return not result.ok or reloader.at_end()

    return rebuild


def serve(source_dir: Path, output_dir: Path, host: str = "127.0.0.1", port: int = 8000,
          drafts: bool = False, verbose: bool = False, ignore_patterns: Sequence[str] = ()) -> int:
    import uvicorn
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.utils import find_free_port
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    source_dir = source_dir.resolve()
    output_dir = output_dir.resolve()
    if not (source_dir / "conf.py").is_file():
        print(f"docblog: no conf.py in {source_dir}", file=sys.stderr)
        return 2
    if drafts:
        os.environ["DOCBLOG_SHOW_DRAFTS"] = "1"  # read by docblog in the build process
    output_dir.mkdir(parents=True, exist_ok=True)
    port = port or find_free_port()
    url_host = f"{host}:{port}"
    state = ServeState()
    builds = BuildProcess(source_dir, output_dir, verbose=verbose)

    rebuild = _rebuilder(builds, state, output_dir, url_host, verbose)

    ignore = IgnoreFilter(
        [*(source_dir / d for d in IGNORED_DIRS), output_dir,
         *excluded_globs(source_dir), *(str(source_dir / p) for p in ignore_patterns)], [])
    watcher = make_rebuild_server([source_dir], ignore, rebuild, state)
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=output_dir, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host),
                    Middleware(ViewedPagesMiddleware, state=state),
                    Middleware(ErrorOverlayMiddleware, state=state)],
        lifespan=watcher.lifespan,
    )
    say(f"Starting the first build of {source_dir}" + (" (drafts shown)" if drafts else ""))
    rebuild(())
    say("Waiting to detect changes...")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    finally:
        say("Saving the environment and stopping")
        builds.stop()
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source_dir", nargs="?", type=Path, default=Path("."),
                        help="the Sphinx source folder (with conf.py); default: here")
    parser.add_argument("output_dir", nargs="?", type=Path, default=None,
                        help="where the HTML goes; default: SOURCE_DIR/_build/livehtml")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000, help="0 picks a free port")
    parser.add_argument("--drafts", action="store_true",
                        help="show draft posts (as DOCBLOG_SHOW_DRAFTS=1 does)")
    parser.add_argument("--ignore", action="append", default=[], metavar="GLOB",
                        help="changes to matching paths (relative to SOURCE_DIR) rebuild nothing; "
                        "conf.py's exclude_patterns are ignored already")
    parser.add_argument("--verbose", action="store_true", help="show Sphinx's own progress")


def run(args: argparse.Namespace) -> int:
    output_dir = args.output_dir or args.source_dir / "_build" / "livehtml"
    return serve(args.source_dir, output_dir, host=args.host, port=args.port,
                 drafts=args.drafts, verbose=args.verbose, ignore_patterns=args.ignore)
