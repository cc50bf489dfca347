"""The Python wrappers call the SQL API and return its values unchanged."""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance


def test_context_round_trips_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = Governance(conn)
        assert gov.version() == "0.1.0"
        assert gov.current_tenant() is None
        gov.set_context("alice", tenant="acme", roles=["analyst", "viewer"], purpose="support")
        assert (gov.current_actor(), gov.current_tenant(), gov.current_roles(), gov.current_purpose()) \
            == ("alice", "acme", ["analyst", "viewer"], "support")


def test_wrapper_errors_are_the_sql_errors(installed_db):
    with psycopg.connect(installed_db) as conn, pytest.raises(psycopg.errors.InvalidParameterValue):
        Governance(conn).set_context("")


def test_classification_through_the_wrappers(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Odd Name" (email text)')
        gov = Governance(conn)
        gov.classify('public."Odd Name"', "email", "contact", "restricted")
        assert conn.execute("SELECT sensitivity FROM governance.classified_columns WHERE table_name = 'Odd Name'"
                            ).fetchone()[0] == "restricted"
        assert gov.unclassify('public."Odd Name"', "email") is True
        assert gov.unclassify('public."Odd Name"', "email") is False
