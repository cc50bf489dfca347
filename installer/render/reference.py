"""The public contract, read from an installed catalog; docs/reference.md is generated from it.

A function of the pack is public when a role other than its owner may execute it (the
governance roles it is granted to), or when its comment starts with "Owner only:" (run
by pg-governance's owner, the installing role: trust_owner, register_check). Every other
function is an internal step: its comment starts with "Internal:", it is granted to
nobody, and it may change in any release. tests/test_public_contract.py holds the
catalog to that, and each public function to a page of the docs that names it, a
Python wrapper (or a reason in SQL_ONLY) and a test that calls it.

`make reference` (python -m installer.render.reference [--dsn DSN]) rewrites docs/reference.md
from a throwaway installation; the test fails when the file differs from the catalog.
"""
from __future__ import annotations

import argparse
import inspect
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "docs" / "reference.md"
INTERNAL = "Internal:"
OWNER_ONLY = "Owner only:"

# Public functions without a Python method, and why: each is meant to be called from SQL.
SQL_ONLY = {
    # Called by policies, views and invoker-rights SQL with the caller's rights: granted for them.
    "access.current_tenant": "called by the tenant-isolation policies of earlier releases",
    "access.decision": "called by the row-security policies of access.enable_policy_rls, per row",
    "access.environment": "the env attributes of an ABAC decision, for SQL inspection",
    "access.native_privileges": "what access.sync_native_roles (Governance.sync_native_roles) grants, for SQL inspection",
    "access.role_ancestors": "a reader of the role hierarchy; Governance.effective_roles gives the roles in force",
    "access.set_rls_policy": "a building block of the row-security functions, which run with the table owner's rights",
    "access.write_tenant": "called by the write policies of tenant-isolated tables, as the writing role",
    "compliance.active_waiver": "a piece of compliance.run_checks (Governance.run_checks)",
    "compliance.known_framework": "a piece of compliance.run_checks (Governance.run_checks)",
    "compliance.missing_privileges": "a piece of compliance.run_checks (Governance.run_checks)",
    "compliance.run_check": "a piece of compliance.run_checks (Governance.run_checks)",
    "audit.changed_columns": "read by the view audit.changes (records not sealed yet) with its reader's rights",
    "audit.key_of": "read by the view audit.changes (records not sealed yet) with its reader's rights",
    "audit.key_of_many": "read by the view audit.changes (records not sealed yet) with its reader's rights",
    "audit.pending_changes": "read by the view audit.changes (records not sealed yet) with its reader's rights",
    "audit.shadow_rows": "read by the view audit.changes (records not sealed yet) with its reader's rights",
    "governance.context_unsealed": "inlined into the context readers (the gateway's path, without a seal)",
    "governance.context_value": "inlined into current_actor, current_tenant, current_roles and current_purpose",
    "governance.sealed_context_values": "the context readers' path for sessions that are not gateways (checks the seal)",
    "governance.citus_table_kind": "a piece of governance.require_local_table",
    "governance.pack_schemas": "for SQL that skips or refuses the pack's own tables",
    "governance.relation_code": "a piece of governance.relation_trust_problems, for SQL inspection",
    "governance.require_column": "a building block of SQL functions that take a table and a column",
    "governance.require_local_table": "a building block of SQL functions that act on an application table",
    "governance.subject_key": "inlined into consent guards and indexes; Python callers pass keys as they are",
    "governance.trusted_roles": "a piece of governance.relation_trust_problems, for SQL inspection",
    "privacy.paillier_add": "the step of the aggregate privacy.paillier_sum (Governance.paillier_sum)",
    "privacy.paillier_key_id": "inside SQL over ciphertexts (GROUP BY key id); installer.crypto.paillier computes it too",
    "privacy.stored_consent": "inlined into consent guards with the reader's rights",
    "privacy.dp_ledger_rewinds": "read by the check security.dp_ledger_rewound (Governance.run_checks)",
    "privacy.coverage_gaps": "read by erasure_plan and the check gdpr.erasure_path (Governance.erasure_plan, run_checks)",
    "privacy.pseudonym": "called by the masked views as their reader (privacy.grant_masked grants it): the hash rule",
    # Pieces of privacy.masked_columns and privacy.masking_status, which run with their caller's rights.
    "privacy.column_mask": "a piece of privacy.masked_columns (Governance.masked_columns): each column's rule and its source",
    "privacy.mask_expression": "a piece of privacy.masked_columns (Governance.masked_columns): a rule as SQL",
    "privacy.mask_rule_problem": "a piece of privacy.masked_columns; set_masking_rule (Governance.set_masking_rule) raises what it says",
    "privacy.neutral_value": "a piece of privacy.masked_columns for a dump (Governance.masked_columns with for_dump)",
    "privacy.referenced_column_mask": "a piece of privacy.masked_columns for a dump (Governance.masked_columns with for_dump)",
    "privacy.whole_number_param": "a piece of privacy.mask_rule_problem, which masked_columns runs with its caller's rights",
    "privacy.masked_view_definition": "a piece of privacy.masking_status (Governance.masking_status): the query a masked view should have",
    # Pieces of discover_pii and of the erasure engine, granted to the DPO to look under the hood.
    "governance.luhn_valid": "a piece of governance.discover_pii (Governance.discover_pii)",
    "governance.pii_name_hint": "a piece of governance.discover_pii (Governance.discover_pii)",
    "governance.pii_text_mention": "a piece of governance.discover_pii (Governance.discover_pii)",
    "governance.pii_value_kind": "a piece of governance.discover_pii (Governance.discover_pii)",
    "governance.pii_person_table": "a piece of governance.pii_name_hint, which runs with its caller's rights",
    "governance.pii_words": "a piece of governance.pii_name_hint, which runs with its caller's rights",
    "compliance.maintenance_columns": "read by compliance.activity_anomalies with its caller's rights",
    "privacy.column_list": "a piece of the erasure engine's predicates, for SQL inspection",
    "privacy.foreign_keys": "the erasure engine's view of references, for SQL inspection",
    "privacy.subject_tables": "the erasure engine's subject graph, for SQL inspection (Governance.erasure_plan reports it)",
    "privacy.table_and_ancestors": "a piece of the erasure engine, for SQL inspection",
}

