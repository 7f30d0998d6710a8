# Two commands for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PUBLISH_INTERVAL ?= 60
MANAGE := $(BIN)/python example_site/manage.py

.PHONY: demo test install chromium lint docs clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

## Create the virtual environment, migrate SQLite, load the demo data and serve the site
## on HOST:PORT, with scheduled publishing every PUBLISH_INTERVAL seconds beside it.
demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) borderplan_demo --host $(HOST) --port $(PORT)
	PUBLISH_INTERVAL=$(PUBLISH_INTERVAL) sh example_site/serve_demo.sh $(BIN)/python $(HOST) $(PORT)

## Run the whole test suite (SQLite unless DATABASE_URL names another database).
test: install chromium
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## Browser tests drive Debian's Chromium (Playwright's own browser download is not used),
## with a Chinese font for the Chinese editions (Lao and Khmer fonts ship with the app).
chromium:
	@{ command -v chromium >/dev/null && [ -n "$$(fc-list :lang=zh-cn 2>/dev/null)" ]; } || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; \
		else \
			echo "The browser tests need Debian's Chromium and a Chinese font: sudo apt-get install chromium fonts-wqy-microhei"; exit 1; \
		fi; }

lint: install
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	# ESLint (eslint.config.js) with the versions pinned in package.json.
	npm install --no-audit --no-fund --silent
	npx --yes eslint@9 wagtail_borderplan/static

docs: install
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) build dist site var example_site.sqlite3 *.egg-info
