# Two commands, nothing else needed: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup bytecode test-deps lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tui-reader needs Python 3.11 or newer; set PYTHON=python3.X")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Byte-compile the sources once, as pip does for a regular install: an editable install run with
# PYTHONDONTWRITEBYTECODE=1 (set on some machines) otherwise recompiles every module at each launch (~0.15 s).
# Forced (-f): a .pyc written in the same second as an edit carries the old mtime and would stay stale (0.3 s).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q -f src >/dev/null

setup: $(STAMP) bytecode

run: $(STAMP) bytecode
	$(BIN)/tui-reader

# The tmux test drives the real terminal; install tmux when the machine lacks it rather than skip the test.
# The serve test renders the app in headless Chromium (install measured at ~60 s, once per machine).
test-deps:
	@command -v tmux >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq tmux >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq tmux >/dev/null; fi; }
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null; fi; }

test: $(STAMP) bytecode test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP) bytecode
	$(BIN)/python bench/run_all.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
