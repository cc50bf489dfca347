"""The boundary between the public API and the internals is visible, and the public side is kept.

Read from the installed catalog, so that a function added by any change is held to it:
a function granted to a role is public and its comment says what it does; one granted to
no role is internal ("Internal:") or the pack owner's ("Owner only:"). Every public
function is named on a page of the docs, wrapped by a Governance method (or listed in
installer/render/reference.py's SQL_ONLY with the reason it is called from SQL only), and called
by a test. docs/reference.md, the public contract, is what the catalog gives: regenerate
it with `make reference`, never edit it by hand.
"""
from __future__ import annotations

import re

import psycopg
from conftest import REPO

from installer.render import reference

TEST_SOURCES = [*sorted((REPO / "pgtap").glob("*.sql")), *sorted((REPO / "tests").glob("*.py"))]


def _functions(dsn: str) -> list[reference.Function]:
    with psycopg.connect(dsn) as conn:
        found = reference.functions(conn)
    assert any(f.granted for f in found) and any(not f.public for f in found), \
        "the premise: the catalog holds public and internal functions of the pack"
    return found


def test_grants_and_internal_markers_agree(installed_db):
    problems = reference.marker_problems(_functions(installed_db))
    assert not problems, "\n".join(problems)


def test_every_public_function_is_documented_wrapped_and_tested(installed_db):
    public = [f for f in _functions(installed_db) if f.public]
    pages, wrapped, unique = reference.doc_pages(), reference.wrappers(), reference.unique_names(public)
    tests = "\n".join(path.read_text() for path in TEST_SOURCES)
    problems = []
    for qualified in dict.fromkeys(f.qualified for f in public):
        if reference.explained_in(qualified, pages, qualified in unique) is None:
            problems.append(f"{qualified}: no page (README.md, docs/*.md) names it")
        methods = wrapped.get(qualified, [])
        if not methods and qualified not in reference.SQL_ONLY:
            problems.append(f"{qualified}: no Governance method calls it; wrap it (installer/api) "
                            "or add it to SQL_ONLY in installer/render/reference.py with the reason")
        if methods and qualified in reference.SQL_ONLY:
            problems.append(f"{qualified}: wrapped by {', '.join(methods)}, so not SQL only")
        called = reference.mentions(qualified, tests)[0] or any(re.search(rf"\.{m}\(", tests) for m in methods)
        if not called:
            problems.append(f"{qualified}: no pgTAP file or pytest test calls it")
    names = {f.qualified for f in public}
    problems += [f"SQL_ONLY names {name}, which is no public function" for name in reference.SQL_ONLY if name not in names]
    assert not problems, "\n".join(problems)


def test_reference_page_is_the_catalog(installed_db):
    with psycopg.connect(installed_db) as conn:
        expected = reference.render(conn)
    assert reference.REFERENCE.exists() and reference.REFERENCE.read_text() == expected, \
        "docs/reference.md differs from the installed catalog: run `make reference` and commit the result"
