# Two commands a newcomer needs on a fresh machine; each sets up what it needs by itself.
#   make demo   grade the bundled sample submissions (a class batch per assignment) and print the scores
#   make test   run the kit's own tests (installs headless Chromium for the page tests when run as root)
# While editing the kit:
#   make check  unit tests and the quick integration tests (not adversarial, not slow): under a minute
#   make lint   ruff's linter and formatter check (configured in pyproject.toml)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
OUT    ?= out/demo
ASSIGNMENTS := a1_encoding a2_losses a3_gradients a4_derivations

.PHONY: demo test check lint setup browser bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(PY) -m compileall -q autograder >/dev/null  # as an installed package is: no compiling at every start
	rm -f $(VENV)/.installed-*
	touch $@

# Headless Chromium renders the HTML reports in the tests; the red-team suite grades from inside tmux, as an
# instructor's session does (Debian's packages; needs root, once).
browser:
	@command -v chromium >/dev/null 2>&1 && command -v tmux >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk tmux >/dev/null; \
	  else echo "Chromium or tmux is missing: sudo apt-get install -y chromium fonts-noto-cjk tmux"; fi; }

demo: $(STAMP)
	@for a in $(ASSIGNMENTS); do \
	  $(PY) -m autograder batch samples/$$a --assignment $$a --out $(OUT)/$$a --force || exit $$?; \
	done
	@$(PY) -m autograder gradebook $(addprefix $(OUT)/,$(ASSIGNMENTS)) >/dev/null
	@$(PY) -m autograder.reporting.demo_table $(OUT) $(ASSIGNMENTS)

# CI runs this (.ci/run). Lint goes first, failing in seconds rather than after the suite; it is switched on
# (the "#" dropped from the line below) once the tree has been formatted with ruff.
test: $(STAMP) browser
	$(MAKE) --no-print-directory lint
	$(PY) -m pytest -q

# The markers come from tests/conftest.py (by folder, and its SLOW list).
check: $(STAMP)
	$(PY) -m pytest -q -m "not adversarial and not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP)
	$(PY) bench/grade.py
	$(PY) bench/profile.py
	$(PY) bench/batch.py
	$(PY) bench/batch.py -m 600 --no-hang
	$(PY) bench/batch.py --no-hang --no-report
	$(PY) bench/batch.py --memory 2000
	$(PY) bench/batch.py --memory 2000 --with-report
	$(PY) bench/isolation.py
	$(PY) bench/derivations.py
	$(PY) bench/diagnoses.py

clean:
	rm -rf $(VENV) out build *.egg-info
