"""encrypt-column and reencrypt from the command line, interruption, and what reaches the server log."""
from __future__ import annotations

import os

import psycopg
import pytest
from encryption_fixtures import create_key

from installer import Governance

MASTER_KEY = "cli-test master key 0123456789abcdef0123456789abcdef"


@pytest.fixture
def customers(installed_db):
    with psycopg.connect(installed_db) as conn:
        create_key(conn, MASTER_KEY, "ssn")
        conn.execute('CREATE TABLE "Cust omers" (id int PRIMARY KEY, ssn text)')
        conn.execute("""INSERT INTO "Cust omers" SELECT g, 'ssn-' || g FROM generate_series(1, 250) g""")
    return installed_db


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PG_GOVERNANCE_MASTER_KEY"}
    return {**env, **extra}


def test_encrypt_column_and_reencrypt_with_progress(customers, cli, tmp_path):
    table = '"Cust omers"'
    dry = cli("encrypt-column", "--dsn", customers, table, "ssn", "ssn", "--dry-run", env=_env())
    assert dry.returncode == 0 and "Would convert 250 row(s)" in dry.stdout
    with psycopg.connect(customers) as conn:
        assert conn.execute('SELECT pg_typeof(ssn)::text FROM "Cust omers" LIMIT 1').fetchone()[0] == "text"

    missing = cli("encrypt-column", "--dsn", customers, table, "ssn", "ssn", env=_env())
    assert missing.returncode == 2 and "PG_GOVERNANCE_MASTER_KEY" in missing.stderr

    done = cli("encrypt-column", "--dsn", customers, table, "ssn", "ssn", "--batch-size", "100",
               env=_env(PG_GOVERNANCE_MASTER_KEY=MASTER_KEY))
    assert done.returncode == 0, done.stderr
    assert "250/250 rows (100%)" in done.stderr and "Done: 250 row(s)" in done.stdout
    assert MASTER_KEY not in done.stdout + done.stderr

    with psycopg.connect(customers) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        assert conn.execute('SELECT ssn FROM "Cust omers_decrypted" WHERE id = 7').fetchone()[0] == "ssn-7"
        gov.rotate_key("ssn")

    key_file = tmp_path / "master.key"
    key_file.write_text(MASTER_KEY + "\n")
    moved = cli("reencrypt", "--dsn", customers, table, "ssn", "--batch-size", "60", "--master-key-file", str(key_file),
                env=_env())
    assert moved.returncode == 0, moved.stderr
    assert "250/250 rows" in moved.stderr
    with psycopg.connect(customers) as conn:
        assert conn.execute('SELECT count(*) FROM "Cust omers" WHERE (governance.ciphertext_info(ssn)).version = 2'
                            ).fetchone()[0] == 250


def test_cli_errors_exit_non_zero(customers, cli):
    bad = cli("reencrypt", "--dsn", customers, "no_such_table", "ssn", env=_env(PG_GOVERNANCE_MASTER_KEY=MASTER_KEY))
    assert bad.returncode == 2 and "no_such_table" in bad.stderr
    usage = cli("reencrypt", "--dsn", customers, '"Cust omers"', "ssn", "--batch-size", "0",
                env=_env(PG_GOVERNANCE_MASTER_KEY=MASTER_KEY))
    assert usage.returncode == 2


def test_reencrypt_killed_mid_batch_resumes(customers):
    """A backend killed in the middle of a batch loses only that batch; the next run finishes."""
    with psycopg.connect(customers) as conn:
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        assert gov.encrypt_column('"Cust omers"', "ssn", "ssn") == (250, True)
        gov.rotate_key("ssn")
    with psycopg.connect(customers) as worker, psycopg.connect(customers, autocommit=True) as killer:
        gov = Governance(worker)
        gov.unlock(MASTER_KEY)
        assert gov.reencrypt('"Cust omers"', "ssn", 100) == (100, False)
        worker.commit()
        gov.unlock(MASTER_KEY)
        assert gov.reencrypt('"Cust omers"', "ssn", 100) == (100, False)
        pid = worker.info.backend_pid
        killer.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(psycopg.OperationalError):
            worker.commit()
    with psycopg.connect(customers) as conn:
        gov = Governance(conn)
        assert gov.encryption_backlog('"Cust omers"', "ssn") == 150
        gov.unlock(MASTER_KEY)
        assert gov.reencrypt('"Cust omers"', "ssn") == (150, True)
        assert gov.encryption_backlog('"Cust omers"', "ssn") == 0
        assert conn.execute('SELECT count(*) FROM "Cust omers_decrypted" WHERE ssn = \'ssn-\' || id').fetchone()[0] == 250


def test_master_key_reaches_no_log_or_activity_view(customers, cluster):
    """With every statement logged (parameter values excluded, as docs/encryption.md asks),
    pgaudit logging all classes, and the query visible in pg_stat_activity, the master key
    and the key-encryption key appear nowhere."""
    log = cluster.base / "server.log"
    before = log.stat().st_size
    with psycopg.connect(customers) as conn, psycopg.connect(customers, autocommit=True) as observer:
        conn.execute("SET log_statement = 'all'")
        conn.execute("SET log_parameter_max_length = 0")
        conn.execute("SET log_min_error_statement = 'error'")
        if conn.execute("SELECT count(*) FROM pg_settings WHERE name = 'pgaudit.log'").fetchone()[0]:
            conn.execute("SET pgaudit.log = 'all'")
        gov = Governance(conn)
        gov.unlock(MASTER_KEY)
        activity = observer.execute("SELECT query FROM pg_stat_activity WHERE pid = %s",
                                    (conn.info.backend_pid,)).fetchone()[0]
        assert "governance.unlock($1)" in activity
        gov.encrypt("x", "ssn")
        with pytest.raises(psycopg.errors.InvalidPassword):
            gov.unlock(MASTER_KEY[::-1])
        conn.rollback()
    written = log.read_bytes()[before:].decode(errors="replace")
    assert "governance.unlock($1)" in written, "statement logging was on"
    for secret in (MASTER_KEY, MASTER_KEY[::-1], "master key 0123"):
        assert secret not in written
