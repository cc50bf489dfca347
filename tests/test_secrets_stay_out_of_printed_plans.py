"""No role reads the pack's keys from the plans it may print.

debug_print_plan is a setting every role may turn on; with client_min_messages = log the
server sends the caller every plan it builds, those built inside SECURITY DEFINER
functions included, with their folded constants and the values of their parameters.
The context seal's key (folded into set_context's plans), the audit hash key (a
parameter of the shadow insert) and unwrapped data keys (parameters of the encryption
helpers) would all be printed. Every definer function pins debug_print_plan = off; this
test holds the whole path to it, as a least-privilege login.
"""
from __future__ import annotations

import secrets

import psycopg
import pytest
from conftest import admin_execute

LOGIN = "plan_reader"


def signed_bytes(data: bytes) -> str:
    """How a bytea constant's bytes appear in a printed plan (':constvalue n [ 16 1 ... ]')."""
    return " ".join(str(b - 256 if b > 127 else b) for b in data)


@pytest.fixture
def login(cluster, installed_db):
    admin_execute(cluster, f"CREATE ROLE {LOGIN} LOGIN IN ROLE governance_app")
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE public.people (id int PRIMARY KEY, email text)")
        conn.execute("INSERT INTO public.people VALUES (1, 'ann@example.com'), (2, 'bob@example.com')")
        conn.execute("SELECT governance.classify('public.people', 'email', 'direct_identifier', 'restricted')")
        conn.execute("SELECT audit.enable('public.people')")
        conn.execute(f"GRANT SELECT, UPDATE ON public.people TO {LOGIN}")
        conn.execute("SELECT governance.bind_context(%s, actors => ARRAY['alice'], tenants => ARRAY['acme'])", (LOGIN,))
    yield installed_db.replace("user=postgres", f"user={LOGIN}")
    with psycopg.connect(installed_db, autocommit=True) as conn:
        conn.execute(f"DROP OWNED BY {LOGIN}")
    admin_execute(cluster, f"DROP ROLE {LOGIN}")


def test_plans_built_inside_definer_functions_are_never_printed(installed_db, login):
    master_key = secrets.token_hex(32)
    with psycopg.connect(installed_db) as conn:   # one transaction: unlock holds for it only
        conn.execute("SELECT governance.unlock(%s)", (master_key,))
        conn.execute("SELECT governance.create_key('notes')")
        conn.execute("SELECT governance.grant_key('notes', %s, ARRAY['encrypt'])", (LOGIN,))
        context_key = conn.execute("SELECT key FROM governance.context_key").fetchone()[0]
        hash_key = conn.execute("SELECT key FROM audit.hash_key").fetchone()[0]

    plans: list[str] = []
    statements = [
        "SELECT governance.set_context('alice', 'acme')",       # the seal: the key's pads folded into its plan
        "UPDATE public.people SET email = email || '.x'",        # two rows: the shadow insert takes the hash key
        "SELECT governance.unlock(%s)",
        "SELECT governance.encrypt('123-45-6789', 'notes')",     # the data key, unwrapped for this transaction
    ]
    with psycopg.connect(login) as conn:
        conn.add_notice_handler(lambda diag: plans.append(diag.message_detail or ""))
        conn.execute("SET client_min_messages = log")
        conn.execute("SET debug_print_plan = on")
        conn.execute("SET debug_pretty_print = off")
        plans.clear()
        for statement in statements:
            conn.execute(statement, (master_key,) if "%s" in statement else None)
        conn.rollback()

    # The caller's own statements print their plans, nothing built inside the pack does.
    assert len(plans) == len(statements), f"{len(plans)} plans printed for {len(statements)} statements"
    printed = "\n".join(plans)
    assert "PLANNEDSTMT" in printed
    pads = [bytes(b ^ pad for b in context_key.ljust(64, b"\0")) for pad in (0x36, 0x5C)]
    for secret in (context_key, hash_key, *pads):
        assert signed_bytes(secret[:12]) not in printed
