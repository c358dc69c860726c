# Two commands do all set-up: `make run` and `make test`. Each creates .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=

.PHONY: run test bench clean browser
run: $(VENV)/.run-installed
	$(BIN)/quizsim $(ARGS)

# One pytest-xdist worker per core, at most 4 (CI has 2). loadgroup keeps each module marked
# xdist_group on one worker (they cache simulations or build fixtures per process); ARGS="-n0" runs serially.
TEST_WORKERS ?= -n auto --maxprocesses=4 --dist loadgroup

test: $(VENV)/.test-installed browser
	$(BIN)/python -m pytest $(TEST_WORKERS) $(ARGS)

# The browser test (tests/cli/test_serve_browser.py) drives Debian's chromium; install it where apt can.
# A failure here is tolerated: that test then skips and says why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1; } || \
	  echo "note: chromium is not installed and could not be (needs apt as root); the browser test will skip"

bench: $(VENV)/.test-installed
	$(BIN)/python benchmarks/run_all.py

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "quizsim needs Python 3.11 or newer; found " + sys.version.split()[0] + " (try: make PYTHON=python3.12 ...)")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes.
$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.run-installed

clean:
	rm -rf $(VENV) build dist .pytest_cache
