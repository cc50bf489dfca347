"""Crypto-shredding through privacy.gdpr_forget: the erasure destroys the subject's keys,
so copies of its ciphertexts kept outside the erased tables become unreadable."""
from __future__ import annotations

import psycopg
import pytest
from encryption_fixtures import create_key

MASTER_KEY = "erasure-test master key 0123456789abcdef0123456789"


def test_gdpr_forget_shreds_the_subjects_keys(installed_db):
    with psycopg.connect(installed_db) as conn:
        gov = create_key(conn, MASTER_KEY, "notes")
        conn.execute("CREATE TABLE customer (id text PRIMARY KEY, name text)")
        conn.execute("CREATE TABLE note (id serial PRIMARY KEY, customer_id text REFERENCES customer, body bytea)")
        conn.execute("INSERT INTO customer VALUES ('c-1', 'Ada'), ('c-2', 'Grace')")
        for customer in ("c-1", "c-2"):
            conn.execute("INSERT INTO note (customer_id, body) VALUES (%s, governance.encrypt(%s, 'notes', %s))",
                         (customer, f"diagnosis of {customer}", customer))
        copy_of_c1 = conn.execute("SELECT body FROM note WHERE customer_id = 'c-1'").fetchone()[0]
        copy_of_c2 = conn.execute("SELECT body FROM note WHERE customer_id = 'c-2'").fetchone()[0]
        gov.register_subject("customer", "customer", "id")
        conn.commit()

        outcome = gov.gdpr_forget("c-1", "customer")
        assert outcome["keys_shredded"] == 1
        assert conn.execute("SELECT keys_shredded FROM privacy.erasures ORDER BY id DESC LIMIT 1").fetchone()[0] == 1
        conn.commit()

        gov.unlock(MASTER_KEY)
        with pytest.raises(psycopg.errors.NoDataFound, match="crypto-shredded"):
            with conn.transaction():
                gov.decrypt(copy_of_c1)
        assert gov.decrypt(copy_of_c2) == "diagnosis of c-2"
