"""Field encryption throughput: `python -m bench.encryption`.

Encrypts and decrypts 100k short values (SSNs) and 10k 4 KB documents through the public
functions (key lookup and grant check included), in one session, and compares in the same
run with
  - the same loop without encryption (the cost of encryption per value),
  - the naive approach of the tutorials: pgp_sym_encrypt(value, 'password') with the
    default S2K key stretching (how much faster the data-key design is), timed on a
    sample because it is slow,
  - pgp_sym_encrypt with a random key and s2k-mode=1: the bare primitive we did not pick,
decrypts 10k values under 10k per-subject keys in a freshly unlocked transaction (each
key is loaded once), and times encrypt_column on a 100k-row table (the set-based path: one grant check and
one unwrap per call), then rotate_key and reencrypt of it, against a plain UPDATE of the
same rows.
Medians of interleaved runs.
"""
from __future__ import annotations

import os
import statistics

import psycopg

from .common import Comparison, compare, governed_database, print_table, seconds

MASTER_KEY = "benchmark master key 0123456789abcdef0123456789abcdef"
SHORT, DOCS, SUBJECTS, NAIVE_SHORT, NAIVE_DOCS, RUNS = 100_000, 10_000, 10_000, 5_000, 1_000, 3
TARGET = 50_000
FAST_KEY = "'fd8a9c0b1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3'"


def _setup(conn: psycopg.Connection) -> None:
    conn.execute("SELECT governance.unlock(%s)", (MASTER_KEY,))
    conn.execute("SELECT governance.create_key('ssn')")
    conn.execute("SELECT governance.grant_key('ssn', current_user::regrole)")
    conn.execute(f"""CREATE TABLE short AS SELECT g AS id, lpad((g * 7919 % 1000000000)::text, 9, '0') AS v
                       FROM generate_series(1, {SHORT}) g""")
    conn.execute(f"""CREATE TABLE docs AS SELECT g AS id, repeat(md5(g::text), 128) AS v
                       FROM generate_series(1, {DOCS}) g""")
    conn.execute("CREATE TABLE short_ct AS SELECT governance.encrypt(v, 'ssn') AS c FROM short")
    conn.execute("CREATE TABLE docs_ct AS SELECT governance.encrypt(v, 'ssn') AS c FROM docs")
    conn.execute(f"""CREATE TABLE subject_ct AS SELECT governance.encrypt(v, 'ssn', 'subject-' || id) AS c
                       FROM short LIMIT {SUBJECTS}""")
    conn.execute("SET search_path = public, governance")  # pgcrypto may live in governance
    conn.execute(f"CREATE TABLE naive_short AS SELECT pgp_sym_encrypt(v, 'password') AS c FROM short LIMIT {NAIVE_SHORT}")
    conn.execute(f"CREATE TABLE naive_docs AS SELECT pgp_sym_encrypt(v, 'password') AS c FROM docs LIMIT {NAIVE_DOCS}")
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("SET search_path = public, governance")
    conn.execute("SELECT governance.unlock(%s)", (MASTER_KEY,))  # for the measuring transaction


def _query(conn: psycopg.Connection, sql: str):
    return lambda: conn.execute(sql).fetchone()


def _rate(values: int, timings: list[float]) -> float:
    return values / statistics.median(timings)


def _timed(conn: psycopg.Connection, sql: str) -> list[float]:
    return [seconds(_query(conn, sql)) for _ in range(RUNS)]


def _first_reads(conn: psycopg.Connection, sql: str):
    """The query in a freshly unlocked transaction: every data key is loaded and unwrapped."""
    def run() -> object:
        conn.execute("SELECT governance.lock()")
        conn.execute("SELECT governance.unlock(%s)", (MASTER_KEY,))
        return conn.execute(sql).fetchone()
    return run


def _convert_columns(conn: psycopg.Connection) -> tuple[Comparison, Comparison]:
    """encrypt_column on a fresh 100k-row copy per run, then rotate_key and reencrypt of
    that copy, each against a plain UPDATE of another copy."""
    converted = Comparison("encrypt_column, 100k rows, one call", [], [])
    moved = Comparison("reencrypt, 100k rows, one call", [], [])
    for run in range(RUNS):
        for name in (f"plain_{run}", f"conv_{run}"):
            conn.execute(f"CREATE TABLE {name} (id integer PRIMARY KEY, v text, copy bytea)")
            conn.execute(f"INSERT INTO {name} (id, v) SELECT id, v FROM short")
            conn.execute(f"ANALYZE {name}")
        plain = seconds(_query(conn, f"UPDATE plain_{run} SET copy = convert_to(v, 'UTF8') RETURNING NULL"))
        converted.baseline.append(plain)
        moved.baseline.append(plain)
        converted.governed.append(seconds(_query(conn, f"SELECT governance.encrypt_column('conv_{run}', 'v', 'ssn')")))
        conn.execute("SELECT governance.rotate_key('ssn')")
        moved.governed.append(seconds(_query(conn, f"SELECT governance.reencrypt('conv_{run}', 'v')")))
    return converted, moved


