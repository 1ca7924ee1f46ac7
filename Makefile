# Two commands for a fresh machine with only Python:
#   make demo   install into .venv, then run the classification demo
#   make test   install into .venv, then run the test suite
#   make gpu-check   the CUDA checks (tools/gpu_check.py; one line and
#                    nothing else on a machine without CUDA)
# `make install` alone sets up .venv. PYTHON picks the interpreter that
# creates it (>= 3.10); WHEELS a folder of prebuilt wheels (mmcv), used only
# where it exists: without it mmcv compiles (~11 min on 2 cores).

PYTHON ?= python3
VENV ?= .venv
WHEELS ?= ../shared/wheels
PYTEST_ARGS ?=

VENV_PYTHON := $(VENV)/bin/python
PIP := $(VENV_PYTHON) -m pip
FIND_LINKS := $(if $(wildcard $(WHEELS)/*.whl),--find-links $(WHEELS))
# Reinstall when what the package declares changes.
INSTALL_STAMP := $(VENV)/.installed

.PHONY: install demo test gpu-check clean-venv

install: $(INSTALL_STAMP)

$(INSTALL_STAMP): setup.py $(wildcard requirements/*.txt) Makefile
	$(PYTHON) -m venv $(VENV)
	# The registry's standard torch build (===): it runs on CPU and CUDA,
	# and torchvision's compiled ops load with it.
	$(PIP) install "torch===2.13.0" "torchvision===0.28.0"
	# mmcv's ops compile against the torch just installed; its setup.py
	# imports pkg_resources, which setuptools 81 removed.
	$(PIP) install "setuptools<81"
	$(PIP) install --no-build-isolation $(FIND_LINKS) "mmcv>=2.0.0rc4,<2.2.0"
	$(PIP) install $(FIND_LINKS) -e ".[tests]"
	# mmpose (pose estimation), whose declared dependencies do not install
	# as they are: chumpy, which mmpose never imports, builds only without
	# build isolation; the xtcocotools wheel is compiled against numpy 1 and
	# fails to import under numpy 2, so it is built here against the
	# installed numpy; mmpose's [mim] extra pins mmdet<3.3, so it is left out.
	$(PIP) install -r requirements/pose.txt
	$(PIP) install --no-build-isolation --no-deps chumpy==0.70
	$(PIP) install --no-build-isolation --no-binary xtcocotools \
		"xtcocotools>=1.14"
	$(PIP) install --no-deps "mmpose==1.3.2"
	touch $@

demo: $(INSTALL_STAMP)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV_PYTHON) tools/run_demo.py cls

# The venv's bin/ first, as after `source .venv/bin/activate`: the tests run
# tools and shell scripts that call `python`.
test: $(INSTALL_STAMP)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV_PYTHON) -m pytest tests $(PYTEST_ARGS)

# GPU_CHECK_ARGS: e.g. --moganet-release ../MogaNet/models/moganet.py
#   --focalnet-release ../FocalNet/classification/focalnet.py
GPU_CHECK_ARGS ?=
gpu-check: $(INSTALL_STAMP)
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV_PYTHON) tools/gpu_check.py $(GPU_CHECK_ARGS)

clean-venv:
	rm -rf $(VENV)
