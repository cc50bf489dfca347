"""A sale after opt-out is refused with an error, and the refusal survives the rollback in the server log."""
from __future__ import annotations

import psycopg
import pytest


def test_refused_sale_is_in_the_server_log_after_the_rollback(installed_db, cluster):
    with psycopg.connect(installed_db) as conn:
        opt_out = conn.execute("SELECT privacy.opt_out_of_sale('buyer-77')").fetchone()[0]
        conn.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="opted out of sale"):
            conn.execute("SELECT privacy.log_data_sharing('buyer-77', 'Data Broker ''X''', ARRAY['email'], 'resale', true)")
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM privacy.data_sharing WHERE subject_key = 'buyer-77'").fetchone()[0] == 0
    line = next(line for line in cluster.log().splitlines() if f"after opt-out {opt_out}" in line)
    assert "privacy.log_data_sharing refused: sale to 'Data Broker ''X''' of {email}" in line
    assert "buyer-77" not in line
