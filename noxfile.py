"""Compatibility matrix: docblog against the Sphinx and ABlog releases it supports.

    nox -s compat                 # Sphinx 8.1, 8.2 and the newest 9.x, with the newest ABlog
    ABLOG_SOURCE=/path/to/ablog nox -s ablog_main   # an ABlog checkout (e.g. its main branch)

Each session installs docblog with its test extra into its own virtual environment and runs
the tests that build sites (not the browser tests, which `make test` runs once).
`.ci/run` runs `compat` after `make test`.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["compat"]
nox.options.reuse_existing_virtualenvs = True

#: The tests that build sites with ABlog and docblog; they cover the hooks into both.
COMPAT_TESTS = [
    "tests/test_ablog_context.py",
    "tests/test_ablog_addresses.py",
    "tests/test_ablog_settings.py",
    "tests/test_postlist.py",
    "tests/test_scenarios.py",
    "tests/test_blog_pages.py",
    "tests/test_incremental.py",
    "tests/test_reliability.py",
]
SPHINX_RELEASES = {"8.1": "sphinx~=8.1.0", "8.2": "sphinx~=8.2.0", "9": "sphinx>=9,<10"}


def run_tests(session: nox.Session) -> None:
    session.run("python", "-c", "import sphinx, ablog; print('Sphinx', sphinx.__version__, "
                "'ABlog', ablog.__version__)")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser",
                *COMPAT_TESTS, *session.posargs)


@nox.session
@nox.parametrize("sphinx", list(SPHINX_RELEASES))
def compat(session: nox.Session, sphinx: str) -> None:
    """The newest ABlog with one Sphinx release line."""
    session.install("-e", ".[test]", SPHINX_RELEASES[sphinx])
    run_tests(session)


@nox.session
def ablog_main(session: nox.Session) -> None:
    """ABlog from a checkout named by ABLOG_SOURCE (pip must be able to build it)."""
    source = os.environ.get("ABLOG_SOURCE")
    if not source:
        session.skip("set ABLOG_SOURCE to an ABlog checkout (e.g. its main branch)")
    session.install("-e", ".[test]")
    session.install(source)
    run_tests(session)
