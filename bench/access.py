"""Access control: tenant-isolation overhead on 1M rows / 100 tenants, ABAC throughput.

python -m bench.access
"""
from __future__ import annotations

import statistics

import psycopg

from .common import compare, governed_database, print_table, seconds

ROWS, TENANTS, LOOKUPS, CLIENT_LOOKUPS, COUNTS, DECISIONS, RUNS = 1_000_000, 100, 20_000, 5_000, 50, 20_000, 5
TENANT = 42

SETUP = f"""
CREATE ROLE bench_app NOLOGIN IN ROLE governance_app;
SELECT governance.allow_any_context('bench_app');  -- the application's pool: it names its users
CREATE TABLE public.plain_orders (id bigint PRIMARY KEY, tenant_id text NOT NULL, amount int, note text);
INSERT INTO public.plain_orders
SELECT g, 't' || (g % {TENANTS}), (g * 7) % 1000, 'order ' || g FROM generate_series(1, {ROWS}) g;
CREATE INDEX ON public.plain_orders (tenant_id);
CREATE TABLE public.tenant_orders (LIKE public.plain_orders INCLUDING ALL);
INSERT INTO public.tenant_orders SELECT * FROM public.plain_orders;
GRANT SELECT ON public.plain_orders, public.tenant_orders TO bench_app;
SELECT access.enable_tenant_isolation('public.tenant_orders');
"""

# 50 policies over 5 actions (10 per action, 2 of them deny), each with 3 conditions
# mixing literals, user-versus-resource comparisons and groups; 20 attributes per user.
POLICIES = """
SELECT access.create_policy('policy ' || p, jsonb_build_object(
    'effect', CASE WHEN p % 5 = 0 THEN 'deny' ELSE 'allow' END,
    'actions', jsonb_build_array((ARRAY['read', 'write', 'delete', 'share', 'export'])[p % 5 + 1]),
    'conditions', jsonb_build_array(
        jsonb_build_object('attribute', 'user.a' || (p % 20), 'operator', '>=', 'value', p % 7),
        jsonb_build_object('attribute', 'user.region', 'operator', '==', 'value_of', 'resource.region'),
        jsonb_build_object('any', jsonb_build_array(
            jsonb_build_object('attribute', 'resource.level', 'operator', '<=', 'value_of', 'user.clearance'),
            jsonb_build_object('attribute', 'user.teams', 'operator', 'contains', 'value', 'team' || (p % 3)))))))
  FROM generate_series(1, 50) p;
SELECT access.set_user_attribute('u' || u, 'a' || a, to_jsonb((u * a) % 10))
  FROM generate_series(1, 1000) u, generate_series(0, 16) a;
SELECT access.set_user_attribute('u' || u, 'region', to_jsonb((ARRAY['eu', 'us'])[u % 2 + 1])),
       access.set_user_attribute('u' || u, 'clearance', to_jsonb(u % 4)),
       access.set_user_attribute('u' || u, 'teams', jsonb_build_array('team' || (u % 3), 'team' || (u % 5)))
  FROM generate_series(1, 1000) u;
SELECT access.set_resource_attribute('r' || r, 'table', 'region', to_jsonb((ARRAY['eu', 'us'])[r % 2 + 1])),
       access.set_resource_attribute('r' || r, 'table', 'level', to_jsonb(r % 5))
  FROM generate_series(1, 1000) r;
"""


def _script(conn: psycopg.Connection, script: str) -> None:
    """Statement by statement: VACUUM cannot run in the implicit transaction of a multi-statement query."""
    for statement in filter(str.strip, script.split(";\n")):
        conn.execute(statement)


def _vacuum(conn: psycopg.Connection) -> None:
    """Both tables all-visible, so both can use index-only scans. A VACUUM right after the
    load sometimes leaves pages not all-visible; repeat until it does not."""
    for _ in range(5):
        conn.execute("VACUUM (FREEZE, ANALYZE) public.plain_orders, public.tenant_orders")
        if conn.execute("SELECT bool_and(relallvisible >= relpages * 0.99) FROM pg_class "
                        "WHERE oid IN ('public.plain_orders'::regclass, 'public.tenant_orders'::regclass)").fetchone()[0]:
            return
    raise RuntimeError("VACUUM could not mark the benchmark tables all-visible")


def _tenant_transaction(conn: psycopg.Connection) -> None:
    conn.execute("SET LOCAL ROLE bench_app")
    conn.execute("SELECT governance.set_context('bench', tenant => %s)", (f"t{TENANT}",))


