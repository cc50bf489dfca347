"""The ownership model on schemas with several kinds of data subject (issue 16, shape 1):
erasing one subject erases its own rows only; other subjects' rows that reference it are
detached (or, when they cannot be, the erasure refuses naming the constraint), and every
other row stays byte-identical."""
from __future__ import annotations

import psycopg
import pytest
from erasure_schemas import MUSIC, TRADES, TRADING, changes, digests, key, orphans


def forget(conn: psycopg.Connection, subject_key: str, subject_type: str) -> dict:
    """The plan, then the erasure; asserts that the plan was its exact dry run."""
    plan = conn.execute("SELECT privacy.erasure_plan(%s, %s)", (subject_key, subject_type)).fetchone()[0]
    done = conn.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type)).fetchone()[0]
    assert (sorted(plan["kept"], key=str), plan["expected_status"]) == (sorted(done["kept"], key=str), done["status"])
    assert {(t["table"], t["rows"]) for t in plan["tables"] if t["kind"] != "own_parent"} == \
           {(t["table"], t["rows"]) for t in done["tables"] if t["kind"] != "own_parent"}
    assert {(d["table"], d["constraint"], d["rows"]) for d in plan["detach"] if d["how"] == "detach"} == \
           {(d["table"], d["constraint"], d["rows"]) for d in done["detached"]}
    return plan


