"""Runs each pgTAP file with pg_prove against a database installed by the installer."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

PGTAP_DIR = Path(__file__).resolve().parent.parent / "pgtap"
PGTAP_FILES = sorted(PGTAP_DIR.glob("*.sql"))


@pytest.mark.parametrize("path", PGTAP_FILES, ids=[p.stem for p in PGTAP_FILES])
def test_pgtap(path: Path, pgtap_db: str) -> None:
    pg_prove = shutil.which("pg_prove")
    assert pg_prove, "pg_prove is missing: apt-get install libtap-parser-sourcehandler-pgtap-perl"
    params = psycopg.conninfo.conninfo_to_dict(pgtap_db)
    result = subprocess.run(
        [pg_prove, "--verbose", "--host", params["host"], "--port", str(params["port"]),
         "--username", params["user"], "--dbname", params["dbname"], str(path)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
