"""In a clean virtual environment: the wheel ships the SQL, and a clash with PyPA's
`installer` (same import name) is refused, never run silently."""
from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO

CLASH = "PyPA's wheel installer"


def run(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    # Run outside the repository, or `python -m installer` would import its source tree.
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600, cwd="/")
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, REPO)
    return next(out.glob("pg_governance-*.whl"))


def test_clean_venv_install_then_clash_with_pypa_installer(tmp_path, wheel, fresh_db):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python, pip = env_dir / "bin" / "python", env_dir / "bin" / "pip"
    run(pip, "install", "--quiet", wheel)

    # The wheel carries the SQL: a dry run from outside the repository sees the migrations.
    plan = run(env_dir / "bin" / "pg-governance", "apply", "--dry-run", "--dsn", fresh_db)
    assert "10_governance/versioned/0001_core.sql (new)" in plan.stdout

    # PyPA's installer installed afterwards overwrites installer/__init__.py and __main__.py.
    run(pip, "install", "--quiet", "installer")
    script = run(env_dir / "bin" / "pg-governance", "--help", check=False)
    assert script.returncode != 0 and CLASH in script.stderr

    # Ours installed over it: python -m installer refuses instead of running either program.
    run(pip, "install", "--quiet", "--no-deps", "--force-reinstall", wheel)
    module = run(python, "-m", "installer", "--help", check=False)
    assert module.returncode != 0 and CLASH in module.stderr