@pytest.fixture
def music(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute(MUSIC)
        yield conn


@pytest.fixture
def trading(installed_db):
    with psycopg.connect(installed_db) as conn:
        conn.execute(TRADING)
        yield conn


def test_erasing_an_employee_detaches_the_customers_they_served(music):
    before = digests(music, "music")
    plan = forget(music, "2", "employee")
    assert {t["table"] for t in plan["tables"]} == {"music.employee", "music.employee_review"}
    assert {(d["table"], d["constraint"], d["rows"], d["how"]) for d in plan["detach"]} == {
        ("music.customer", "customer_support_rep_id_fkey", 4, "detach"),
        ("music.customer_note", "customer_note_written_by_fkey", 4, "set_null")}
    gone, rewritten = changes(before, digests(music, "music"))
    assert gone == {key("music.employee", employee_id=2), key("music.employee_review", id=1),
                    key("music.employee_review", id=3)}
    assert rewritten == {key("music.customer", customer_id=c) for c in (2, 4, 6, 8)} | \
                        {key("music.customer_note", id=c) for c in (2, 4, 6, 8)}
    assert music.execute("SELECT count(*) FROM music.customer WHERE support_rep_id IS NULL").fetchone()[0] == 4
    assert music.execute("SELECT count(*) FROM music.customer_note WHERE written_by IS NULL").fetchone()[0] == 4
    assert orphans(music, "music") == []


def test_erasing_a_manager_detaches_the_employees_reporting_to_them(music):
    before = digests(music, "music")
    forget(music, "1", "employee")
    gone, rewritten = changes(before, digests(music, "music"))
    assert gone == {key("music.employee", employee_id=1)}
    assert rewritten == {key("music.employee", employee_id=2), key("music.employee", employee_id=3)}


def test_erasing_a_customer_erases_their_invoices_and_notes_only(music):
    before = digests(music, "music")
    forget(music, "3", "customer")
    gone, rewritten = changes(before, digests(music, "music"))
    assert gone == {key("music.customer", customer_id=3), key("music.customer_note", id=3),
                    key("music.invoice", invoice_id=31), key("music.invoice", invoice_id=32)} | \
                   {key("music.invoice_line", invoice_line_id=i) for i in (311, 312, 321, 322)}
    assert rewritten == set()
    assert orphans(music, "music") == []


def test_erasing_an_employee_keeps_the_orders_of_customers(trading):
    before = digests(trading, "trading")
    plan = forget(trading, "3", "employee")
    assert {(t["table"], t["rows"]) for t in plan["tables"]} == {
        ("trading.employees", 1), ("trading.orders", 1), ("trading.order_details", 2),
        ("trading.employee_territories", 2), ("trading.trades", 0)}
    gone, rewritten = changes(before, digests(trading, "trading"))
    # The walk-in sale (no customer) was the employee's alone.
    assert gone == {key("trading.employees", employee_id=3), key("trading.orders", order_id=10),
                    key("trading.order_details", order_id=10, product_id=1),
                    key("trading.order_details", order_id=10, product_id=2),
                    key("trading.employee_territories", employee_id=3, territory_id="02116"),
                    key("trading.employee_territories", employee_id=3, territory_id="02139")}
    assert rewritten == {key("trading.orders", order_id=o) for o in (3, 6, 9)}
    assert trading.execute("SELECT array_agg(customer_id ORDER BY order_id) FROM trading.orders "
                           "WHERE order_id IN (3, 6, 9) AND employee_id IS NULL").fetchone()[0] == ["ALFKI", "ANATR", "BONAP"]
    assert orphans(trading, "trading") == []


def test_orders_shared_with_an_employee_are_kept_unless_the_customer_type_claims_them(trading):
    before = digests(trading, "trading")
    plan = forget(trading, "ALFKI", "customer")
    assert {(d["table"], d["constraint"], d["rows"]) for d in plan["detach"]} == {
        ("trading.orders", "orders_customer_id_fkey", 3)}
    gone, rewritten = changes(before, digests(trading, "trading"))
    assert gone == {key("trading.customers", customer_id="ALFKI"), key("trading.orders", order_id=11),
                    key("trading.order_details", order_id=11, product_id=1),
                    key("trading.order_details", order_id=11, product_id=2)}
    assert rewritten == {key("trading.orders", order_id=o) for o in (1, 2, 3)}

    # A rule for the customer type on orders says they are the customer's: claimed.
    trading.execute("SELECT privacy.set_erasure_rule('trading.orders', 'delete', 'an order is its buyer''s', "
                    "subject_type => 'customer')")
    before = digests(trading, "trading")
    forget(trading, "ANATR", "customer")
    gone, rewritten = changes(before, digests(trading, "trading"))
    assert gone == {key("trading.customers", customer_id="ANATR")} | \
                   {key("trading.orders", order_id=o) for o in (4, 5, 6)} | \
                   {key("trading.order_details", order_id=o, product_id=p) for o in (4, 5, 6) for p in (1, 2)}
    assert rewritten == set()
    # The claim is the customer type's: an employee's erasure still keeps customers' orders
    # (employee 2's: order 8 of BONAP stays; order 2 lost its customer above, it is theirs alone).
    assert {t["table"]: t["rows"] for t in trading.execute(
        "SELECT privacy.erasure_plan('2', 'employee')").fetchone()[0]["tables"]}["trading.orders"] == 1
    assert orphans(trading, "trading") == []


def test_a_shared_row_that_cannot_be_detached_is_a_conflict_and_nothing_changes(trading):
    trading.execute(TRADES)
    for subject_key, subject_type, constraint in (("ALFKI", "customer", "trades_customer_id_fkey"),
                                                  ("2", "employee", "trades_trader_id_fkey")):
        plan = trading.execute("SELECT privacy.erasure_plan(%s, %s)", (subject_key, subject_type)).fetchone()[0]
        assert [(c["table"], c["constraint"], c["rows"]) for c in plan["conflicts"]] == [
            ("trading.trades", constraint, 1)]
        before = digests(trading, "trading")
        with pytest.raises(psycopg.errors.ForeignKeyViolation, match=constraint):
            with trading.transaction():
                trading.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type))
        assert digests(trading, "trading") == before
    # A customer without trades is erased (its orders shared with employees detached);
    # the other customers' trades stay.
    before = digests(trading, "trading")
    forget(trading, "BONAP", "customer")
    gone, rewritten = changes(before, digests(trading, "trading"))
    assert gone == {key("trading.customers", customer_id="BONAP")}
    assert rewritten == {key("trading.orders", order_id=o) for o in (7, 8, 9)}


