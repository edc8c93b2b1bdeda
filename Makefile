# The one place where commands live. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# The Swift toolchain lives in /opt/swift on our machines; appending is harmless elsewhere.
export PATH := $(PATH):/opt/swift/usr/bin

HOST ?= 127.0.0.1
PORT ?= 8080
export PUBLIC_URL ?= http://$(HOST):$(PORT)

MOBILIZE := .build/debug/mobilize

.PHONY: help deps build run test format services-start services-stop clean-data

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

deps: ## install everything `make test` needs (system packages, .venv)
	scripts/install-deps.sh all

build: ## debug build of the server
	scripts/install-deps.sh runtime
	swift build

run: build ## build, import the pictogram archive once, create the demo family and its plan, serve on 127.0.0.1:8080 (set HOST, PORT)
	@set -o pipefail; stamp="$${DATA_DIR:-data}/.pictograms-imported"; [ -f "$$stamp" ] || { $(MOBILIZE) pictograms import | tail -n 1 && touch "$$stamp"; }
	$(MOBILIZE) demo
	$(MOBILIZE) serve --hostname $(HOST) --port $(PORT)

test: ## the whole suite: Swift tests on SQLite and PostgreSQL, browser tests, API contract
	scripts/test.sh

format: ## format Swift sources in place, then lint them
	@swift format --version >/dev/null 2>&1 || { echo "swift format not found: it ships with Swift 6 toolchains" >&2; exit 1; }
	swift format --in-place --recursive Sources Tests Package.swift
	swift format lint --recursive Sources Tests

services-start: ## start the test PostgreSQL (port 55432) and SMTP sink (port 2525)
	scripts/services.sh start

services-stop: ## stop them
	scripts/services.sh stop

clean-data: ## delete the local data directory (database, pictures, outbox)
	rm -rf data
