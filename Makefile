# Pod Playground. `make run` serves the product; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: run test lint typecheck transcripts pytest e2e fuzz bench system-deps python-venv clean messages

# A fresh Debian lacks ensurepip (python3-venv); install it only when venv creation would fail.
python-venv:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(APT) update && $(APT) install -y python3-venv; }

$(VENV)/.installed: requirements.txt | python-venv
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

run: $(VENV)/.installed
	exec $(VPY) -m scripts.run

# Tests need redis-server, Debian's chromium (Playwright drives /usr/bin/chromium) and Debian's
# PostgreSQL server (the tests start their own private one; scripts/stack.py).
system-deps:
	@command -v redis-server >/dev/null && test -x /usr/bin/chromium && \
	  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  { $(APT) update && $(APT) install -y --no-install-recommends redis-server chromium postgresql; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

# The django-stubs plugin imports the settings, which refuse the built-in secret key outside
# development mode.
typecheck: $(VENV)/.installed
	PLAYGROUND_DEV=1 $(VENV)/bin/mypy

transcripts: $(VENV)/.installed
	$(VPY) -m playground.sim.replay tests/transcripts

# The Django integration suite: every test that uses the database (grading app services and
# views, lesson views and progress, submissions graded by the live stack's worker). It runs on
# SQLite with the rest, then again on a private PostgreSQL.
DJANGO_SUITE := tests/unit/grading_app tests/unit/test_settings_database.py \
	tests/integration/test_lesson_views.py tests/integration/test_grading_flow.py \
	tests/integration/test_classroom.py tests/unit/lessons tests/integration/test_practice_pages.py

# Unit + integration in one run, browser tests in another; pytest's exit 5 (nothing collected)
# fails either, so an empty or missing e2e suite can never pass silently.
pytest: $(VENV)/.installed system-deps
	$(VENV)/bin/pytest -q tests/unit tests/integration
	PLAYGROUND_TEST_DATABASE=postgres $(VENV)/bin/pytest -q $(DJANGO_SUITE)

e2e: $(VENV)/.installed system-deps
	$(VENV)/bin/pytest -q tests/e2e

test: lint typecheck transcripts pytest e2e

# The property-based suite (tests/unit/fuzz) with a large random budget; `make test` runs the
# same tests derandomized with a few hundred examples. Found examples are kept in .hypothesis/
# and replayed first next time. FUZZ_EXAMPLES= sets the budget per test.
FUZZ_EXAMPLES ?= 5000
fuzz: $(VENV)/.installed
	PLAYGROUND_FUZZ=1 PLAYGROUND_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(VENV)/bin/pytest -q tests/unit/fuzz

# A few minutes in all; every figure is printed next to the echo route's of the same run.
bench: $(VENV)/.installed system-deps
	$(VPY) bench/sim_cost.py
	$(VPY) bench/ws_latency.py
	$(VPY) bench/classroom.py
	$(VPY) bench/saturation.py
	$(VPY) bench/page_load.py

# UI text catalogs (locale/ko): collect new gettext strings, then compile the .mo the app reads
# (committed; tests/unit/test_locale_catalogs.py fails when a .mo lags its .po).
messages: $(VENV)/.installed
	PLAYGROUND_DEV=1 $(VPY) manage.py makemessages -l ko --no-location --ignore '.venv/*' --ignore 'node_modules/*' \
	  --ignore 'frontend/*' --ignore 'static/*' --ignore 'tests/*'
	PLAYGROUND_DEV=1 $(VPY) manage.py compilemessages -l ko

clean:
	rm -rf var/run .pytest_cache .ruff_cache .mypy_cache
