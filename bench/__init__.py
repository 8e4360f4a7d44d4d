"""docblog's benchmark harness: a synthetic blog corpus and a build-time/memory runner.

Run it with ``python -m bench --help`` (or ``make bench BENCHOPTS="..."``); see README.md.
"""
