"""Compatibility matrix: docblog against the releases it supports, outside the lock.

    nox -s compat                 # the newest releases pyproject.toml allows, on Sphinx 8.2 and 9.x
    nox -s oldest                 # the oldest ones: Sphinx 8.1, ABlog 0.11.13, MyST-Parser 5.2…
    ABLOG_SOURCE=/path/to/ablog nox -s ablog_main   # an ABlog checkout (e.g. its main branch)

`make test` installs the versions in constraints.txt, so a fresh clone gets what the suite
passes on; these sessions do not read it, so a new release of Sphinx, ABlog, MyST-Parser or
Babel that breaks docblog fails here, in a session named after what it installed, and the lock
is refreshed (`make lock`) once it passes. Each session installs docblog with its test extra
into its own virtual environment and runs the tests that build sites (not the browser tests,
which `make test` runs once). `.ci/run` runs `make compat` (all of them) after `make test`.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["compat", "oldest"]
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
    "tests/test_quiet_dropin.py",
    # docblog's checks in front of Sphinx's, docutils' and MyST's file-reading directives
    "tests/test_confinement.py",
    # catalogs and plural forms, against whatever Babel the session resolves
    "tests/test_i18n.py",
    # docblog's minified files through Sphinx's copy of html_static_path, and its inline style
    "tests/test_assets.py",
]
SPHINX_RELEASES = {"8.2": "sphinx~=8.2.0", "9": "sphinx>=9,<10"}
#: The oldest releases pyproject.toml allows of what docblog builds on.
OLDEST = ["sphinx~=8.1.0", "ablog==0.11.13", "myst-parser==5.2.0", "babel==2.13.1", "docutils~=0.20.1",
          "feedgen==1.0.0", "python-dateutil~=2.8.2", "jinja2~=3.1.2", "markupsafe~=2.1.0",
          "rjsmin==1.2.0"]


def run_tests(session: nox.Session) -> None:
    session.run("python", "-c", "import sphinx, ablog, myst_parser, babel; print('Sphinx', sphinx.__version__, "
                "'ABlog', ablog.__version__, 'MyST-Parser', myst_parser.__version__, 'Babel', babel.__version__)")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not browser",
                *COMPAT_TESTS, *session.posargs)


@nox.session
@nox.parametrize("sphinx", list(SPHINX_RELEASES))
def compat(session: nox.Session, sphinx: str) -> None:
    """The newest ABlog with one Sphinx release line."""
    session.install("-e", ".[test]", SPHINX_RELEASES[sphinx])
    run_tests(session)


@nox.session
def oldest(session: nox.Session) -> None:
    """The oldest supported Sphinx, ABlog, MyST-Parser, Babel and docutils."""
    session.install("-e", ".[test]", *OLDEST)
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
