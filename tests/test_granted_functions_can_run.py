"""A function or view granted to a governance role must be able to run for that role.

A SECURITY INVOKER function (plain SQL or PL/pgSQL without definer rights) calls the
functions it names with its caller's privileges: granting it to a role is useless unless
that role may also execute every governance function it calls. Definer-rights functions
are exempt (they call as their owner). Calls are found in the function bodies; names
inside string literals are left out (an OID lookup such as 'f(int)'::regprocedure is no
call)."""
from __future__ import annotations

import re

import psycopg

ROLES = ("governance_admin", "governance_dpo", "governance_auditor", "governance_app")
SCHEMAS = ("governance", "audit", "access", "privacy", "lineage", "compliance")
CALL = re.compile(r"\b(" + "|".join(SCHEMAS) + r")\.([a-z_0-9]+)\s*\(")
STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")

INVOKER_FUNCTIONS = """
SELECT p.oid::regprocedure::text, p.prosrc, r.rolname
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 CROSS JOIN unnest(%(roles)s::text[]) AS r(rolname)
 WHERE n.nspname = ANY(%(schemas)s) AND NOT p.prosecdef AND p.prokind IN ('f', 'p')
   AND has_function_privilege(r.rolname, p.oid, 'EXECUTE')
"""

EXECUTABLE_OVERLOAD = """
SELECT bool_or(has_function_privilege(%s, p.oid, 'EXECUTE'))
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = %s AND p.proname = %s
"""


def test_every_function_a_role_may_call_can_call_what_it_uses(installed_db: str) -> None:
    missing = []
    with psycopg.connect(installed_db) as conn:
        granted = conn.execute(INVOKER_FUNCTIONS, {"roles": list(ROLES), "schemas": list(SCHEMAS)}).fetchall()
        assert granted, "the premise: some invoker-rights functions are granted to governance roles"
        for signature, body, role in granted:
            for schema, name in set(CALL.findall(STRING_LITERAL.sub("''", body))):
                executable = conn.execute(EXECUTABLE_OVERLOAD, (role, schema, name)).fetchone()[0]
                if executable is False:  # None: not a function of ours (a table, a type)
                    missing.append(f"{signature} is granted to {role} but calls {schema}.{name}, which {role} may not execute")
    assert not missing, "\n".join(missing)


GRANTED_VIEWS = """
SELECT c.oid::regclass::text, r.rolname
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN unnest(%(roles)s::text[]) AS r(rolname)
 WHERE n.nspname = ANY(%(schemas)s) AND c.relkind IN ('v', 'm')
   AND has_table_privilege(r.rolname, c.oid, 'SELECT')
"""


def test_every_view_a_role_may_read_runs_for_it(installed_db: str) -> None:
    """A view reads its tables with its owner's rights but calls functions with the
    reader's: the executor checks EXECUTE when it starts, so an empty result still fails."""
    failures = []
    with psycopg.connect(installed_db) as conn:
        granted = conn.execute(GRANTED_VIEWS, {"roles": list(ROLES), "schemas": list(SCHEMAS)}).fetchall()
        assert granted, "the premise: some views are granted to governance roles"
        for view, role in granted:
            try:
                with conn.transaction():
                    conn.execute(f"SET LOCAL ROLE {role}")
                    conn.execute(f"SELECT * FROM {view} LIMIT 1").fetchall()
            except psycopg.Error as error:
                failures.append(f"{role} may read {view} but it fails: {error.diag.message_primary}")
    assert not failures, "\n".join(failures)


# Steps of a workflow that must run only inside it: alone, each broke a business rule
# with nothing recorded (pseudonymizing a subject who was not erased lifted the subject's
# CCPA opt-out, so a refused sale was then accepted).
WORKFLOW_STEPS = ("privacy.pseudonymize_subject(text,text)", "lineage.forget_subject(text)",
                  "privacy.unlink_subject_records(text,text)")

GRANTED_INTERNAL_DEFINER_FUNCTIONS = """
SELECT p.oid::regprocedure::text, r.rolname
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 CROSS JOIN unnest(%(roles)s::text[]) AS r(rolname)
 WHERE n.nspname = ANY(%(schemas)s) AND p.prosecdef
   AND obj_description(p.oid, 'pg_proc') ~* '^internal\\M'
   AND has_function_privilege(r.rolname, p.oid, 'EXECUTE')
"""


def test_no_internal_step_runs_with_definer_rights_for_a_role(installed_db: str) -> None:
    """A function whose comment says "Internal:" is a step of a workflow. Granted with its
    owner's rights, a role could take the step out of its workflow (and its checks and
    records); an invoker-rights helper granted so that invoker functions can call it adds
    nothing its caller could not do. The known steps must stay marked and ungranted, so
    that dropping the marker cannot hide one."""
    with psycopg.connect(installed_db) as conn:
        granted = conn.execute(GRANTED_INTERNAL_DEFINER_FUNCTIONS,
                               {"roles": list(ROLES), "schemas": list(SCHEMAS)}).fetchall()
        steps = conn.execute(
            "SELECT f, obj_description(f::regprocedure, 'pg_proc'), r, has_function_privilege(r, f::regprocedure, 'EXECUTE') "
            "FROM unnest(%s::text[]) f CROSS JOIN unnest(%s::text[]) r", (list(WORKFLOW_STEPS), list(ROLES))).fetchall()
    assert [f"{f} runs with definer rights for {role}" for f, role in granted] == []
    assert [f for f, comment, _, _ in steps if not (comment or "").startswith("Internal:")] == []
    assert [f"{f} is granted to {role}" for f, _, role, executable in steps if executable] == []