def test_a_retained_subject_row_is_reported_kept_not_erased_and_a_repeat_is_a_no_op(music):
    """Shape 2: an erasure never says `erased` while classified values of the subject stay."""
    music.execute("SELECT privacy.set_erasure_rule('music.customer', 'retain', 'legal hold: dispute')")
    plan = music.execute("SELECT privacy.erasure_plan('5', 'customer')").fetchone()[0]
    done = music.execute("SELECT privacy.gdpr_forget('5', 'customer')").fetchone()[0]
    assert done["status"] == plan["expected_status"] == "partially_erased"
    assert done["kept"] == plan["kept"] == [{"table": "music.customer", "rows": 1, "why": "retain rule: legal hold: dispute",
                                             "shared": False, "classified": ["email", "first_name"]}]
    assert music.execute("SELECT count(*) FROM music.invoice WHERE customer_id = 5").fetchone()[0] == 0
    again = music.execute("SELECT privacy.gdpr_forget('5', 'customer')").fetchone()[0]
    assert (again["status"], again["erasure_id"]) == ("already_erased", done["erasure_id"])
    record = music.execute("SELECT tables->'kept' FROM privacy.erasures WHERE id = %s", (done["erasure_id"],)).fetchone()[0]
    assert record == done["kept"]

    # The rule for the customer type wins over the table's default.
    music.execute("SELECT privacy.set_erasure_rule('music.customer', 'delete', subject_type => 'customer')")
    before = digests(music, "music")
    done = forget(music, "6", "customer")
    assert music.execute("SELECT privacy.gdpr_forget('7', 'customer')").fetchone()[0]["status"] == "erased"
    assert ("music.customer", '{"customer_id": 6}') in changes(before, digests(music, "music"))[0]


def test_rules_per_subject_type_on_a_shared_table(trading):
    # Unclaimed, the orders ALFKI shares with employees keep its ship names: the erasure is
    # partial (the values stay) and says which rows, shared with whom, and why.
    plan = trading.execute("SELECT privacy.erasure_plan('ALFKI', 'customer')").fetchone()[0]
    done = trading.execute("SELECT privacy.gdpr_forget('ALFKI', 'customer')").fetchone()[0]
    assert done["status"] == plan["expected_status"] == "partially_erased"
    assert done["kept"] == plan["kept"] == [
        {"table": "trading.orders", "rows": 3, "classified": ["ship_name"], "shared": True,
         "why": "shared with another subject (employee): detached through orders_customer_id_fkey, not erased"}]
    # Anonymized for customers (claimed), deleted (the table's default) for employees.
    trading.execute("SELECT privacy.set_erasure_rule('trading.orders', 'anonymize', 'tax law', subject_type => 'customer')")
    trading.execute("SELECT privacy.set_erasure_rule('trading.order_details', 'retain', 'tax law', "
                    "subject_type => 'customer')")
    before = digests(trading, "trading")
    done = forget(trading, "ANATR", "customer")
    assert trading.execute("SELECT privacy.gdpr_forget('BONAP', 'customer')").fetchone()[0]["status"] == "erased"
    gone, rewritten = changes(before, digests(trading, "trading"))
    assert gone == {key("trading.customers", customer_id=c) for c in ("ANATR", "BONAP")}
    assert rewritten == {key("trading.orders", order_id=o) for o in range(4, 10)}
    assert trading.execute("SELECT count(*) FROM trading.orders WHERE order_id BETWEEN 4 AND 9 "
                           "AND customer_id IS NULL AND ship_name IS NULL AND employee_id IS NOT NULL").fetchone()[0] == 6
    before = digests(trading, "trading")
    forget(trading, "3", "employee")
    gone, _ = changes(before, digests(trading, "trading"))
    # Now every order of employee 3 has lost its customer: they are the employee's alone.
    assert {k for k in gone if k[0] == "trading.orders"} == {key("trading.orders", order_id=o) for o in (3, 6, 9, 10)}
    assert orphans(trading, "trading") == []
