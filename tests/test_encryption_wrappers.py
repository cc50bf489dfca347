"""Encryption through the Python wrappers: round trips, keys, shredding, concurrency."""
from __future__ import annotations

import threading

import psycopg
import pytest
from encryption_fixtures import create_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from installer import Governance

MASTER_KEY = "wrapper-test master key 0123456789abcdef0123456789"


@pytest.fixture
def keyed_db(installed_db):
    """A database with key 'ssn' usable by the connecting role; committed, so other sessions see it."""
    with psycopg.connect(installed_db) as conn:
        create_key(conn, MASTER_KEY, "ssn")
    return installed_db


def test_round_trips_and_metadata(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        text = gov.encrypt("123-45-6789", "ssn")
        assert isinstance(text, bytes) and gov.decrypt(text) == "123-45-6789"
        assert gov.decrypt_bytea(gov.encrypt(b"\x00\x01", "ssn")) == b"\x00\x01"
        assert gov.encrypt(None, "ssn") is None and gov.decrypt(None) is None
        assert gov.ciphertext_info(text) == {"key_name": "ssn", "version": 1, "data_key_id": 1, "is_text": True,
                                             "context_bound": False, "per_subject": False, "key_destroyed": False}
        assert gov.rotate_key("ssn") == 2
        assert gov.ciphertext_info(gov.encrypt("x", "ssn"))["version"] == 2
        assert gov.blind_index("a", "ssn") == gov.blind_index("a", "ssn") != gov.blind_index("b", "ssn")
        assert set(gov.connection_security()) >= {"session_ssl", "server_ssl", "password_encryption"}


def test_wrong_master_key_and_lock(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        with pytest.raises(psycopg.errors.InvalidPassword):
            gov.unlock("another master key 0123456789abcdef0123456789")
        conn.rollback()
        gov.unlock(MASTER_KEY)
        ciphertext = gov.encrypt("v", "ssn")
        gov.lock()
        with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="encryption is locked"):
            gov.decrypt(ciphertext)


def test_grants_through_the_wrappers(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        conn.execute('CREATE ROLE "Odd ""Role""" NOLOGIN IN ROLE governance_app')
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        gov.grant_key("ssn", '"Odd ""Role"""', ["decrypt"])
        ciphertext = gov.encrypt("v", "ssn")
        conn.execute('SET LOCAL ROLE "Odd ""Role"""')
        assert gov.decrypt(ciphertext) == "v"
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            gov.encrypt("w", "ssn")
        conn.rollback()


def test_shredding_makes_every_copy_unreadable(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        copies = [gov.encrypt(f"value {n}", "ssn", subject_key="customer-42") for n in range(3)]
        other = gov.encrypt("kept", "ssn", subject_key="customer-43")
        conn.commit()
        assert gov.shred_subject_keys("customer-42") == 1
        conn.commit()
        gov.unlock(MASTER_KEY)
        for copy in copies:
            with pytest.raises(psycopg.errors.NoDataFound, match="crypto-shredded"):
                with conn.transaction():
                    gov.decrypt(copy)
        assert gov.decrypt(other) == "kept"


def test_column_context_matches_encrypt_column(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        conn.execute('CREATE TABLE "Acc ounts" (region text, id int, iban text, PRIMARY KEY (region, id))')
        conn.execute("""INSERT INTO "Acc ounts" VALUES ('eu', 1, 'DE89 3704')""")
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        assert gov.encrypt_column('"Acc ounts"', "iban", "ssn") == (1, True)
        stored = conn.execute('SELECT iban FROM "Acc ounts"').fetchone()[0]
        context = gov.column_context('"Acc ounts"', "iban", ["eu", 1])
        assert gov.decrypt(stored, context) == "DE89 3704"
        with pytest.raises(psycopg.errors.DataException):
            gov.decrypt(stored, gov.column_context('"Acc ounts"', "iban", ["eu", 2]))


def test_concurrent_first_use_of_a_subject_key_creates_one_key(keyed_db):
    """Two sessions encrypting for a new subject at once race to create its key: one wins,
    the other waits on the unique index and then uses the winner's key."""
    results: list[bytes] = []
    barrier = threading.Barrier(2)

    def encrypt_for_new_subject() -> None:
        with psycopg.connect(keyed_db) as conn:
            gov = Governance(conn)
            gov.unlock(MASTER_KEY)
            barrier.wait()
            results.append(gov.encrypt("x", "ssn", subject_key="new-subject"))
            conn.commit()

    threads = [threading.Thread(target=encrypt_for_new_subject) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        assert len(results) == 2
        assert len({gov.ciphertext_info(r)["data_key_id"] for r in results}) == 1
        assert [gov.decrypt(r) for r in results] == ["x", "x"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"])),
       data=st.binary(max_size=300), context=st.none() | st.text(alphabet=st.characters(blacklist_characters="\x00",
                                                                                       blacklist_categories=["Cs"])))
def test_any_value_round_trips(keyed_db, text, data, context):
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        assert gov.decrypt(gov.encrypt(text, "ssn", context=context), context) == text
        assert gov.decrypt_bytea(gov.encrypt(data, "ssn", context=context), context) == data


def test_decryption_audit_is_opt_in(keyed_db):
    """With the audit module absent, a stand-in audit.log_event with the public signature
    receives the events; with it installed, the real one does. Either way audit.events
    gets one row per decrypted value, and none before opting in."""
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        if not conn.execute("SELECT to_regprocedure('audit.log_event(text, text, text, text, jsonb, boolean, integer)')"
                            ).fetchone()[0]:
            with pytest.raises(psycopg.errors.ObjectNotInPrerequisiteState, match="audit.log_event is not installed"):
                gov.set_decryption_audit("ssn")
            conn.rollback()
            conn.execute("""
                CREATE SCHEMA audit;
                CREATE TABLE audit.events (id bigserial, event_type text, action text, resource_type text,
                                           resource_id text, details jsonb, success boolean, duration_ms int);
                CREATE FUNCTION audit.log_event(event_type text, action text DEFAULT NULL, resource_type text DEFAULT NULL,
                    resource_id text DEFAULT NULL, details jsonb DEFAULT NULL, success boolean DEFAULT true,
                    duration_ms int DEFAULT NULL) RETURNS bigint LANGUAGE sql AS
                $$ INSERT INTO audit.events (event_type, action, resource_type, resource_id, details, success, duration_ms)
                   VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id $$""")
        events = "SELECT count(*) FROM audit.events WHERE event_type = 'decryption' AND resource_id = 'ssn'"
        before = conn.execute(events).fetchone()[0]
        gov.unlock(MASTER_KEY)
        ciphertexts = [gov.encrypt(f"v{n}", "ssn") for n in range(3)]
        gov.decrypt(ciphertexts[0])
        assert conn.execute(events).fetchone()[0] == before, "off by default"
        gov.set_decryption_audit("ssn")
        for ciphertext in ciphertexts:
            gov.decrypt(ciphertext)
        rows = conn.execute("SELECT action, details FROM audit.events WHERE event_type = 'decryption' "
                            "AND resource_id = 'ssn' ORDER BY id").fetchall()[before:]
        assert len(rows) == 3
        assert rows[0] == ("governance.decrypt", {"role": "postgres", "data_key_id": 1, "version": 1})
        gov.set_decryption_audit("ssn", False)
        gov.decrypt(ciphertexts[0])
        assert conn.execute(events).fetchone()[0] == before + 3


def test_read_only_transactions_decrypt_once_the_session_has_a_keyring(keyed_db):
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        ciphertext = gov.encrypt("kept", "ssn")
        conn.commit()
    with psycopg.connect(keyed_db) as conn:
        gov = Governance(conn)
        conn.execute("SET TRANSACTION READ ONLY")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction, match="first unlock of a session"):
            gov.unlock(MASTER_KEY)
        conn.rollback()
        gov.unlock(MASTER_KEY)
        conn.commit()
        conn.execute("SET TRANSACTION READ ONLY")
        gov.unlock(MASTER_KEY)
        assert gov.decrypt(ciphertext) == "kept"
