# Balint Desktop — developer commands. `make run` and `make test` are the
# whole quick start: both build .venv from the hashed lock file first.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := .venv-tools

.PHONY: run demo test lint typecheck pytest lock forms bench screenshots clean dist

# Re-run only when the lock or the project metadata changed.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	    --no-deps --no-build-isolation --editable .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/balint-desktop

demo: $(STAMP)
	$(BIN)/balint-desktop --demo

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# Regenerate the lock: names, versions and hashes only (no index URL).
lock:
	test -x $(TOOLS)/bin/uv || ($(PYTHON) -m venv $(TOOLS) && $(TOOLS)/bin/pip install --quiet uv)
	$(TOOLS)/bin/uv pip compile pyproject.toml --extra test --extra dist --generate-hashes \
	    --universal --python-version 3.11 --custom-compile-command "make lock" \
	    -o requirements.lock

forms: $(STAMP)
	$(BIN)/python ui/compile_forms.py

bench: $(STAMP)
	$(BIN)/python -m bench

# The self-contained one-folder app: dist/balint-desktop/ (see packaging/).
dist: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level ERROR \
	    --distpath dist --workpath build/pyinstaller packaging/balint-desktop.spec
	@echo "Built dist/balint-desktop/: copy the folder anywhere and run ./balint-desktop"

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.screenshots

# Desktop integration. The icons are generated and committed (packaging/icons,
# windows/, macos/); install-desktop adds the app built by `make dist` to this
# user's applications menu on Linux (stdlib only, so no venv needed).
.PHONY: icons install-desktop uninstall-desktop

icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

install-desktop:
	$(PYTHON) packaging/install_desktop.py

uninstall-desktop:
	$(PYTHON) packaging/install_desktop.py --uninstall

clean:
	rm -rf $(VENV) $(TOOLS) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist
