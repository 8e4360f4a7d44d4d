"""docblog's share of a full build by the clock: ``python -m bench.timers --posts 1000``.

:mod:`bench.profile` measures docblog's share under cProfile, which slows every Python call
several times over, and most of all code made of many small calls (a template's render, a
walk of a doctree): its share compares versions of docblog, it is not a share of wall time.
This builds the same corpus once, in this process and without a profiler, with a timer around
each function docblog connects to a Sphinx event and each node visitor it registers (the
entry points Sphinx calls), and around :func:`docblog.memory.unlink` (called by docblog's wrapper
of the builder's ``write_doc``). When one entry point leads to another, only the outermost is
counted. A generator (``html-collect-pages``) is timed while it is iterated.

What it does not count: docblog's functions in Jinja contexts (the navigation entries wrap the
theme's own, which the floor pays too) and its directives (a few calls a build). A collection
of Python's garbage collector is charged to whichever function is running when it starts, so
``--collector off`` (as :mod:`bench.profile`) gives the code alone.
"""

from __future__ import annotations

import argparse
import functools
import gc
import inspect
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench.profile import add_build_options, print_share, write_corpus

spent: dict[str, float] = {}
_depth = [0]


def _name(function: Callable[..., Any]) -> str:
    return f"{function.__module__.removeprefix('docblog.')}.{function.__qualname__}"


def timed(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its time (outermost calls only) added to :data:`spent`."""
    name = _name(function)

    def charge(started: float) -> None:
        _depth[0] -= 1
        if not _depth[0]:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    def iterate(items: Iterator[Any]) -> Iterator[Any]:
        while True:
            _depth[0] += 1
            started = time.perf_counter()
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                charge(started)
            yield item

    @functools.wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        _depth[0] += 1
        started = time.perf_counter()
        try:
            result = function(*args, **kwargs)
        finally:
            charge(started)
        return iterate(result) if inspect.isgenerator(result) else result

    return run


def _is_docblog(function: Any) -> bool:
    return str(getattr(function, "__module__", "")).startswith("docblog")


def time_docblog_entry_points() -> None:
    """Wrap what docblog connects and registers from now on, and ``memory.unlink``."""
    import docblog.memory
    from sphinx.application import Sphinx
    from sphinx.events import EventManager

    connect = EventManager.connect

    def connect_timed(self: EventManager, name: str, callback: Callable[..., Any], priority: int) -> int:
        return connect(self, name, timed(callback) if _is_docblog(callback) else callback, priority)

    EventManager.connect = connect_timed  # type: ignore[method-assign]
    add_node = Sphinx.add_node

    def add_node_timed(self: Sphinx, node: type, override: bool = False, **kwargs: Any) -> None:
        kwargs = {builder: tuple(timed(f) if _is_docblog(f) else f for f in functions)
                  for builder, functions in kwargs.items()}
        add_node(self, node, override, **kwargs)

    Sphinx.add_node = add_node_timed  # type: ignore[method-assign]
    docblog.memory.unlink = timed(docblog.memory.unlink)  # type: ignore[assignment]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.timers")
    add_build_options(parser, top=15)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="docblog-timers-"))
    try:
        site = write_corpus(work, args)
        time_docblog_entry_points()
        from sphinx.cmd.build import build_main

        if args.collector == "off":
            gc.disable()
        started = time.perf_counter()
        build_main(["-b", "html", "-q", str(site), str(work / "html")])
        total = time.perf_counter() - started
        own = sum(spent.values())
        print_share(args, f"docblog's entry points {own:.2f} s of a {total:.2f} s build", own / total,
                    "", sorted(((seconds, name) for name, seconds in spent.items()), reverse=True))
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
