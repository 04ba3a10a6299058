# melodybot — `make` sets everything up, `make run` runs the bot, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APT_PACKAGES := libfluidsynth3 fluidsynth ffmpeg fluid-soundfont-gm redis-server postgresql
STAMP := $(VENV)/.installed

.PHONY: all setup system-deps run worker test test-fast lint bench train human-pool clean

all: setup

setup: system-deps $(STAMP)

# Debian packages: FluidSynth (library and the CLI the benchmark compares with), ffmpeg, a GM SoundFont.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages. Run: sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev,train,bench]'
	touch $(STAMP)

run: setup
	$(PY) -m bot

# A Redis job-queue worker for JOB_QUEUE_URL (docs/SCALING.md); start one per spare core.
worker: setup
	$(VENV)/bin/melodybot worker

# The layers, the types and the format are checked by tools, not by review alone.
lint: setup
	$(VENV)/bin/ruff check engine bot tests bench scripts
	$(VENV)/bin/ruff format --check engine bot tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# Everything, on both cores.
test: setup lint
	$(VENV)/bin/pytest -q -n 2

# Unit and service tests only: no end-to-end (platform fakes, subprocesses) and no audio.
test-fast: setup
	$(VENV)/bin/pytest -q -n 2 -m "not e2e and not audio and not scaleout"

bench: setup
	$(PY) bench/run_all.py

# Rebuild the shipped data files from the music21 corpus (development only).
train: setup
	$(PY) scripts/train_model.py
	$(PY) scripts/calibrate_motion.py
	$(PY) scripts/train_critic.py

human-pool: setup
	$(PY) scripts/build_human_pool.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
