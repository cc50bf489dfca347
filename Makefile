PYTHON ?= python3

.PHONY: test pgtap demo

# The whole suite: pytest starts a throwaway PostgreSQL, installs the pack with the
# installer, and runs the pgTAP files through pg_prove as part of the run.
test:
	$(PYTHON) -m pytest

# Only the pgTAP files.
pgtap:
	$(PYTHON) -m pytest tests/test_pgtap.py

demo:
	$(PYTHON) -m installer demo
