"""The erasure wrappers call the SQL API and return its values unchanged."""
from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from erasure_fixtures import create_shop

from installer import Governance


def test_configuration_plan_forget_and_export_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Member List" ("member key" text PRIMARY KEY, email text NOT NULL)')
        conn.execute('CREATE TABLE public.visit (id serial PRIMARY KEY, member text REFERENCES public."Member List")')
        conn.execute('CREATE TABLE public.clicks (member_ref text, n numeric)')
        conn.execute("""INSERT INTO public."Member List" VALUES ('m-1', 'a@example.com'), ('m-2', 'b@example.com')""")
        conn.execute("INSERT INTO public.visit (member) VALUES ('m-1'), ('m-1'), ('m-2')")
        conn.execute("INSERT INTO public.clicks VALUES ('m-1', 0.1), ('m-2', 2)")
        gov = Governance(conn)
        gov.classify('public."Member List"', "email", "contact")
        gov.register_subject("member", 'public."Member List"', "member key")
        gov.link_table("public.clicks", "member_ref", "member")
        gov.set_erasure_rule("public.visit", "delete", "no reason to keep")
        plan = gov.erasure_plan("m-1", "member")
        assert {t["table"]: t["rows"] for t in plan["tables"]} == {
            "public.visit": 2, 'public."Member List"': 1, "public.clicks": 1}
        conn.commit()   # the export's record commits in a transaction of its own, before the export
        exported = gov.gdpr_export("m-1")
        assert exported["tables"]["public.clicks"]["rows"] == [{"member_ref": "m-1", "n": Decimal("0.1")}]
        result = gov.gdpr_forget("m-1", "member")
        assert result["rows_erased"] == 4
        assert gov.gdpr_forget("m-1")["status"] == "already_erased"
        assert conn.execute("SELECT count(*) FROM public.visit").fetchone()[0] == 1


def test_discover_pii_and_own_parent_through_the_wrappers(installed_db):
    create_shop(installed_db, customers=5)
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        found = {(row["table_name"], row["column_name"]): row for row in gov.discover_pii("shop")}
        assert found[("shop.customer", "email")]["evidence"]["values"]["kind"] == "email"
        gov.own_parent("shop.store", "address_id")
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            gov.set_erasure_rule("shop.film", "shred")
