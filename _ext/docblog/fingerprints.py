"""Fingerprints of generated pages and feeds, so a build rewrites only what changed.

One rule decides whether a generated file (listing page, feed, ``posts.json``) is rewritten:
its fingerprint is :func:`stable_hash` of exactly the inputs its template or serializer
receives, plus the layout around it (theme, config, templates, the docs' navigation:
:func:`layout_key`). As Sphinx's ``BuildInfo`` hashes the config it depends on rather than a
hand-picked subset, no output keeps a "what this page shows" key in step with its template by
hand: a change that alters the inputs always rewrites the file. Fingerprints are kept in the
doctree folder between builds; a file is rewritten when its fingerprint changed or the file
is missing, and files docblog wrote earlier that no longer exist in the blog are removed.

Making every fingerprint means planning every generated page (about 375 at 1,000 posts). The
store keeps, for each listing, the key of what its pages were planned from
(:meth:`docblog.pages.PageWriter.listing_key`): a listing whose key is the same keeps its
pages' fingerprints unplanned. It also keeps the whole plan's sources — a digest of the
records, the clock's choice of published posts, the config (:func:`config_digest`), the
layout and the files pages show — and which files the plan wrote: while the sources are the
same, so is every fingerprint, and a build (no-op, or an edit of a body) carries them over
without planning.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sphinx
from sphinx.application import Sphinx
from sphinx.config import Config

from .build_state import get_build

STORE_NAME = "docblog-fingerprints.json"


def digest(*parts: Any) -> str:
    hasher = hashlib.sha1()
    for part in parts:
        hasher.update(part if isinstance(part, bytes) else str(part).encode("utf-8", "replace"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def stable_hash(*values: Any) -> str:
    """A digest of plain values (str, numbers, booleans, None, dates, lists, tuples, dicts with
    string keys), the same in every process and build: dict keys are sorted.

    A value with a ``fingerprint`` attribute (a :class:`~docblog.views.PostView`, computed
    once per view) stands for itself by it; other dataclasses by their fields. Anything else
    is a :class:`TypeError`, so nothing that cannot be compared slips into a fingerprint.
    """
    encoded = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                         default=_plain)
    return hashlib.sha1(encoded.encode("utf-8", "surrogatepass")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    fingerprint = getattr(value, "fingerprint", None)
    if isinstance(fingerprint, str):
        return {"fingerprint": fingerprint}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} cannot be part of a fingerprint")


def config_digest(config: Config) -> str:
    """A digest of every value of the Sphinx config, the same in every process for the same
    ``conf.py``: sets are sorted; a value whose ``repr`` shows a memory address (an object
    without a ``repr`` of its own) gives a different digest in each process, so nothing kept
    under it is ever taken for current."""
    return digest(*(f"{item.name}={_canonical(item.value)}" for item in sorted(config, key=lambda i: i.name)))


def _canonical(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"{_canonical(k)}:{_canonical(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_canonical(v) for v in value) + "]"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(_canonical(v) for v in value)) + "}"
    return repr(value)


class FingerprintStore:
    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / STORE_NAME
        self.key = f"{app.builder.name}:{os.path.abspath(app.outdir)}"
        self.previous: dict[str, dict[str, str]] = {}
        #: The previous build's plan of the generated pages: {"sources": digest, "files": […]}.
        self.previous_plan: dict[str, Any] = {}
        #: Each listing's key and files when the previous build planned it ({"key", "files"}).
        self.previous_listings: dict[str, dict[str, Any]] = {}
        if not getattr(app, "fresh_env_used", False):
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                self.previous = stored.get(self.key, {})
                self.previous_plan = stored.get(f"{self.key} plan", {})
                self.previous_listings = stored.get(f"{self.key} listings", {})
            except (OSError, ValueError, AttributeError):
                self.previous = {}
        self.current: dict[str, dict[str, str]] = {}
        self.plan: dict[str, Any] = {}
        self.listings: dict[str, dict[str, Any]] = {}

    def plan_kept(self, sources: str) -> bool:
        """True when the previous build planned the generated pages from the same
        ``sources`` and every file it planned is there: then each keeps its fingerprint, and
        nothing need be planned again."""
        files = self.previous_plan.get("files")
        if self.previous_plan.get("sources") != sources or not self._carried_over(files):
            return False
        self.plan = self.previous_plan
        self.listings = self.previous_listings
        return True

    def listing_kept(self, listing: str, key: str) -> list[str] | None:
        """The files of ``listing`` when the previous build planned it from the same ``key``
        and every one of them is there (each keeps its fingerprint), else None."""
        previous = self.previous_listings.get(listing)
        if not previous or previous.get("key") != key or not self._carried_over(previous.get("files")):
            return None
        self.listings[listing] = previous
        return previous["files"]  # type: ignore[no-any-return]

    def _carried_over(self, files: Any) -> bool:
        """When ``files`` (as stored) all have a fingerprint from the previous build and are
        there, keep those fingerprints for this build; True then."""
        if not isinstance(files, list) or not all(
                path in self.previous and os.path.exists(path) for path in files):
            return False
        for path in files:
            self.current[path] = self.previous[path]
        return True

    def remember_listing(self, listing: str, key: str, files: list[str]) -> None:
        """``listing``'s pages were planned from ``key`` into ``files``."""
        self.listings[listing] = {"key": key, "files": files}

    def remember_plan(self, sources: str, files: list[str]) -> None:
        """The generated pages of this build were planned from ``sources`` into ``files``."""
        self.plan = {"sources": sources, "files": files}

    def is_current(self, path: str, fingerprint: str) -> bool:
        """Record ``fingerprint`` for the output file ``path``; True when it need not be written."""
        self.current[path] = {"fingerprint": fingerprint}
        previous = self.previous.get(path)
        return bool(previous and previous.get("fingerprint") == fingerprint and os.path.exists(path))

    def remove_stale(self, keep: set[str] = frozenset()) -> list[str]:  # type: ignore[assignment]
        """Remove files docblog wrote earlier that the blog no longer has; never a path in
        ``keep`` (the pages of the site's documents: one may now have a generated page's name,
        and Sphinx has just written it there)."""
        removed = []
        for path in self.previous:
            if path not in self.current and path not in keep and os.path.isfile(path):
                os.remove(path)
                removed.append(path)
        return removed

    def save(self) -> None:
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError):
            stored = {}
        stored[self.key] = self.current
        stored[f"{self.key} plan"] = self.plan
        stored[f"{self.key} listings"] = self.listings
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(stored, sort_keys=True), encoding="utf-8")