def _counts(conn: psycopg.Connection, query: str) -> None:
    """One count takes under a millisecond: time several, so that timer noise does not decide the ratio."""
    for _ in range(COUNTS):
        conn.execute(query).fetchone()


def _loop(conn: psycopg.Connection, table: str, filter_tenant: bool) -> None:
    """LOOKUPS indexed point lookups of this tenant's rows, run server-side so that client
    round trips do not hide the cost of the policy."""
    tenant_filter = f"AND tenant_id = 't{TENANT}'" if filter_tenant else ""
    conn.execute(f"""DO $$ BEGIN FOR i IN 0 .. {LOOKUPS - 1} LOOP
        PERFORM amount FROM public.{table} WHERE id = {TENANT} + {TENANTS} * ((i * 7919) % {ROWS // TENANTS}) {tenant_filter};
        END LOOP; END $$""")


def _client_lookups(conn: psycopg.Connection, table: str, filter_tenant: bool) -> None:
    """CLIENT_LOOKUPS prepared point lookups sent one by one, as an application does."""
    tenant_filter = f"AND tenant_id = 't{TENANT}'" if filter_tenant else ""
    query = f"SELECT amount FROM public.{table} WHERE id = %s {tenant_filter}"
    for i in range(CLIENT_LOOKUPS):
        conn.execute(query, (TENANT + TENANTS * ((i * 7919) % (ROWS // TENANTS)),), prepare=True).fetchone()


def main() -> None:
    with governed_database() as dsn, psycopg.connect(dsn, autocommit=True) as admin:
        print(f"Loading {ROWS:,} rows x 2 tables, {TENANTS} tenants ...")
        setup = seconds(lambda: (_script(admin, SETUP), _vacuum(admin)))
        print(f"  {setup:.1f}s")
        conn = psycopg.connect(dsn)
        _tenant_transaction(conn)
        expected = ROWS // TENANTS
        assert conn.execute("SELECT count(*) FROM public.tenant_orders").fetchone()[0] == expected

        rows = [
            compare(f"{COUNTS} x count(*) of one tenant",
                    lambda: _counts(conn, f"SELECT count(*) FROM public.plain_orders WHERE tenant_id = 't{TENANT}'"),
                    lambda: _counts(conn, "SELECT count(*) FROM public.tenant_orders"), RUNS),
            compare(f"{LOOKUPS:,} indexed point lookups",
                    lambda: _loop(conn, "plain_orders", True),
                    lambda: _loop(conn, "tenant_orders", False), RUNS),
            compare(f"{CLIENT_LOOKUPS:,} point lookups from the client",
                    lambda: _client_lookups(conn, "plain_orders", True),
                    lambda: _client_lookups(conn, "tenant_orders", False), RUNS),
            compare(f"{LOOKUPS:,} point lookups, no tenant filter",
                    lambda: _loop(conn, "plain_orders", False),
                    lambda: _loop(conn, "tenant_orders", False), RUNS),
        ]
        conn.rollback()
        print_table("Tenant isolation (baseline: same query on an identical table without RLS, "
                    "filtering the tenant itself)", rows, {f"{LOOKUPS:,} indexed point lookups": 1.1,
                                                 f"{CLIENT_LOOKUPS:,} point lookups from the client": 1.1})

        print("\nLoading 50 policies, 1,000 users x 20 attributes, 1,000 resources ...")
        print(f"  {seconds(lambda: _script(admin, POLICIES)):.1f}s")
        decide = (f"SELECT count(*) FILTER (WHERE access.evaluate('u' || (g % 1000 + 1), 'r' || (g % 997 + 1), "
                  f"(ARRAY['read', 'write', 'delete', 'share', 'export'])[g % 5 + 1])) FROM generate_series(1, {DECISIONS}) g")
        lookup = (f"SELECT count(*) FROM generate_series(1, {DECISIONS}) g, "
                  "LATERAL (SELECT u.attributes FROM access.users u WHERE u.user_id = 'u' || (g % 1000 + 1)) u, "
                  "LATERAL (SELECT r.attributes FROM access.resources r WHERE r.resource_id = 'r' || (g % 997 + 1)) r")
        allowed = admin.execute(decide).fetchone()[0]
        abac = compare(f"{DECISIONS:,} ABAC decisions", lambda: admin.execute(lookup).fetchone(),
                       lambda: admin.execute(decide).fetchone(), RUNS)
        print_table("ABAC evaluate (baseline: reading the same user and resource rows)", [abac])
        rate = DECISIONS / statistics.median(abac.governed)
        print(f"\naccess.evaluate: {rate:,.0f} decisions/s (target >= 20,000), {allowed:,} of {DECISIONS:,} allowed")


if __name__ == "__main__":
    main()
