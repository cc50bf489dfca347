"""`python -m installer forget|export` for the DPO: plans, erasures, refusals, files."""
from __future__ import annotations

import json
from decimal import Decimal

import psycopg
from erasure_fixtures import create_shop


def test_forget_dry_run_shows_the_plan_and_changes_nothing(installed_db, cli):
    create_shop(installed_db)
    result = cli("forget", "--dsn", installed_db, "--subject-type", "customer", "--key", "5", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "anonymize" in result.stdout and 'shop."Payment Lines"' in result.stdout
    assert "Not covered (no subject reaches it): shop.newsletter_signup email" in result.stdout
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.rental WHERE customer_id = 5").fetchone()[0] == 3


def test_forget_erases_then_reports_a_repeat_and_refuses_unknown_subjects(installed_db, cli):
    create_shop(installed_db)
    first = cli("forget", "--dsn", installed_db, "--key", "5", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["status"] == "erased"
    again = cli("forget", "--dsn", installed_db, "--key", "5")
    assert again.returncode == 0 and "Nothing to do" in again.stdout
    unknown = cli("forget", "--dsn", installed_db, "--key", "4242")
    assert unknown.returncode == 2
    assert "no data of a customer with this key" in unknown.stderr
    bad = cli("forget", "--dsn", installed_db, "--key", "5'; DROP TABLE shop.customer; --")
    assert bad.returncode == 2 and "not a valid integer" in bad.stderr
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.customer").fetchone()[0] == 19


def test_forget_with_a_conflict_exits_2_naming_the_constraint(installed_db, cli):
    create_shop(installed_db)
    with psycopg.connect(installed_db) as conn:
        conn.execute("SELECT privacy.set_erasure_rule('shop.account', 'retain', 'fraud case')")
    plan = cli("forget", "--dsn", installed_db, "--key", "3", "--dry-run")
    assert plan.returncode == 2 and "CONFLICT account_customer_id_fkey" in plan.stdout
    result = cli("forget", "--dsn", installed_db, "--key", "3")
    assert result.returncode == 2 and "account_customer_id_fkey" in result.stderr
    with psycopg.connect(installed_db) as conn:
        assert conn.execute("SELECT count(*) FROM shop.customer WHERE id = 3").fetchone()[0] == 1


def test_export_writes_exact_json_and_is_empty_after_forget(installed_db, cli, tmp_path):
    create_shop(installed_db)
    target = tmp_path / "subject.json"
    result = cli("export", "--dsn", installed_db, "--key", "7", "--output", str(target))
    assert result.returncode == 0, result.stderr
    document = json.loads(target.read_text(), parse_float=Decimal)
    payload = document["tables"]["shop.event"]["rows"][0]["payload"]
    assert payload["big"] == Decimal("12345678901234567890.123456789")
    assert [row["id"] for row in document["tables"]["shop.rental"]["rows"]] == [19, 20, 21]
    assert "Wrote" in result.stdout
    assert cli("forget", "--dsn", installed_db, "--key", "7").returncode == 0
    # Nothing left: no empty document with exit 0, no file.
    gone = tmp_path / "gone.json"
    empty = cli("export", "--dsn", installed_db, "--key", "7", "--output", str(gone))
    assert empty.returncode == 2 and "no data of a customer with this key: nothing was written" in empty.stderr
    assert "--tenant" in empty.stderr and not gone.exists()


def test_forget_and_export_name_the_tenant(installed_db, cli):
    create_shop(installed_db)
    result = cli("export", "--dsn", installed_db, "--key", "8", "--tenant", "acme", "--output", "-")
    assert result.returncode == 0, result.stderr
    with psycopg.connect(installed_db) as conn:
        # The export's audit event was written under the context the CLI set.
        assert conn.execute("SELECT tenant FROM audit.events WHERE action = 'gdpr_export' ORDER BY id DESC LIMIT 1"
                            ).fetchone()[0] == "acme"


def test_a_partial_erasure_says_what_it_kept_and_why(installed_db, cli):
    create_shop(installed_db)
    with psycopg.connect(installed_db) as conn:
        conn.execute("SELECT privacy.set_erasure_rule('shop.customer', 'retain', 'legal hold: dispute')")
    result = cli("forget", "--dsn", installed_db, "--key", "6")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Partially erased customer")
    assert ("kept            1  shop.customer: retain rule: legal hold: dispute "
            "(classified: birth_date, email, full_name)") in result.stdout
