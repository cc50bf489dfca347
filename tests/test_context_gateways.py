"""Gateways: roles whose context the readers take as it is set, without checking its seal.

A gateway (governance.allow_any_context) may claim any actor and tenant with
set_context, so settings it writes by hand claim nothing it could not claim anyway: the
readers skip the seal for the role holding the gateway mark (EXECUTE on
governance.gateway_mark, granted with the binding). These tests hold the mark to the
binding, to its database and to the role the session acts as, and show what a gateway's
hand-set context leaves in the audit trail.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import psycopg
import pytest
from conftest import admin_execute

from installer.api.governance import Governance
from installer.engine.throwaway import ThrowawayCluster

_names = itertools.count()
# A context set by hand for this transaction, as set_context sets one for a gateway: the
# values and, in place of a seal, the transaction's mark (governance.context_unsealed).
HAND_SET = ("SELECT set_config('governance.actor', 'alice@example.com', true), "
            "set_config('governance.tenant', 'acme', true), "
            "set_config('governance.context_seal', encode(timestamptz_send(now()), 'hex'), true)")


def login(dsn: str, role: str) -> psycopg.Connection:
    return psycopg.connect(dsn.replace("user=postgres", f"user={role}"))


def assert_refused(conn: psycopg.Connection, forged: str = HAND_SET) -> None:
    """A context set by hand is an error for every reader, not a context."""
    conn.execute(forged)
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="outside governance.set_context"):
        conn.execute("SELECT governance.current_tenant()")
    conn.rollback()


@pytest.fixture
def roles(cluster: ThrowawayCluster, installed_db: str) -> Iterator[tuple[str, str]]:
    """A gateway login and a login bound to alice@example.com in tenant acme, both in governance_app."""
    suffix = f"{os.getpid()}_{next(_names)}"
    gateway, bound = f"gw_{suffix}", f"bound_{suffix}"
    for role in (gateway, bound):
        admin_execute(cluster, f"CREATE ROLE {role} LOGIN IN ROLE governance_app")
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("SELECT governance.allow_any_context(%s)", (gateway,))
        conn.execute("SELECT governance.bind_context(%s, actors => ARRAY['alice@example.com'], tenants => ARRAY['acme'])",
                     (bound,))
    yield gateway, bound
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {gateway}, {bound}")   # the mark and any grant of a test
    for role in (gateway, bound):
        admin_execute(cluster, f"DROP ROLE {role}")


def test_a_gateway_context_set_by_hand_is_read_and_recorded_as_set_context_would(installed_db, roles):
    gateway, _ = roles
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.notes (id int PRIMARY KEY, body text)")
        conn.execute("SELECT audit.enable('public.notes')")
        conn.execute(f"GRANT INSERT ON public.notes TO {gateway}")
    with login(installed_db, gateway) as conn:
        assert conn.execute("SELECT governance.context_gateway()").fetchone()[0] is True
        conn.execute(HAND_SET)
        assert conn.execute("SELECT governance.current_actor(), governance.current_tenant(), governance.context_values()"
                            ).fetchone() == ("alice@example.com", "acme", ["alice@example.com", "acme", None, None])
        conn.execute("INSERT INTO public.notes VALUES (1, 'by hand')")
        conn.commit()
        conn.execute("SELECT governance.set_context('bob@example.com', tenant => 'globex')")
        assert conn.execute("SELECT governance.context_unsealed(), governance.context_value(2)").fetchone() \
            == (True, "globex")
        conn.execute("INSERT INTO public.notes VALUES (2, 'by set_context')")
        conn.commit()
    with psycopg.connect(installed_db) as conn:
        conn.execute("SELECT audit.seal()")
        trail = conn.execute("SELECT actor, tenant, db_user, row_key FROM audit.changes "
                             "WHERE table_name = 'public.notes' ORDER BY id").fetchall()
        assert trail == [("alice@example.com", "acme", gateway, {"id": 1}), ("bob@example.com", "globex", gateway, {"id": 2})]
        assert conn.execute("SELECT count(*) FROM audit.verify_chain()").fetchone()[0] == 0


def test_a_bound_role_cannot_claim_by_hand_what_it_is_bound_to_nor_anything_else(installed_db, roles):
    _, bound = roles
    with login(installed_db, bound) as conn:
        assert Governance(conn).context_gateway() is False
        conn.execute("SELECT governance.set_context('alice@example.com', tenant => 'acme')")
        assert conn.execute("SELECT governance.context_unsealed(), governance.sealed_context_values()").fetchone() \
            == (False, ["alice@example.com", "acme", None, None])
        conn.rollback()
        for forged in (HAND_SET, "SELECT set_config('governance.tenant', 'globex', true)"):
            assert_refused(conn, forged)
        # The mark is not the role's to take.
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for function gateway_mark"):
            conn.execute("GRANT EXECUTE ON FUNCTION governance.gateway_mark() TO CURRENT_USER")


def test_the_mark_follows_the_binding(installed_db, roles):
    gateway, _ = roles

    def marked() -> bool:
        with psycopg.connect(installed_db) as conn:
            return conn.execute("SELECT has_function_privilege(%s, 'governance.gateway_mark()', 'EXECUTE')",
                                (gateway,)).fetchone()[0]

    def hand_set_context_reads() -> bool:
        with login(installed_db, gateway) as conn:
            conn.execute(HAND_SET)
            try:
                return conn.execute("SELECT governance.current_tenant()").fetchone()[0] == "acme"
            except psycopg.errors.InsufficientPrivilege:
                return False

    assert marked() and hand_set_context_reads()
    with psycopg.connect(installed_db, autocommit=True) as conn:
        # Any actor but listed tenants: limited, so no longer a gateway.
        conn.execute("SELECT governance.bind_context(%s, tenants => ARRAY['acme'], any_actor => true)", (gateway,))
        assert not marked() and not hand_set_context_reads()
        conn.execute("SELECT governance.allow_any_context(%s)", (gateway,))
        assert marked() and hand_set_context_reads()
        assert conn.execute("SELECT governance.unbind_context(%s)", (gateway,)).fetchone()[0] is True
        assert not marked() and not hand_set_context_reads()


def test_the_mark_belongs_to_its_database(cluster, installed_template, installed_db, roles):
    gateway, _ = roles
    other = f"other_{os.getpid()}_{next(_names)}"
    admin_execute(cluster, f"CREATE DATABASE {other} TEMPLATE {installed_template}")
    try:
        with login(cluster.dsn(other), gateway) as conn:
            assert conn.execute("SELECT governance.context_gateway()").fetchone()[0] is False
            assert_refused(conn)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not claim"):
                conn.execute("SELECT governance.set_context('alice@example.com', tenant => 'acme')")
    finally:
        admin_execute(cluster, f"DROP DATABASE {other} WITH (FORCE)")


def test_the_role_the_session_acts_as_decides(cluster, installed_db, roles):
    gateway, bound = roles
    admin_execute(cluster, f"GRANT {bound} TO {gateway}")
    with login(installed_db, gateway) as conn:
        # A gateway's login keeps its claims whatever role it acts as (it could RESET
        # ROLE): its context holds after SET ROLE, and it may claim or set a new one.
        conn.execute("SELECT governance.set_context('mallory@example.com', tenant => 'globex')")
        conn.execute(f"SET ROLE {bound}")
        assert conn.execute("SELECT governance.context_gateway(), governance.current_tenant()").fetchone() \
            == (True, "globex")
        conn.execute("SELECT governance.set_context('bob@example.com', tenant => 'initech')")
        conn.execute(HAND_SET)
        assert conn.execute("SELECT governance.current_tenant()").fetchone()[0] == "acme"
        conn.rollback()
    # A login without the mark that may become a gateway (without inheriting from it)
    # claims as the gateway once it does, and only then; its readers still check the seal
    # (its role may change again), so a context set by hand stays refused.
    pool, bridge = f"pool_{bound}", f"bridge_{bound}"
    admin_execute(cluster, f"CREATE ROLE {pool} NOLOGIN IN ROLE governance_app")
    # The login reaches the pool through a role that does not inherit: it may SET ROLE
    # to the pool, but does not hold the pool's privileges, its mark among them.
    admin_execute(cluster, f"CREATE ROLE {bridge} NOLOGIN NOINHERIT IN ROLE {pool}")
    try:
        admin_execute(cluster, f"GRANT {bridge} TO {bound}")
        with psycopg.connect(installed_db, autocommit=True) as conn:
            conn.execute("SELECT governance.allow_any_context(%s)", (pool,))
        with login(installed_db, bound) as conn:
            assert conn.execute("SELECT governance.context_gateway()").fetchone()[0] is False
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="may not claim"):
                conn.execute("SELECT governance.set_context('mallory@example.com', tenant => 'globex')")
            conn.rollback()
            conn.execute(f"SET ROLE {pool}")
            assert conn.execute("SELECT governance.context_gateway()").fetchone()[0] is True
            conn.execute("SELECT governance.set_context('mallory@example.com', tenant => 'globex')")
            assert conn.execute("SELECT governance.context_unsealed(), governance.current_tenant()").fetchone() \
                == (False, "globex")
            assert_refused(conn)
    finally:
        with psycopg.connect(installed_db, autocommit=True) as conn:
            conn.execute(f"DROP OWNED BY {pool}")
        admin_execute(cluster, f"DROP ROLE {bridge}")
        admin_execute(cluster, f"DROP ROLE {pool}")


def test_no_predefined_role_and_not_public_holds_the_mark(cluster, installed_db):
    with psycopg.connect(installed_db) as conn:
        acl = conn.execute("SELECT proacl::text[] FROM pg_proc WHERE oid = 'governance.gateway_mark()'::regprocedure"
                           ).fetchone()[0]
        assert acl is not None and not any(item.startswith("=") for item in acl), acl
        predefined = [name for (name,) in conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN ('pg_read_all_data', 'pg_write_all_data') ORDER BY 1")]
    role = f"all_data_{os.getpid()}_{next(_names)}"
    admin_execute(cluster, f"CREATE ROLE {role} LOGIN IN ROLE governance_app")
    for name in predefined:   # PostgreSQL 14 and later
        admin_execute(cluster, f"GRANT {name} TO {role}")
    try:
        with login(installed_db, role) as conn:
            assert conn.execute("SELECT governance.context_gateway()").fetchone()[0] is False
            assert_refused(conn)
    finally:
        admin_execute(cluster, f"DROP ROLE {role}")