PUBLIC_FUNCTIONS = """
SELECT n.nspname AS schema, p.proname AS name, p.oid::regprocedure::text AS identity,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_result(p.oid) AS result, p.prokind AS kind,
       COALESCE(pg_catalog.obj_description(p.oid, 'pg_proc'), '') AS comment,
       ARRAY(SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE a.grantee::regrole::text END
               FROM pg_catalog.aclexplode(COALESCE(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
              WHERE a.privilege_type = 'EXECUTE' AND a.grantee <> p.proowner ORDER BY 1) AS grantees,
       pg_catalog.array_position(governance.pack_schemas(), n.nspname) AS schema_order
  FROM pg_catalog.pg_proc p
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = ANY (governance.pack_schemas())
   -- pgcrypto may be installed into the governance schema: its functions are not ours
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
 ORDER BY schema_order, name, identity
"""


@dataclass(frozen=True)
class Function:
    schema: str
    name: str
    identity: str      # schema.name(argument types), as regprocedure prints it
    arguments: str     # with names and defaults
    result: str
    kind: str          # pg_proc.prokind: f function, a aggregate, p procedure, w window
    comment: str
    grantees: tuple[str, ...]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def granted(self) -> bool:
        return bool(self.grantees)

    @property
    def public(self) -> bool:
        return self.granted or self.comment.startswith(OWNER_ONLY)


def functions(conn: psycopg.Connection) -> list[Function]:
    """Every function of the pack's schemas, public and internal, in reference order."""
    rows = conn.execute(PUBLIC_FUNCTIONS).fetchall()
    return [Function(schema, name, identity, arguments, result, kind, comment, tuple(grantees))
            for schema, name, identity, arguments, result, kind, comment, grantees, _ in rows]


def marker_problems(found: Iterable[Function]) -> list[str]:
    """Functions whose grants and comment disagree: a granted function is public and says
    what it does; an ungranted one is an internal step ("Internal:") or the owner's ("Owner only:")."""
    problems = []
    for f in found:
        if f.granted and not f.comment:
            problems.append(f"{f.identity} is granted to {', '.join(f.grantees)} but has no comment")
        elif f.granted and re.match(r"(?i)(internal|owner only)\b", f.comment):
            problems.append(f"{f.identity} is granted to {', '.join(f.grantees)} but commented {f.comment.split(':')[0]!r}: "
                            "revoke it (an internal step) or describe what it does (public)")
        elif not f.granted and not f.comment.startswith((INTERNAL, OWNER_ONLY)):
            problems.append(f"{f.identity} is granted to no role but its comment does not start with "
                            f"{INTERNAL!r} (or {OWNER_ONLY!r}): {f.comment[:60]!r}")
        if "PUBLIC" in f.grantees:
            problems.append(f"{f.identity} is executable by PUBLIC")
    return problems


def mentions(qualified: str, text: str, unqualified_too: bool = False) -> tuple[int, int]:
    """How often text names the function: schema-qualified (not a longer name that starts
    with it), then by its bare name as code (`name(...)` or `name`), which a page's table of
    its capability's functions uses; the bare name counts only when no other public
    function has it (unqualified_too)."""
    qualified_count = len(re.findall(r"(?<![\w.])" + re.escape(qualified) + r"(?![\w])", text))
    name = qualified.split(".", 1)[1]
    bare_count = len(re.findall(r"`" + re.escape(name) + r"(?:\(|`)", text)) if unqualified_too else 0
    return qualified_count, bare_count


