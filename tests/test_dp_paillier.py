"""Paillier: our Python implementation, and sums of ciphertexts inside PostgreSQL."""
from __future__ import annotations

import random

import phe
import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from installer import Governance
from installer.crypto.paillier import Ciphertext, KeyMismatch, PublicKey, generate_keypair

# Exactness does not depend on the key size, and Python's pow() makes 2048-bit encryption
# cost ~0.1 s per value here: the 10,000-value sum uses 256-bit keys; 1024-bit keys check
# that large ciphertexts survive numeric (the demo uses 2048 bits).
SMALL_PUBLIC, SMALL_PRIVATE = generate_keypair(256)
PUBLIC, PRIVATE = generate_keypair(256)
LARGE_PUBLIC, LARGE_PRIVATE = generate_keypair(1024)
INSERT = "INSERT INTO public.\"Encrypted Payroll\" (amount) VALUES (ROW(%s, %s)::privacy.paillier_ciphertext)"

plaintexts = st.integers(min_value=-SMALL_PUBLIC.max_int, max_value=SMALL_PUBLIC.max_int)


@settings(max_examples=200)
@given(plaintexts)
def test_decrypt_inverts_encrypt(m):
    assert SMALL_PRIVATE.decrypt(SMALL_PUBLIC.encrypt(m)) == m


@settings(max_examples=100)
@given(st.lists(st.integers(min_value=-10**30, max_value=10**30), min_size=1, max_size=20))
def test_product_of_ciphertexts_decrypts_to_the_sum(values):
    total = SMALL_PUBLIC.add(*(SMALL_PUBLIC.encrypt(v) for v in values))
    assert SMALL_PRIVATE.decrypt(total) == sum(values)


def test_encryption_is_randomised():
    assert SMALL_PUBLIC.encrypt(7) != SMALL_PUBLIC.encrypt(7)


def test_overflow_is_refused_not_wrapped():
    big = SMALL_PUBLIC.max_int
    with pytest.raises(OverflowError):
        SMALL_PRIVATE.decrypt(SMALL_PUBLIC.add(SMALL_PUBLIC.encrypt(big), SMALL_PUBLIC.encrypt(big)))
    with pytest.raises(OverflowError):
        SMALL_PUBLIC.encrypt(big + 1)


def test_another_keys_ciphertext_is_refused_client_side():
    with pytest.raises(KeyMismatch):
        SMALL_PRIVATE.decrypt(LARGE_PUBLIC.encrypt(1))


def test_interoperates_with_the_phe_reference_implementation():
    reference_public = phe.PaillierPublicKey(SMALL_PUBLIC.n)  # phe also uses g = n + 1
    reference_private = phe.PaillierPrivateKey(reference_public, SMALL_PRIVATE.p, SMALL_PRIVATE.q)
    for m in (0, 1, 123456789, SMALL_PUBLIC.n - 5):
        ours = SMALL_PUBLIC.encrypt(m if m < SMALL_PUBLIC.max_int else m - SMALL_PUBLIC.n)
        assert reference_private.raw_decrypt(ours.c) == m
        assert SMALL_PRIVATE.decrypt(Ciphertext(SMALL_PUBLIC.key_id, reference_public.raw_encrypt(m))) \
            == (m if m < SMALL_PUBLIC.max_int else m - SMALL_PUBLIC.n)


def test_generated_keys_have_the_requested_size():
    assert SMALL_PUBLIC.n.bit_length() == 256 and LARGE_PUBLIC.n.bit_length() == 1024
    assert SMALL_PRIVATE.p * SMALL_PRIVATE.q == SMALL_PUBLIC.n