def main() -> None:
    load_before = os.getloadavg()[0]
    with governed_database() as dsn, psycopg.connect(dsn) as conn:
        _setup(conn)
        q = lambda sql: _query(conn, sql)  # noqa: E731
        rows: list[Comparison] = [
            compare("encrypt 100k short values", q("SELECT count(v) FROM short"),
                    q("SELECT count(governance.encrypt(v, 'ssn')) FROM short"), RUNS),
            compare("decrypt 100k short values", q("SELECT count(c) FROM short_ct"),
                    q("SELECT count(governance.decrypt(c)) FROM short_ct"), RUNS),
            compare("encrypt 10k 4 KB documents", q("SELECT count(v) FROM docs"),
                    q("SELECT count(governance.encrypt(v, 'ssn')) FROM docs"), RUNS),
            compare("decrypt 10k 4 KB documents", q("SELECT count(c) FROM docs_ct"),
                    q("SELECT count(governance.decrypt(c)) FROM docs_ct"), RUNS),
        ]
        subjects = compare("decrypt 10k values, 10k subject keys", q("SELECT count(c) FROM subject_ct"),
                           _first_reads(conn, "SELECT count(governance.decrypt(c)) FROM subject_ct"), RUNS)
        column, rotation = _convert_columns(conn)
        print_table("Field encryption vs the same loop without encryption (seconds, medians)",
                    rows + [subjects, column, rotation])

        naive = {
            "encrypt short": _rate(NAIVE_SHORT, _timed(conn, f"SELECT count(pgp_sym_encrypt(v, 'password')) FROM (SELECT v FROM short LIMIT {NAIVE_SHORT}) s")),
            "decrypt short": _rate(NAIVE_SHORT, _timed(conn, "SELECT count(pgp_sym_decrypt(c, 'password')) FROM naive_short")),
            "encrypt docs": _rate(NAIVE_DOCS, _timed(conn, f"SELECT count(pgp_sym_encrypt(v, 'password')) FROM (SELECT v FROM docs LIMIT {NAIVE_DOCS}) s")),
            "decrypt docs": _rate(NAIVE_DOCS, _timed(conn, "SELECT count(pgp_sym_decrypt(c, 'password')) FROM naive_docs")),
        }
        bare = _rate(SHORT, _timed(conn, f"SELECT count(pgp_sym_encrypt(v, {FAST_KEY}, 's2k-mode=1, cipher-algo=aes256')) FROM short"))

        print(f"\nValues per second, one session (load average before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f})")
        print(f"{'workload':28} {'no encryption':>14} {'governance':>11} {'naive pgp_sym':>14} {'vs naive':>9} {'target':>7}")
        for row, key, values in zip(rows, naive, (SHORT, SHORT, DOCS, DOCS)):
            ours = _rate(values, row.governed)
            target = f"{TARGET:,}" if values == SHORT else ""
            print(f"{row.name:28} {_rate(values, row.baseline):14,.0f} {ours:11,.0f} {naive[key]:14,.0f} "
                  f"{ours / naive[key]:8.1f}x {target:>7}")
        print(f"{'decrypt, a key per subject':28} {_rate(SUBJECTS, subjects.baseline):14,.0f} "
              f"{_rate(SUBJECTS, subjects.governed):11,.0f}   (each key unwrapped once per transaction)")
        print(f"{'encrypt_column, 100k rows':28} {_rate(SHORT, column.baseline):14,.0f} {_rate(SHORT, column.governed):11,.0f}"
              f"   (baseline: a plain UPDATE of the rows)")
        print(f"{'reencrypt, 100k rows':28} {_rate(SHORT, rotation.baseline):14,.0f} {_rate(SHORT, rotation.governed):11,.0f}"
              f"   (after rotate_key; same baseline)")
        print(f"\npgp_sym_encrypt, random key, s2k-mode=1 (bare primitive, no key lookup): {bare:,.0f}/s")
        conn.rollback()


if __name__ == "__main__":
    main()
