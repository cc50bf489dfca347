"""`python -m installer demo`: the whole pack on a throwaway server, no setup needed."""
from __future__ import annotations

import secrets

import psycopg

from . import dp_demo
from .demo_erasure import show as show_erasure
from .migrate import apply
from .throwaway import ThrowawayCluster
from .wrappers import Governance


def _section(title: str) -> None:
    print(f"\n== {title}")


def _encryption_demo(conn: psycopg.Connection, gov: Governance) -> None:
    _section("Field encryption: envelope keys, the master key supplied per transaction")
    master_key = secrets.token_hex(32)  # in production: from your KMS or secret store
    gov.unlock(master_key)  # sent as a query parameter, kept only for this transaction
    gov.create_key("ssn")
    gov.grant_key("ssn", conn.info.user)
    conn.execute("CREATE TABLE demo_customers (id int PRIMARY KEY, name text, ssn text)")
    conn.execute("INSERT INTO demo_customers VALUES (1, 'Ada', '123-45-6789'), (2, 'Grace', '987-65-4321')")
    ciphertext = gov.encrypt("123-45-6789", "ssn")
    print(f"encrypt('123-45-6789') = {ciphertext[:24].hex()}... ({len(ciphertext)} bytes: key id, version, IV, MAC)")
    print(f"decrypt(...) = {gov.decrypt(ciphertext)}")
    tampered = ciphertext[:40] + bytes([ciphertext[40] ^ 1]) + ciphertext[41:]
    try:
        with conn.transaction():
            gov.decrypt(tampered)
    except psycopg.errors.DataException as exc:
        print(f"one flipped bit: {exc.diag.message_primary}")
    print(f"encrypt_column in batches: {gov.encrypt_column('demo_customers', 'ssn', 'ssn', 1)} ...", end=" ")
    while not gov.encrypt_column("demo_customers", "ssn", "ssn", 1)[1]:
        pass
    print("done")
    print("stored:", conn.execute("SELECT id, encode(substr(ssn, 1, 12), 'hex') || '...' FROM demo_customers ORDER BY id").fetchall())
    print("demo_customers_decrypted:", conn.execute("SELECT id, ssn FROM demo_customers_decrypted ORDER BY id").fetchall())
    gov.rotate_key("ssn")
    print(f"after rotate_key, reencrypt moved {gov.reencrypt('demo_customers', 'ssn')[0]} values to version 2")
    note = gov.encrypt("diagnosis for subject 7", "ssn", subject_key="patient-7")
    print(f"crypto-shredding patient-7 destroys {gov.shred_subject_keys('patient-7')} key; its values are gone:", end=" ")
    try:
        with conn.transaction():
            gov.decrypt(note)
    except psycopg.errors.NoDataFound:
        print("decrypt raises no_data_found")
    conn.commit()
    try:
        gov.decrypt(ciphertext)
    except psycopg.errors.ObjectNotInPrerequisiteState as exc:
        print(f"next transaction, no unlock: {exc.diag.message_primary}")
    conn.rollback()


def run() -> int:
    _section("Starting a throwaway PostgreSQL (removed at the end)")
    with ThrowawayCluster() as cluster:
        with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
            admin.execute("CREATE DATABASE governance_demo")
        dsn = cluster.dsn("governance_demo")
        print(f"server binaries: {cluster.bindir}")

        _section("Installing pg-governance")
        with psycopg.connect(dsn) as conn:
            apply(conn)
            gov = Governance(conn)
            print(f"installed version: {gov.version()}")

            _section("Session context: who acts, for which tenant and purpose")
            conn.autocommit = False
            gov.set_context("alice@example.com", tenant="acme", roles=["analyst"], purpose="analytics")
            print(f"actor={gov.current_actor()} tenant={gov.current_tenant()} "
                  f"roles={gov.current_roles()} purpose={gov.current_purpose()}")
            conn.execute("SET LOCAL governance.tenant = 'globex'")
            try:
                gov.current_tenant()
            except psycopg.errors.InsufficientPrivilege as exc:
                print(f"forging the tenant with SET is refused: {exc.diag.message_primary}")
            conn.rollback()
            _encryption_demo(conn, gov)
            show_erasure(conn, _section)

            _section("Privacy analytics: differential privacy budgets, utility versus epsilon, Paillier sums")
            dp_demo.run(conn, gov)
            conn.rollback()
            _compliance_section(conn, gov)
    _section("Done: the throwaway server is gone")
    return 0


def _compliance_section(conn: psycopg.Connection, gov: Governance) -> None:
    _section("Compliance checks: the real state, with evidence and the fix")
    conn.execute("CREATE TABLE public.patients (id int PRIMARY KEY, name text, diagnosis text)")
    conn.execute("GRANT SELECT ON public.patients TO PUBLIC")
    gov.classify("public.patients", "diagnosis", "health", "restricted")
    phi_public = next(r for r in gov.run_checks("hipaa") if r.check_id == "hipaa.phi_public")
    print(f"{phi_public.check_id}: {phi_public.status} ({phi_public.control})")
    print(f"  evidence: {phi_public.evidence}\n  remedy: {phi_public.remedy}")
    conn.execute("REVOKE SELECT ON public.patients FROM PUBLIC")
    print(f"after the remedy: {next(r.status for r in gov.run_checks('hipaa') if r.check_id == 'hipaa.phi_public')}")
    counts: dict[str, int] = {}
    for result in gov.run_checks():
        counts[result.status] = counts.get(result.status, 0) + 1
    print(f"all checks: {counts}; snapshot {gov.snapshot()} stored for trends")
    print("CI gate: python -m installer check --fail-on high; report: python -m installer report --output report.html")
    conn.commit()
