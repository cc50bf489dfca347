"""A data subject's key is compared in one form (governance.subject_key): an opt-out or a
consent recorded under one spelling of the key holds for every spelling that differs only
in letter case, surrounding white space or Unicode composition. Run as an application
role (governance_app), as the application records and checks them."""
from __future__ import annotations

import unicodedata

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Keys as applications make them: customer numbers, e-mail addresses, accented names.
base_keys = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-_@.éüßÅ"), min_size=1, max_size=12)
padding = st.text(alphabet=st.sampled_from([" ", "\t", "\n", "\x0b", "\u00a0", "\u3000", "\ufeff"]), max_size=3)


def variant(key: str, draw) -> str:
    """The same key as another system might send it. Upper case letter by letter: lower()
    maps "SS" back to "ss", not to "ß" (that would take full case folding)."""
    cased = "".join(c.upper() if len(c.upper()) == 1 and draw(st.booleans()) else c for c in key)
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return draw(padding) + unicodedata.normalize(form, cased) + draw(padding)


@st.composite
def key_and_variants(draw):
    key = draw(base_keys)
    return key, [variant(key, draw) for _ in range(3)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=key_and_variants())
def test_variants_of_a_key_are_one_subject_for_opt_outs_and_consent(installed_db, case):
    """Each example rolls back, so the examples share the database."""
    key, (opted_out_as, sold_as, consent_as) = case
    with psycopg.connect(installed_db) as conn:
        conn.execute("CREATE ROLE key_app NOLOGIN IN ROLE governance_app")
        conn.execute("SELECT privacy.register_purpose('newsletter', 'monthly mail', 'consent', '2026-01')")
        conn.execute("SET ROLE key_app")
        conn.execute("SELECT privacy.opt_out_of_sale(%s)", (opted_out_as,))
        for spelling in (key, sold_as):
            assert conn.execute("SELECT privacy.has_opted_out(%s)", (spelling,)).fetchone()[0], (opted_out_as, spelling)
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="opted out of sale"):
                with conn.transaction():
                    conn.execute("SELECT privacy.log_data_sharing(%s, 'AdNetwork', ARRAY['email'], 'ads', true)",
                                 (spelling,))
        conn.execute("SELECT privacy.record_consent(%s, 'newsletter', true)", (consent_as,))
        assert conn.execute("SELECT privacy.has_consent(%s, 'newsletter')", (key,)).fetchone()[0]
        conn.execute("SELECT privacy.withdraw_consent(%s, 'newsletter')", (sold_as,))
        assert not conn.execute("SELECT privacy.has_consent(%s, 'newsletter')", (consent_as,)).fetchone()[0]
        conn.execute("RESET ROLE")
        stored = conn.execute("SELECT array_agg(DISTINCT subject_key) FROM (SELECT subject_key FROM privacy.opt_outs "
                              "UNION ALL SELECT subject_key FROM privacy.consent_records) k").fetchone()[0]
        assert len(stored) == 1, f"one stored form, not {stored!r}"
        conn.rollback()


def test_the_stored_form_is_refused_unless_normalised(installed_db):
    """A writer that skips the normalisation cannot store a second spelling."""
    with psycopg.connect(installed_db) as conn:
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO privacy.opt_outs (subject_key, kind, source, recorded_by) "
                         "VALUES ('CUST-7', 'sale', 'direct', 'x')")