def doc_pages(root: Path = REPO) -> dict[str, str]:
    """The pages a function may be explained on: README.md and docs/*.md but this reference,
    by their path relative to docs/."""
    pages = {"../README.md": (root / "README.md").read_text()}
    for path in sorted((root / "docs").glob("*.md")):
        if path.name != REFERENCE.name:
            pages[path.name] = path.read_text()
    return pages


def explained_in(qualified: str, pages: dict[str, str], unqualified_too: bool = False) -> str | None:
    """The page that names the function most often (qualified names first; the first such
    page on a tie), or None when no page names it."""
    counts = [(mentions(qualified, text, unqualified_too), -index, page) for index, (page, text) in enumerate(pages.items())]
    best = max(counts)
    return best[2] if any(best[0]) else None


def unique_names(public: Iterable[Function]) -> set[str]:
    """Qualified names of public functions whose bare name no other schema's public function has."""
    schemas: dict[str, set[str]] = {}
    for f in public:
        schemas.setdefault(f.name, set()).add(f.schema)
    return {f"{next(iter(found))}.{name}" for name, found in schemas.items() if len(found) == 1}


SQL_CALL = re.compile(r"\b(governance|audit|access|privacy|lineage|compliance)\.([a-z_0-9]+)\s*\(")


def wrappers() -> dict[str, list[str]]:
    """Qualified SQL function name -> the Governance methods whose SQL calls it."""
    from installer.api.governance import Governance

    called: dict[str, list[str]] = {}
    for method_name, method in inspect.getmembers(Governance, inspect.isfunction):
        if method_name.startswith("_"):
            continue
        for schema, name in dict.fromkeys(SQL_CALL.findall(inspect.getsource(method))):
            called.setdefault(f"{schema}.{name}", []).append(method_name)
    return called


def python_column(f: Function, wrapped: dict[str, list[str]]) -> str:
    methods = wrapped.get(f.qualified)
    if methods:
        # The method named like the function first: that is its wrapper; others use it on the way.
        methods = sorted(methods, key=lambda m: (m != f.name, m))
        return ", ".join(f"`gov.{m}`" for m in methods)
    if f.qualified in SQL_ONLY:
        return f"SQL only: {SQL_ONLY[f.qualified]}"
    return ""


ROLES_NOTE = """\
Roles: a function granted to `governance_dpo`, `governance_auditor` or `governance_app`
may also be called by `governance_admin`, a member of the three; members of a role
inherit it ([roles.md](roles.md)). "pack owner": the role that installed the pack."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(conn: psycopg.Connection, root: Path = REPO) -> str:
    """docs/reference.md for the catalog conn is connected to."""
    public = [f for f in functions(conn) if f.public]
    pages, wrapped, unique = doc_pages(root), wrappers(), unique_names(public)
    lines = [
        "# Reference: the public functions",
        "",
        "<!-- Generated from the installed catalog by `make reference` (installer/render/reference.py): "
        "edit the SQL (its COMMENT and GRANT) and regenerate, never this file. -->",
        "Every function a governance role may call, and those only the pack's owner runs: the",
        "public contract of this release. Generated from the installed catalog (its signatures,",
        "grants and comments) by `make reference`; `tests/test_public_contract.py` fails when",
        "this page differs from the catalog, and when a public function has no page that",
        "explains it, no Python method (or reason to be SQL only) or no test that calls it.",
        "Every other function of the pack is an internal step: its comment starts with",
        "`Internal:`, no role may call it, and it may change in any release.",
        "",
        ROLES_NOTE,
    ]
    for schema in dict.fromkeys(f.schema for f in public):
        lines += ["", f"## {schema}", "",
                  "| function | returns | who may call it | what it does | explained in | Python |",
                  "|---|---|---|---|---|---|"]
        for f in (f for f in public if f.schema == schema):
            page = explained_in(f.qualified, pages, f.qualified in unique)
            kind = {"a": "aggregate ", "p": "procedure ", "w": "window "}.get(f.kind, "")
            who = ", ".join(f"`{g}`" for g in f.grantees) if f.granted else "pack owner"
            doc = f"[{page.removeprefix('../')}]({page})" if page else ""
            lines.append(f"| `{f.qualified}({_cell(f.arguments)})` | {kind}`{_cell(f.result)}` | {who} | "
                         f"{_cell(f.comment)} | {doc} | {_cell(python_column(f, wrapped))} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m installer.render.reference", description=__doc__.split("\n")[0])
    parser.add_argument("--dsn", help="a database with the pack installed (default: a throwaway one)")
    parser.add_argument("--output", type=Path, default=REFERENCE)
    args = parser.parse_args(argv)
    if args.dsn:
        with psycopg.connect(args.dsn) as conn:
            text = render(conn)
    else:
        from installer.engine.migrate import apply
        from installer.engine.throwaway import ThrowawayCluster

        with ThrowawayCluster() as cluster, psycopg.connect(cluster.dsn()) as conn:
            apply(conn, report=lambda _: None)
            text = render(conn)
    args.output.write_text(text)
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
