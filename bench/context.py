"""The session context: what set_context and the tenant check cost.

python -m bench.context

Server-side loops (PL/pgSQL, LOOPS calls or statements, so that client round trips do not
hide the cost), and transactions from the client, all logged in as an application role
(as applications connect: a gateway's readers take its context without checking the
seal, a bound role's check it), in the same run, interleaved, medians of RUNS:
  - governance.set_context for a gateway (allow_any_context), a bound role
    (bind_context) and a role claiming its own login name, against one forgeable
    set_config of a custom setting;
  - the tenant check per statement: indexed point lookups of one tenant's rows on a
    tenant-isolated table, against the same lookup on an identical table without row
    security filtering the tenant by hand, and against a table whose policy reads a
    plain (forgeable) current_setting;
  - per transaction from the client: BEGIN, set the tenant, one lookup, COMMIT, against
    BEGIN, one lookup filtering by hand, COMMIT (and the forgeable set_config variant).
"""
from __future__ import annotations

import statistics

import psycopg

from .common import compare, governed_database, print_table, seconds

ROWS, TENANTS, LOOPS, TRANSACTIONS, RUNS = 200_000, 100, 20_000, 2_000, 5
TENANT = 42

SETUP = f"""
CREATE ROLE bench_pool LOGIN IN ROLE governance_app;
CREATE ROLE bench_reports LOGIN IN ROLE governance_app;
SELECT governance.allow_any_context('bench_pool');
SELECT governance.bind_context('bench_reports', actors => ARRAY['reports@example.com'], tenants => ARRAY['t{TENANT}']);
CREATE TABLE public.plain_orders (id bigint PRIMARY KEY, tenant_id text NOT NULL, amount int);
INSERT INTO public.plain_orders SELECT g, 't' || (g % {TENANTS}), (g * 7) % 1000 FROM generate_series(1, {ROWS}) g;
CREATE INDEX ON public.plain_orders (tenant_id);
CREATE TABLE public.tenant_orders (LIKE public.plain_orders INCLUDING ALL);
INSERT INTO public.tenant_orders SELECT * FROM public.plain_orders;
CREATE TABLE public.forgeable_orders (LIKE public.plain_orders INCLUDING ALL);
INSERT INTO public.forgeable_orders SELECT * FROM public.plain_orders;
GRANT SELECT ON public.plain_orders, public.tenant_orders, public.forgeable_orders TO bench_pool, bench_reports;
SELECT access.enable_tenant_isolation('public.tenant_orders');
ALTER TABLE public.forgeable_orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY forgeable ON public.forgeable_orders USING (tenant_id = (SELECT current_setting('bench.tenant', true)));
VACUUM (FREEZE, ANALYZE) public.plain_orders, public.tenant_orders, public.forgeable_orders
"""

SET_CONTEXT = {
    "gateway": ("bench_pool", f"PERFORM governance.set_context('alice@example.com', tenant => 't{TENANT}');"),
    "bound role": ("bench_reports", f"PERFORM governance.set_context('reports@example.com', tenant => 't{TENANT}');"),
    "own login name": ("bench_reports", "PERFORM governance.set_context('bench_reports');"),
    "forgeable set_config": ("bench_pool", f"PERFORM set_config('bench.tenant', 't{TENANT}', true);"),
}


def _loop(conn: psycopg.Connection, body: str, setup: str = "") -> float:
    """Seconds for LOOPS iterations of body in one transaction."""
    if setup:
        conn.execute(setup)
    elapsed = seconds(lambda: conn.execute(f"DO $$ BEGIN FOR i IN 0 .. {LOOPS - 1} LOOP {body} END LOOP; END $$"))
    conn.rollback()
    return elapsed


def _lookup(table: str, by_hand: bool) -> str:
    tenant_filter = f"AND tenant_id = 't{TENANT}'" if by_hand else ""
    return (f"PERFORM amount FROM public.{table} "
            f"WHERE id = {TENANT} + {TENANTS} * ((i * 7919) % {ROWS // TENANTS}) {tenant_filter};")


