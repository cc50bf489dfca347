"""pg-governance: data governance and compliance inside PostgreSQL.

The import name `installer` is also used by PyPA's wheel installer. When both
distributions land in one environment their files overwrite each other, and
`python -m installer` could run the wrong program; ensure_ours() refuses that.
"""
from __future__ import annotations

from pathlib import Path

__version__ = "0.5.0"
PG_GOVERNANCE = True

# Modules that exist only in PyPA's `installer` distribution.
_PYPA_MODULES = ("_core.py", "destinations.py", "sources.py", "records.py")


class PackageClash(ImportError):
    pass


def ensure_ours() -> None:
    here = Path(__file__).resolve().parent
    foreign = [name for name in _PYPA_MODULES if (here / name).exists()]
    if foreign:
        raise PackageClash(
            f"The 'installer' package in {here} mixes pg-governance with PyPA's wheel installer "
            f"(found {', '.join(foreign)}). Install pg-governance in its own virtual environment "
            "(python -m venv), or use the 'pg-governance' command there.")


ensure_ours()

from installer.api.governance import Governance  # noqa: E402  (after the clash check, on purpose)

__all__ = ["Governance", "__version__"]
