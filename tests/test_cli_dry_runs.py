"""Every command that changes data has --dry-run, and a dry run changes nothing: not a row,
not a grant, not a role, not a column type. Read-only commands change nothing either."""
from __future__ import annotations

import os

import psycopg
import pytest
from encryption_fixtures import create_key
from erasure_fixtures import create_shop
from psycopg import sql

from installer.engine.throwaway import find_bindir

MASTER_KEY = "dry-run test master key 0123456789abcdef0123456789"
ROLE = "cli_dry_run_analyst"

# Each command with work waiting for it in the database prepared below.
DRY_RUNS = {
    "apply": [],
    "uninstall": [],
    "forget": ["--subject-type", "customer", "--key", "5"],
    "sync-roles": [],
    "maintain": [],
    "encrypt-column": ['public."Plain Text"', "ssn", "ssn"],
    "reencrypt": ['public."Old Key"', "ssn"],
}
READ_ONLY = {
    "status": [],
    "check": ["--fail-on", "none"],
    "lineage": ["warehouse/shop_orders"],
    "requests": [],
    "export": ["--subject-type", "customer", "--key", "5", "--output", "-"],
    "report": ["--output", os.devnull],
    "inventory": ["--format", "csv"],
    # The server's own pg_dump: the one on PATH may be older than the server under test.
    "dump": ["--masked", "--output", os.devnull, "--pg-dump", str(find_bindir() / "pg_dump")],
}


def fingerprint(dsn: str) -> dict[str, object]:
    """What a change would touch: every table's rows, column types, privileges, roles."""
    with psycopg.connect(dsn) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1")]
        state: dict[str, object] = {
            table: conn.execute(sql.SQL("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t")
                                .format(sql.SQL(table))).fetchone()[0]
            for table in tables}
        state["catalog"] = conn.execute(
            """SELECT (SELECT string_agg(c.oid::regclass || ':' || coalesce(c.relacl::text, ''), ',' ORDER BY 1)
                         FROM pg_class c WHERE c.relnamespace::regnamespace::text NOT LIKE 'pg\\_%'),
                      (SELECT string_agg(a.attrelid::regclass || '.' || a.attname || ':' || a.atttypid::regtype, ','
                                         ORDER BY 1)
                         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                        WHERE c.relnamespace::regnamespace::text NOT LIKE 'pg\\_%' AND a.attnum > 0),
                      (SELECT count(*) FROM pg_proc), (SELECT count(*) FROM pg_trigger), (SELECT count(*) FROM pg_policy),
                      (SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles)""").fetchone()
    return state


@pytest.fixture
def busy_db(installed_db):
    """An installed database where every data-changing command has something to do."""
    create_shop(installed_db)
    with psycopg.connect(installed_db) as conn:
        gov = create_key(conn, MASTER_KEY, "ssn")
        conn.execute('CREATE TABLE public."Plain Text" (id int PRIMARY KEY, ssn text)')
        conn.execute('INSERT INTO public."Plain Text" SELECT g, \'ssn-\' || g FROM generate_series(1, 30) g')
        conn.execute('CREATE TABLE public."Old Key" (id int PRIMARY KEY, ssn bytea)')
        conn.execute('INSERT INTO public."Old Key" SELECT g, governance.encrypt(\'x\' || g, \'ssn\') '
                     'FROM generate_series(1, 30) g')
        gov.rotate_key("ssn")
        gov.create_role(ROLE)
        gov.create_permission("read shop orders", "public.shop_orders", "read")
        conn.execute("CREATE TABLE public.shop_orders (id int)")
        gov.grant_permission(ROLE, "read shop orders")
        gov.register_asset("warehouse", "shop_orders", "table")
        gov.audit_enable("public.shop_orders")
        conn.commit()
        conn.execute("SET audit.seal_after = '99999999999'")  # the audit rows wait for maintain
        conn.execute("INSERT INTO public.shop_orders VALUES (1)")
        conn.commit()
        assert conn.execute("SELECT count(*) FROM audit.waiting").fetchone()[0] >= 1
    yield installed_db
    with psycopg.connect(installed_db, autocommit=True) as conn:
        if conn.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (ROLE,)).fetchone()[0]:
            conn.execute(sql.SQL("DROP OWNED BY {0}; DROP ROLE {0}").format(sql.Identifier(ROLE)))


def test_dry_runs_and_read_only_commands_change_nothing(busy_db, cli):
    env = {k: v for k, v in os.environ.items() if k != "PG_GOVERNANCE_MASTER_KEY"}
    before = fingerprint(busy_db)
    for command, args in {**DRY_RUNS, **READ_ONLY}.items():
        dry = ["--dry-run"] if command in DRY_RUNS else []
        result = cli(command, "--dsn", busy_db, *args, *dry, env=env)
        assert result.returncode == 0, (command, result.stdout + result.stderr)
        after = fingerprint(busy_db)
        changed = sorted(key for key in before if before[key] != after.get(key))
        if command == "export":  # a disclosure of personal data is itself recorded: the audit trail and its grant
            assert "audit.events" in changed and "privacy.disclosure_grants" in changed, changed
            assert all(key.startswith("audit.") or key == "privacy.disclosure_grants" for key in changed), changed
            before = after
            continue
        assert changed == [], f"{command} {' '.join(dry)} changed {changed}"
    # The work was there to do: the real commands would have changed something.
    assert "Would run" in cli("sync-roles", "--dsn", busy_db, "--dry-run").stdout
    assert "Would convert 30 row(s)" in cli("reencrypt", "--dsn", busy_db, *DRY_RUNS["reencrypt"], "--dry-run").stdout
