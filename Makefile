# corpus-tool: `make install && make demo`, `make install && make test`
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install system-deps demo test models evaluate bench clean

install: system-deps $(VENV)/.installed

system-deps:
	@scripts/install-system-deps.sh

# torch is installed first and pinned: an unpinned torch pulls gigabytes of CUDA packages.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: install
	$(BIN)/corpus-tool analyze corpus/*.txt --format jsonl > demo-output.jsonl
	@echo "analysed $$(wc -l < demo-output.jsonl) documents of corpus/ into demo-output.jsonl"

# The suite also runs against a throwaway PostgreSQL server on 127.0.0.1.
test: install
	@scripts/install-system-deps.sh --test
	scripts/with-postgres.sh $(BIN)/python -m pytest -q

models: install
	$(BIN)/corpus-tool models train --shared $(SHARED)

evaluate: install
	$(BIN)/corpus-tool models evaluate --shared $(SHARED)

bench: install
	$(BIN)/python bench/analyze_throughput.py --shared $(SHARED) --out bench/results

clean:
	rm -rf $(VENV) *.egg-info demo-output.jsonl
