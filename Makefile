# The two commands of the README: `make serve` (the main job) and `make test` (every check,
# then the scale benchmark at its CI size: it must run, its figures are printed, not asserted).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install build serve test lint lock notebooks clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv
	$(VENV)/bin/uv pip install -q --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

build: install
	$(VENV)/bin/anyi-kg build

serve: build
	$(VENV)/bin/anyi-kg serve

lint: install
	$(VENV)/bin/ruff check src tests benchmarks notebooks
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest
	$(PY) benchmarks/bench_scale.py --quick

# Run the analysis notebooks and write them, executed, as HTML pages.
notebooks: install
	$(VENV)/bin/anyi-kg notebooks --html dist/notebooks

# Re-pin every dependency after changing pyproject.toml.
lock:
	$(VENV)/bin/uv pip compile --quiet --all-extras --python-version 3.11 pyproject.toml -o requirements.lock

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache
