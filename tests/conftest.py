"""Shared fixtures: Sphinx's testing fixtures over ``tests/roots/test-*``, and HTML helpers."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ["sphinx.testing.fixtures"]

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(autouse=True)
def _no_drafts_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """``make livehtml`` sets DOCBLOG_SHOW_DRAFTS; tests decide it themselves."""
    monkeypatch.delenv("DOCBLOG_SHOW_DRAFTS", raising=False)


def soup(app, page: str) -> BeautifulSoup:
    """Parsed HTML of an output file, e.g. ``soup(app, "blog.html")``."""
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "html.parser")


def card_titles(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".docblog-card .docblog-card-title a")]


def warnings_of(app) -> str:
    return app.warning.getvalue() if hasattr(app.warning, "getvalue") else app._warning.getvalue()
