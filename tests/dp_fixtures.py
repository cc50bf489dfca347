"""A small governed dataset with a budget, shared by the DP test modules."""
from __future__ import annotations

import psycopg
import pytest

from installer import Governance

DATASET = 'public."Trips Table"'


@pytest.fixture
def dataset(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Trips Table" (km numeric)')
        conn.execute('INSERT INTO public."Trips Table" SELECT g FROM pg_catalog.generate_series(1, 100) g')
        Governance(conn).set_budget("alice", DATASET, 1.0)
    return installed_db


def as_alice(dsn: str) -> tuple[psycopg.Connection, Governance]:
    conn = psycopg.connect(dsn)
    gov = Governance(conn)
    gov.set_context("alice")
    return conn, gov
