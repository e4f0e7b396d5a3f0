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

# The main job on the bundled sample corpus: ingest into an embedded SQLite database, then query it.
DEMO_DB := sqlite:///demo/corpus.db
demo: install
	@mkdir -p demo
	$(BIN)/corpus-tool ingest corpus/*.txt --db $(DEMO_DB)
	$(BIN)/corpus-tool status --db $(DEMO_DB)
	$(BIN)/corpus-tool query docs --db $(DEMO_DB)
	$(BIN)/corpus-tool query kwic osallisuus --db $(DEMO_DB)
	$(BIN)/corpus-tool query entities --top 10 --db $(DEMO_DB)
	$(BIN)/corpus-tool query themes --by year --plot demo/themes.png --db $(DEMO_DB)
	$(BIN)/corpus-tool export entities --format csv -o demo/entities.csv --db $(DEMO_DB)
	$(BIN)/corpus-tool analyze corpus/toimintasuunnitelma_2019_2020.txt --format conllu > demo/analyze.conllu
	@echo "demo database: demo/corpus.db; theme chart: demo/themes.png; entities: demo/entities.csv; CoNLL-U of one report: demo/analyze.conllu"

# The suite also runs against a throwaway PostgreSQL server on 127.0.0.1.
test: install
	@scripts/install-system-deps.sh --test
	scripts/with-postgres.sh $(BIN)/python -m pytest -q

models: install
	$(BIN)/corpus-tool models train --shared $(SHARED)

evaluate: install
	$(BIN)/corpus-tool models evaluate --shared $(SHARED)
	$(BIN)/corpus-tool entities evaluate --reports $(SHARED)/seeds --json bench/results/entities.json

# Speed and accuracy targets live here, never in timed unit tests. Results: bench/results/*.json
bench: install
	$(BIN)/python bench/analyze_throughput.py --shared $(SHARED) --out bench/results
	$(BIN)/python bench/repair_benchmark.py --shared $(SHARED) --out bench/results

clean:
	rm -rf $(VENV) *.egg-info demo