@pytest.fixture
def payroll(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute('CREATE TABLE public."Encrypted Payroll" (id serial, amount privacy.paillier_ciphertext)')
        yield conn


def test_sum_of_10000_encrypted_values_decrypts_to_the_exact_sum(payroll):
    rng = random.Random(8)
    values = [rng.randint(-10**12, 10**12) for _ in range(10_000)]
    with payroll.cursor() as cur:
        cur.executemany(INSERT, [PRIVATE.encrypt(v) for v in values])
    total = Governance(payroll).paillier_sum('"Encrypted Payroll"', "amount", PUBLIC.n)
    assert total.key_id == PUBLIC.key_id
    assert PRIVATE.decrypt(total) == sum(values)
    assert any(v < 0 for v in values)


def test_the_table_is_named_like_every_other_wrapper_table(payroll):
    """Schema-qualified, quoted as in SQL: the same convention as every other wrapper."""
    payroll.execute('CREATE SCHEMA "Pay; DROP TABLE x; --"')
    payroll.execute('CREATE TABLE "Pay; DROP TABLE x; --"."Q""1" (v privacy.paillier_ciphertext)')
    payroll.execute('INSERT INTO "Pay; DROP TABLE x; --"."Q""1" VALUES (ROW(%s, %s)::privacy.paillier_ciphertext)',
                    PUBLIC.encrypt(7))
    total = Governance(payroll).paillier_sum('"Pay; DROP TABLE x; --"."Q""1"', "v", PUBLIC.n)
    assert PRIVATE.decrypt(total) == 7


def test_large_keys_sum_in_sql(payroll):
    values = [10**200, -(10**199), 3, -4] * 5
    with payroll.cursor() as cur:
        cur.executemany(INSERT, [LARGE_PUBLIC.encrypt(v) for v in values])
    total = Governance(payroll).paillier_sum('"Encrypted Payroll"', "amount", LARGE_PUBLIC.n)
    assert LARGE_PRIVATE.decrypt(total) == sum(values)


def test_private_key_encryption_is_the_same_scheme():
    assert SMALL_PRIVATE.decrypt(SMALL_PUBLIC.add(SMALL_PRIVATE.encrypt(-9), SMALL_PUBLIC.encrypt(4))) == -5


def test_sql_key_id_matches_python(payroll):
    assert bytes(payroll.execute("SELECT privacy.paillier_key_id(%s::numeric)", (PUBLIC.n,)).fetchone()[0]) == PUBLIC.key_id


def test_a_ciphertext_from_another_key_is_refused(payroll):
    payroll.execute(INSERT, PUBLIC.encrypt(5))
    payroll.execute(INSERT, SMALL_PUBLIC.encrypt(5))  # same size, other key: only the key id tells
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="made under another key"):
        Governance(payroll).paillier_sum('"Encrypted Payroll"', "amount", PUBLIC.n)


def test_a_relabelled_out_of_range_ciphertext_is_refused(payroll):
    payroll.execute(INSERT, (PUBLIC.key_id, PUBLIC.n_squared + 1))
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="not an integer between 0 and n"):
        Governance(payroll).paillier_sum('"Encrypted Payroll"', "amount", PUBLIC.n)


def test_nulls_are_skipped_and_an_empty_sum_is_null(payroll):
    gov = Governance(payroll)
    assert gov.paillier_sum('"Encrypted Payroll"', "amount", PUBLIC.n) is None
    payroll.execute('INSERT INTO public."Encrypted Payroll" (amount) VALUES (NULL)')
    payroll.execute(INSERT, PUBLIC.encrypt(-42))
    assert PRIVATE.decrypt(gov.paillier_sum('"Encrypted Payroll"', "amount", PUBLIC.n)) == -42


def test_grouped_sums_per_key(payroll):
    keys = {PUBLIC.key_id: (PUBLIC, PRIVATE), SMALL_PUBLIC.key_id: (SMALL_PUBLIC, SMALL_PRIVATE)}
    for public, _ in keys.values():
        for v in (1, 2, -10):
            payroll.execute(INSERT, public.encrypt(v))
    payroll.execute("CREATE TEMP TABLE keys (key_id bytea, n numeric)")
    payroll.cursor().executemany("INSERT INTO keys VALUES (%s, %s)", [(k, p.n) for k, (p, _) in keys.items()])
    rows = payroll.execute('SELECT (s).key_id, (s).c FROM (SELECT privacy.paillier_sum(t.amount, k.n) AS s '
                           'FROM public."Encrypted Payroll" t JOIN keys k ON k.key_id = (t.amount).key_id '
                           'GROUP BY k.key_id) AS g').fetchall()
    assert len(rows) == 2
    for key, c in rows:
        assert keys[bytes(key)][1].decrypt(Ciphertext(bytes(key), int(c))) == -7


def test_paillier_public_key_rejects_nonsense():
    with pytest.raises(ValueError):
        PublicKey(10)
