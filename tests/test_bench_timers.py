"""``bench.timers``: docblog's entry points timed by the clock, the outermost call only, and a
generator while it is iterated (docblog's ``html-collect-pages`` handler is one)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's bench/

from bench import timers  # noqa: E402


def handler(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def pages(count: int):  # noqa: ANN201 (a generator, as docblog's collect_pages)
    for number in range(count):
        time.sleep(0.01)
        yield number


def test_an_entry_point_is_timed_once_even_when_it_leads_to_another(monkeypatch) -> None:
    monkeypatch.setattr(timers, "spent", {})
    inner = timers.timed(handler)

    def outer() -> float:
        return inner(0.02) + handler(0.01)

    outer.__module__ = __name__
    assert timers.timed(outer)() == pytest.approx(0.03)
    name = timers._name(outer)
    assert set(timers.spent) == {name}  # the inner call is the outer's time, not more
    assert 0.03 <= timers.spent[name] < 0.5


def test_a_generator_is_timed_while_it_is_iterated(monkeypatch) -> None:
    monkeypatch.setattr(timers, "spent", {})
    items = timers.timed(pages)(3)
    assert timers.spent["test_bench_timers.pages"] < 0.01  # made, not yet iterated
    seen = []
    for number in items:
        seen.append(number)
        time.sleep(0.1)  # between items: the caller's time, not the generator's
    assert seen == [0, 1, 2]
    assert 0.03 <= timers.spent["test_bench_timers.pages"] < 0.2
