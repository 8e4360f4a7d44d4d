# docblog: build the demo blog, serve it live, run the tests.
# Every target bootstraps .venv from pyproject.toml on first use.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
# The versions the test suite passes on (pip constraints); `make lock` refreshes it.
CONSTRAINTS := constraints.txt
SPHINXOPTS ?=
BUILDDIR := _build

.PHONY: html dirhtml livehtml test unit lint compat fuzz bench screenshots clean venv lock

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[furo,live,test,lint]"
	touch $(STAMP)

venv: $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build -b html -W --keep-going $(SPHINXOPTS) . $(BUILDDIR)/html
	@echo "Built the demo blog: open $(BUILDDIR)/html/index.html (or run 'make livehtml')."

dirhtml: $(STAMP)
	$(BIN)/sphinx-build -b dirhtml -W --keep-going $(SPHINXOPTS) . $(BUILDDIR)/dirhtml

livehtml: $(STAMP)
	$(BIN)/docblog serve . $(BUILDDIR)/livehtml --host 127.0.0.1 --port 8000 --drafts

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTESTOPTS)

# The unit tests of the pure modules alone (no Sphinx build): seconds, while you work.
unit: $(STAMP)
	$(BIN)/python -m pytest -m "not sphinx" $(PYTESTOPTS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy _ext/docblog

# docblog against the newest releases pyproject.toml allows (Sphinx 8.2 and 9.x, newest ABlog,
# MyST-Parser, Babel…) and the oldest it supports (noxfile.py), outside the lock; a release that
# breaks docblog fails here by name. ABLOG_SOURCE=<checkout> also tries an ABlog checkout:
# $(BIN)/nox -s ablog_main
compat: $(STAMP)
	$(BIN)/nox -s compat oldest

# Refresh constraints.txt: the newest releases pyproject.toml allows, resolved in a scratch
# environment. Run `make test` (and commit the file) once it passes on them.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e ".[furo,live,test,lint]"
	{ echo "# The versions 'make test' and .ci/run install (pip constraints). Made by 'make lock'"; \
	  echo "# on Python $$(.venv-lock/bin/python -c 'import platform; print(platform.python_version())'); do not edit by hand."; \
	  .venv-lock/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS)
	rm -rf .venv-lock

fuzz: $(STAMP)
	DOCBLOG_FUZZ_EXAMPLES=200 $(BIN)/python -m pytest tests/test_properties.py tests/test_model.py $(PYTESTOPTS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCHOPTS)

# PNGs of the demo blog's index (light, dark, phone) for the README, with Debian's Chromium.
screenshots: html
	$(BIN)/python tests/screenshots.py $(BUILDDIR)/html docs/_static/screenshots

# docblog's message catalogs: extract the strings of _ext/docblog (babel.cfg) into
# locale/docblog.pot, merge them into every language's docblog.po, compile the .mo files.
LOCALE := _ext/docblog/locale
.PHONY: messages
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _plural:2,3 --ignore-dirs ".* _build" --no-location \
		--sort-output --project docblog --copyright-holder "docblog developers" -o $(LOCALE)/docblog.pot .
	$(BIN)/pybabel update -D docblog -i $(LOCALE)/docblog.pot -d $(LOCALE) \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -D docblog -d $(LOCALE) --statistics

clean:
	rm -rf $(BUILDDIR)
