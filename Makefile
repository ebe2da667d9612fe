# Pod Playground. `make run` serves the product; `make test` runs every check CI runs.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
APT := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get

.PHONY: run test lint transcripts pytest e2e bench system-deps python-venv clean

# A fresh Debian lacks ensurepip (python3-venv); install it only when venv creation would fail.
python-venv:
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { $(APT) update && $(APT) install -y python3-venv; }

$(VENV)/.installed: requirements.txt | python-venv
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

run: $(VENV)/.installed
	exec $(VPY) -m scripts.run

# Tests need redis-server and Debian's chromium (Playwright drives /usr/bin/chromium).
system-deps:
	@command -v redis-server >/dev/null && test -x /usr/bin/chromium || \
	  { $(APT) update && $(APT) install -y --no-install-recommends redis-server chromium; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .

transcripts: $(VENV)/.installed
	$(VPY) -m playground.sim.replay tests/transcripts

# Unit + integration in one run, browser tests in another; pytest's exit 5 (nothing collected)
# fails either, so an empty or missing e2e suite can never pass silently.
pytest: $(VENV)/.installed system-deps
	$(VENV)/bin/pytest -q tests/unit tests/integration

e2e: $(VENV)/.installed system-deps
	$(VENV)/bin/pytest -q tests/e2e

test: lint transcripts pytest e2e

# A few minutes in all; every figure is printed next to the echo route's of the same run.
bench: $(VENV)/.installed system-deps
	$(VPY) bench/sim_cost.py
	$(VPY) bench/ws_latency.py
	$(VPY) bench/saturation.py
	$(VPY) bench/page_load.py

clean:
	rm -rf var/run .pytest_cache .ruff_cache