def _transactions(conn: psycopg.Connection, set_tenant: str | None, table: str, by_hand: bool) -> None:
    """TRANSACTIONS client transactions: BEGIN, the set statement if any, one lookup, COMMIT."""
    tenant_filter = f"AND tenant_id = 't{TENANT}'" if by_hand else ""
    query = f"SELECT amount FROM public.{table} WHERE id = %s {tenant_filter}"
    for i in range(TRANSACTIONS):
        if set_tenant:
            conn.execute(set_tenant, prepare=True)
        conn.execute(query, (TENANT + TENANTS * ((i * 7919) % (ROWS // TENANTS)),), prepare=True).fetchone()
        conn.commit()


def _us(values: list[float], base: list[float]) -> float:
    return (statistics.median(values) - statistics.median(base)) / LOOPS * 1e6


def main() -> None:
    with governed_database() as dsn, psycopg.connect(dsn, autocommit=True) as admin:
        for statement in filter(str.strip, SETUP.split(";\n")):
            admin.execute(statement)
        logins = {role: psycopg.connect(dsn.replace("user=postgres", f"user={role}")) for role in ("bench_pool", "bench_reports")}
        conn = logins["bench_pool"]

        # Calls of set_context and set_config: microseconds per call, net of the empty loop.
        empty: list[float] = []
        calls: dict[str, list[float]] = {name: [] for name in SET_CONTEXT}
        for _ in range(RUNS):
            empty.append(_loop(conn, "PERFORM 1;"))
            for name, (role, body) in SET_CONTEXT.items():
                calls[name].append(_loop(logins[role], body))
        print(f"\nset_context, server-side loop of {LOOPS:,} calls (median of {RUNS}, net of an empty loop)")
        for name, values in calls.items():
            print(f"  {name:24} {_us(values, empty):6.2f} us per call")

        # The tenant check per statement.
        set_tenant = f"SELECT governance.set_context('alice@example.com', tenant => 't{TENANT}')"
        set_bound = f"SELECT governance.set_context('reports@example.com', tenant => 't{TENANT}')"
        forge = f"SELECT set_config('bench.tenant', 't{TENANT}', true)"
        hand = lambda: _loop(conn, _lookup("plain_orders", True))  # noqa: E731
        statements = [
            compare(f"{LOOPS:,} lookups, tenant isolation", hand,
                    lambda: _loop(conn, _lookup("tenant_orders", False), set_tenant), RUNS),
            compare(f"{LOOPS:,} lookups, bound role (seal)", hand,
                    lambda: _loop(logins["bench_reports"], _lookup("tenant_orders", False), set_bound), RUNS),
            compare(f"{LOOPS:,} lookups, forgeable policy", hand,
                    lambda: _loop(conn, _lookup("forgeable_orders", False), forge), RUNS),
        ]
        print_table("Tenant check per statement, server-side (baseline: the same lookup on a table "
                    "without RLS, filtering the tenant by hand)", statements,
                    {f"{LOOPS:,} lookups, tenant isolation": 1.35})
        for row in statements:
            extra = (statistics.median(row.governed) - statistics.median(row.baseline)) / LOOPS * 1e6
            print(f"  {row.name}: {extra:.2f} us per statement over filtering by hand")

        # Per transaction from the client.
        by_hand = lambda: _transactions(conn, None, "plain_orders", True)  # noqa: E731
        transactions = [
            compare(f"{TRANSACTIONS:,} tx: set_context + lookup", by_hand,
                    lambda: _transactions(conn, set_tenant, "tenant_orders", False), RUNS),
            compare(f"{TRANSACTIONS:,} tx: set_config + lookup", by_hand,
                    lambda: _transactions(conn, forge, "forgeable_orders", False), RUNS),
        ]
        print_table("Per transaction from the client (baseline: BEGIN, one lookup filtering by hand, COMMIT)",
                    transactions, {f"{TRANSACTIONS:,} tx: set_context + lookup": 1.5})
        for login in logins.values():
            login.close()


if __name__ == "__main__":
    main()
