"""Differential privacy and Paillier sums: cost against plain SQL on the same data.

    python -m bench.dp

Each DP query charges the budget (a locked row, a sequence), reads the table, draws noise
from pgcrypto and logs the release; the baseline is the same aggregate without any of it.
paillier_sum multiplies 2048-bit-key ciphertexts (4096-bit numbers) modulo n^2; its baseline
is sum() over the plaintexts. Ratios are medians of interleaved runs on one server.
Parallel query is off for both sides: the DP functions run their aggregate through
PL/pgSQL's EXECUTE ... INTO, which never uses parallel workers, and on this shared
two-core machine parallel plans only add noise.
"""
from __future__ import annotations

import statistics

import psycopg

from installer.crypto.paillier import Ciphertext, generate_keypair

from .common import compare, governed_database, print_table

ROWS = 100_000
SMALL = 1_000
DRAWS = 5_000
CIPHERTEXTS = 5_000


def main() -> None:
    with governed_database({"max_parallel_workers_per_gather": "0"}) as dsn, \
            psycopg.connect(dsn, autocommit=True) as conn:
        for table, rows in (("bench_people", ROWS), ("bench_small", SMALL)):
            conn.execute(f"CREATE TABLE public.{table} AS SELECT g AS id, (g * 7919) % 100 AS age "
                         f"FROM pg_catalog.generate_series(1, {rows}) g")
            conn.execute(f"ANALYZE public.{table}")
            conn.execute(f"SELECT privacy.set_budget(governance.current_actor(), 'public.{table}', 1e9)")

        def query(sql: str):
            return lambda: conn.execute(sql).fetchone()

        rows = [
            compare(f"count, {SMALL:,} rows", query("SELECT count(*) FROM public.bench_small"),
                    query("SELECT privacy.dp_count('public.bench_small', 1)"), runs=15),
            compare(f"count, {ROWS:,} rows", query("SELECT count(*) FROM public.bench_people"),
                    query("SELECT privacy.dp_count('public.bench_people', 1)")),
            compare(f"sum clamped, {ROWS:,} rows",
                    query("SELECT sum(LEAST(GREATEST(age, 0), 100)) FROM public.bench_people"),
                    query("SELECT privacy.dp_sum('public.bench_people', 'age', 0, 100, 1)")),
            compare(f"mean clamped, {ROWS:,} rows",
                    query("SELECT avg(LEAST(GREATEST(age, 0), 100)) FROM public.bench_people"),
                    query("SELECT privacy.dp_mean('public.bench_people', 'age', 0, 100, 1)")),
            compare(f"{DRAWS:,} noise draws vs random()",
                    query(f"SELECT sum(random()) FROM pg_catalog.generate_series(1, {DRAWS})"),
                    query(f"SELECT sum(privacy.dp_discrete_laplace(10)) FROM pg_catalog.generate_series(1, {DRAWS})")),
        ]
        paillier = _paillier(conn)
        rows.append(paillier)
        print_table("Differential privacy and Paillier sums (governed = DP function)", rows)
        single = statistics.median(rows[0].governed) - statistics.median(rows[0].baseline)
        print(f"\nDP overhead per query (charge, noise, log): {single * 1000:.2f} ms")
        print(f"noise draws: {DRAWS / statistics.median(rows[4].governed):,.0f} per second")
        print(f"paillier_sum (2048-bit key): {CIPHERTEXTS / statistics.median(paillier.governed):,.0f} ciphertexts per second")
    decryption = _decryption()
    print_table("Paillier decryption, 2048-bit key (baseline = python-paillier, the peer)", [decryption])


def _decryption():
    """Our decryption against python-paillier's (which also uses the CRT) on the same key and
    ciphertexts; both must give the same plaintexts."""
    from phe import paillier as phe

    public, private = generate_keypair(2048)
    peer = phe.PaillierPrivateKey(phe.PaillierPublicKey(public.n), private.p, private.q)
    ciphertexts = [private.encrypt(v) for v in range(-10, 10)]
    assert [peer.raw_decrypt(ct.c) % public.n for ct in ciphertexts] == [private.decrypt(ct) % public.n for ct in ciphertexts]
    return compare(f"decrypt {len(ciphertexts)} ciphertexts",
                   lambda: [peer.raw_decrypt(ct.c) for ct in ciphertexts],
                   lambda: [private.decrypt(ct) for ct in ciphertexts], runs=7)


def _paillier(conn: psycopg.Connection):
    public, private = generate_keypair(2048)
    # Fresh encryption costs ~0.1 s each in Python; products of a few fresh ciphertexts are
    # valid ciphertexts too (of the sums), so the table fills in seconds. The decrypted
    # total is checked, so the benchmark also proves it summed correctly.
    seeds = [private.encrypt(v) for v in (3, -5, 11, 7)]
    ciphertexts, plaintexts, current, value = [], [], seeds[0], 3
    for i in range(CIPHERTEXTS):
        ciphertexts.append(current)
        plaintexts.append(value)
        seed_value = (3, -5, 11, 7)[(i + 1) % 4]
        current = public.add(current, seeds[(i + 1) % 4])
        value += seed_value
    conn.execute("CREATE TABLE public.bench_cipher (amount privacy.paillier_ciphertext, plain numeric)")
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO public.bench_cipher VALUES (ROW(%s, %s)::privacy.paillier_ciphertext, %s)",
                        [(ct.key_id, ct.c, v) for ct, v in zip(ciphertexts, plaintexts)])
    total_sql = "SELECT (s).key_id, (s).c FROM (SELECT privacy.paillier_sum(amount, %s::numeric) AS s FROM public.bench_cipher) a"
    key, c = conn.execute(total_sql, (public.n,)).fetchone()
    assert private.decrypt(Ciphertext(bytes(key), int(c))) == sum(plaintexts)
    return compare(f"paillier_sum, {CIPHERTEXTS:,} ciphertexts",
                   lambda: conn.execute("SELECT sum(plain) FROM public.bench_cipher").fetchone(),
                   lambda: conn.execute(total_sql, (public.n,)).fetchone(), runs=3)


if __name__ == "__main__":
    main()
