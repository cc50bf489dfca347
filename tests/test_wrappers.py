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
