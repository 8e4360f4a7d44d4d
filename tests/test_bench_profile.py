"""``bench.profile``: docblog's share of a profile, from its entry points, less what its
wrappers hand back to the code they wrap (which the floor pays too)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's bench/

from bench import profile  # noqa: E402

SPHINX = ("/venv/site-packages/sphinx/application.py", 1, "emit")
SETUP = ("/repo/_ext/docblog/__init__.py", 13, "setup")
COMPAT = ("/repo/_ext/docblog/ablog_compat.py", 155, "setup")
READER = ("/repo/_ext/docblog/ablog_compat.py", 148, "set_up_markdown_reader")
MYST = ("/venv/site-packages/sphinx/registry.py", 524, "load_extension")
READ_POST = ("/repo/_ext/docblog/reading.py", 120, "read_post")
PARSE = ("/repo/_ext/docblog/frontmatter.py", 103, "parse")


def stats(**functions: tuple[float, float, dict[tuple[str, int, str], tuple[float, float]]]):
    """A pstats.Stats as ``share`` reads it: each function's own and cumulative seconds, and
    per caller the seconds spent in it through that caller."""
    keys = {"setup": SETUP, "compat": COMPAT, "reader": READER, "myst": MYST, "read_post": READ_POST, "parse": PARSE}
    table = {keys[name]: (1, 1, own, cumulative,
                          {caller: (1, 1, c_own, c_cumulative) for caller, (c_own, c_cumulative) in callers.items()})
             for name, (own, cumulative, callers) in functions.items()}
    return SimpleNamespace(stats=table, total_tt=10.0)


def test_a_wrapper_inside_setup_hands_back_what_it_wraps_and_keeps_its_own_work() -> None:
    measured = stats(
        setup=(0.1, 1.0, {SPHINX: (0.1, 1.0)}),
        compat=(0.05, 0.85, {SETUP: (0.05, 0.85)}),
        reader=(0.01, 0.8, {COMPAT: (0.01, 0.8)}),
        myst=(0.79, 0.79, {READER: (0.79, 0.79)}),
        read_post=(0.2, 0.5, {SPHINX: (0.2, 0.5)}),
        parse=(0.3, 0.3, {READ_POST: (0.3, 0.3)}),
    )
    docblog, total, entries = profile.share(measured)  # type: ignore[arg-type]
    assert total == 10.0
    assert dict((name.split()[-1], round(seconds, 6)) for seconds, name in entries) == {
        "setup": 0.21, "read_post": 0.5}
    assert docblog == pytest.approx(0.71)


def test_without_the_wrapper_setup_counts_whole() -> None:
    measured = stats(setup=(0.1, 1.0, {SPHINX: (0.1, 1.0)}), myst=(0.9, 0.9, {SETUP: (0.9, 0.9)}))
    docblog, _total, entries = profile.share(measured)  # type: ignore[arg-type]
    assert docblog == pytest.approx(1.0)
    assert [name.split()[-1] for _seconds, name in entries] == ["setup"]