class KeptRenderings:
    """Fragments rendered in one build and kept in the doctree folder for the next (a post's
    card, a feed entry), under a name, for as long as ``key`` (what else they were rendered
    with: templates, catalog, language, library versions) stays the same. Read on first use;
    written at the end of a build that rendered one.

    Kept as a pickle, as Sphinx keeps its environment in the same folder: reading and writing
    1,000 posts' cards and feed entries (6.6 MB) took 51 ms as JSON and 15 ms as a pickle, on
    every build that rewrote a listing. A file that cannot be read back is a store of nothing.
    """

    def __init__(self, app: Sphinx, filename: str, key: str) -> None:
        self.path = Path(app.doctreedir) / filename
        self.key = key
        self.previous: dict[str, Any] = {}
        if not getattr(app, "fresh_env_used", False):
            try:
                with open(self.path, "rb") as file:
                    stored = pickle.load(file)
                if stored.get("key") == key and isinstance(stored.get("kept"), dict):
                    self.previous = stored["kept"]
            except Exception:  # (missing, truncated, or not a dict: whatever unpickling raises)
                self.previous = {}
        self.current: dict[str, Any] = {}
        self.rendered = 0

    def get(self, name: str) -> Any:
        """What was kept under ``name`` (in this build or the previous one), or None."""
        found = self.current.get(name)
        if found is None:
            found = self.previous.get(name)
            if found is not None:
                self.current[name] = found
        return found

    def put(self, name: str, value: Any) -> None:
        self.current[name] = value
        self.rendered += 1

    def save(self, keep: Callable[[str], bool]) -> None:
        """Keep what this build used and what the previous kept, of the names ``keep`` accepts;
        nothing is written when nothing was rendered (what was kept still holds)."""
        if not self.rendered:
            return
        kept = {name: value for name, value in {**self.previous, **self.current}.items() if keep(name)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "wb") as file:
            pickle.dump({"key": self.key, "kept": kept}, file, protocol=pickle.HIGHEST_PROTOCOL)
        self.path.with_suffix(".json").unlink(missing_ok=True)  # (a JSON file of earlier docblog)


def layout_key(app: Sphinx) -> str:
    """What every generated page shares: config, theme, templates, the docs' navigation."""
    builder = app.builder
    env = app.env
    build_info = getattr(builder, "build_info", None)
    templates = getattr(builder, "templates", None)
    newest_template = templates.newest_template_mtime() if templates is not None else 0
    navigation = sorted(
        (doc, tuple(children), env.titles[doc].astext() if doc in env.titles else "")
        for doc, children in env.toctree_includes.items()
    )
    titles_in_nav = sorted(
        (child, env.titles[child].astext() if child in env.titles else "")
        for children in env.toctree_includes.values()
        for child in children
    )
    return digest(
        sphinx.__version__,
        app.config.html_theme,
        getattr(build_info, "config_hash", ""),
        getattr(build_info, "tags_hash", ""),
        newest_template,
        json.dumps(navigation),
        json.dumps(titles_in_nav),
    )


def get_store(app: Sphinx) -> FingerprintStore:
    """The build's fingerprint store (:attr:`docblog.build_state.BlogBuild.fingerprints`),
    read from the doctree folder on first use."""
    build = get_build(app)
    if build.fingerprints is None:
        build.fingerprints = FingerprintStore(app)
    return build.fingerprints


def save_store(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: save what this build wrote, and remove what it no longer writes."""
    build = get_build(app)
    store = build.fingerprints
    if store is None or exception is not None:
        return
    gone = [path for path in store.previous if path not in store.current]
    if gone:  # usually none: then the site's documents need not be listed
        outfile = getattr(app.builder, "get_outfilename", None)  # HTML builders, where pages are written
        documents = ({os.path.normpath(str(outfile(doc))) for doc in app.env.found_docs}
                     if outfile is not None else set())
        store.remove_stale(keep={p for p in gone if os.path.normpath(p) in documents})
    store.save()
    build.fingerprints = None  # a warm live-preview server's next build reads them again


def setup(app: Sphinx) -> None:
    app.connect("build-finished", save_store)
