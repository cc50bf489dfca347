"""Field encryption throughput: `python -m bench.encryption`.

Encrypts and decrypts 100k short values (SSNs) and 10k 4 KB documents through the public
functions (key lookup and grant check included), in one session, and compares with
  - the same loop without encryption (ratio: the cost of encryption per value), and
  - the naive approach of the tutorials: pgp_sym_encrypt(value, 'password') with the
    default S2K key stretching (ratio: how much faster the data-key design is),
  - pgp_sym_encrypt with a random key and s2k-mode=1: the primitive we did not pick.
Medians of interleaved runs; the naive approach is timed on a 5k sample (it is slow).
"""
from __future__ import annotations

import statistics

import psycopg

from .common import Comparison, compare, governed_database, print_table, seconds

MASTER_KEY = "benchmark master key 0123456789abcdef0123456789abcdef"
SHORT, DOCS, NAIVE_SAMPLE, RUNS = 100_000, 10_000, 5_000, 3


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
    conn.execute("SET search_path = public, governance")  # pgcrypto may live in governance
    conn.execute(f"CREATE TABLE naive_ct AS SELECT pgp_sym_encrypt(v, 'password') AS c FROM short LIMIT {NAIVE_SAMPLE}")
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("SET search_path = public, governance")
    conn.execute("SELECT governance.unlock(%s)", (MASTER_KEY,))  # for the measuring transaction


def _run(conn: psycopg.Connection, query: str):
    return lambda: conn.execute(query).fetchone()


def _rate(values: int, timings: list[float]) -> float:
    return values / statistics.median(timings)


def main() -> None:
    with governed_database() as dsn, psycopg.connect(dsn) as conn:
        _setup(conn)
        q = lambda sql: _run(conn, sql)  # noqa: E731
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
        print_table("Field encryption vs the same loop without encryption (seconds, medians)", rows)

        naive_enc = [seconds(q(f"SELECT count(pgp_sym_encrypt(v, 'password')) FROM (SELECT v FROM short LIMIT {NAIVE_SAMPLE}) s"))
                     for _ in range(RUNS)]
        naive_dec = [seconds(q("SELECT count(pgp_sym_decrypt(c, 'password')) FROM naive_ct")) for _ in range(RUNS)]
        key = "'fd8a9c0b1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3'"
        pgp_fast = [seconds(q(f"SELECT count(pgp_sym_encrypt(v, {key}, 's2k-mode=1, cipher-algo=aes256')) FROM short"))
                    for _ in range(RUNS)]

        ours = {"encrypt": _rate(SHORT, rows[0].governed), "decrypt": _rate(SHORT, rows[1].governed)}
        naive = {"encrypt": _rate(NAIVE_SAMPLE, naive_enc), "decrypt": _rate(NAIVE_SAMPLE, naive_dec)}
        print("\nShort values per second (one session)")
        print(f"{'operation':10} {'governance':>12} {'naive pgp_sym':>14} {'speed-up':>9} {'target':>8}")
        for op in ("encrypt", "decrypt"):
            print(f"{op:10} {ours[op]:12,.0f} {naive[op]:14,.0f} {ours[op] / naive[op]:8.1f}x {50_000:8,}")
        print(f"\npgp_sym_encrypt, random key, s2k-mode=1 (bare primitive, no key lookup): {_rate(SHORT, pgp_fast):,.0f}/s")
        print(f"4 KB documents per second: encrypt {_rate(DOCS, rows[2].governed):,.0f}, "
              f"decrypt {_rate(DOCS, rows[3].governed):,.0f}")
        conn.rollback()


if __name__ == "__main__":
    main()
