PYTHON ?= python3

.PHONY: test test-matrix pgtap demo lint reference

# The whole suite on one PostgreSQL major (PG_BINDIR, else the newest installed):
# pytest starts a throwaway PostgreSQL, installs the pack with the installer, and runs
# the pgTAP files through pg_prove as part of the run.
test:
	$(PYTHON) -m pytest

# The whole suite on every tested major, 13 to 18 (MAJORS="13 18" for some of them):
# fetches the missing server trees into /opt/pg-matrix (PG_MATRIX_CACHE) first.
test-matrix:
	PYTHON=$(PYTHON) bash .ci/test_matrix.sh $(MAJORS)

# Only the pgTAP files.
pgtap:
	$(PYTHON) -m pytest tests/test_pgtap.py

demo:
	$(PYTHON) -m installer demo

# docs/reference.md, the public contract, from a throwaway installation of this tree
# (tests/test_public_contract.py fails when the committed file differs).
reference:
	$(PYTHON) -m installer.render.reference

# The linter CI runs first (configuration: pyproject.toml, [tool.ruff]).
lint:
	$(PYTHON) -m ruff check .
