"""erasure_plan is the exact dry run of gdpr_forget (hypothesis), on generated schemas with
two subject types that may reference each other, tables referencing subjects, each
other and themselves (cycles), foreign keys of every ON DELETE kind, NOT NULL or not,
declared references without DDL, own parents, partitioned tables with the foreign key on the
partitioned table, on one partition only or on all, and rules per table and per type.

For each: a conflict in the plan <=> gdpr_forget refuses with nothing changed; otherwise
the rows gone per table are the plan's deleted rows, the rows detached are the plan's,
no reference (real or declared) is left dangling, and a repeat is a no-op."""
from __future__ import annotations

import psycopg
import pytest
from erasure_schemas import digests, orphans
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

KINDS = ["no action", "cascade", "set null", "declared no action", "declared set null", "declared cascade"]
SUBJECTS = ["a", "b"]


@st.composite
def schemas(draw):
    """A list of (name, refs, partitioned, fk_on) and the rules, as SQL, plus the rows."""
    n = draw(st.integers(1, 4))
    tables = [f"t{i}" for i in range(n)]
    targets = SUBJECTS + tables
    spec = []
    for i, table in enumerate(tables):
        refs = []
        for j in range(draw(st.integers(1, 2))):
            target = draw(st.sampled_from(targets))
            later = target in tables and tables.index(target) >= i
            kind = draw(st.sampled_from(KINDS))
            nullable = later or kind.endswith("set null") or draw(st.booleans())
            # The referenced row may be declared the referencing row's own data.
            own = target in tables and draw(st.booleans())
            refs.append((f"r{j}", target, kind, nullable, own))
        partitioned = draw(st.sampled_from([None, "parent", "one", "all"]))
        spec.append((table, refs, partitioned))
    b_refs_a = draw(st.sampled_from([None, "no action", "set null", "declared no action"]))
    rules = []
    for table in tables + ["b"]:
        action = draw(st.sampled_from([None, "delete", "anonymize", "retain"]))
        if action:
            rules.append((table, action, draw(st.sampled_from([None, "a", "b"]))))
    rows = {t: draw(st.integers(1, 5)) for t in tables}
    values = draw(st.randoms(use_true_random=False))
    return spec, b_refs_a, rules, rows, values


def build(conn: psycopg.Connection, spec, b_refs_a, rules, rows, rnd) -> None:
    conn.execute("CREATE SCHEMA g")
    conn.execute("CREATE TABLE g.a (id integer PRIMARY KEY, name text)")
    conn.execute("CREATE TABLE g.b (id integer PRIMARY KEY, name text, a_id integer)")
    conn.execute("INSERT INTO g.a SELECT i, 'a' || i FROM generate_series(1, 3) i")
    conn.execute("INSERT INTO g.b SELECT i, 'b' || i, 1 + i % 3 FROM generate_series(1, 3) i")
    declared = []

    def reference(child: str, column: str, target: str, kind: str, where: list[str]) -> None:
        if kind.startswith("declared"):
            declared.append((child, column, target, kind.removeprefix("declared ")))
            return
        for on in where:
            conn.execute(f"ALTER TABLE g.{on} ADD FOREIGN KEY ({column}) REFERENCES g.{target} ON DELETE {kind.upper()}")

    if b_refs_a:
        reference("b", "a_id", "a", b_refs_a, ["b"])
    for table, refs, partitioned in spec:
        columns = ", ".join(f"{c} integer{'' if nullable else ' NOT NULL'}" for c, _, _, nullable, _ in refs)
        conn.execute(f"CREATE TABLE g.{table} (id integer PRIMARY KEY, note text, {columns})"
                     + (" PARTITION BY HASH (id)" if partitioned else ""))
        if partitioned:
            for p in (0, 1):
                conn.execute(f"CREATE TABLE g.{table}_p{p} PARTITION OF g.{table} FOR VALUES WITH (MODULUS 2, REMAINDER {p})")
        for c, _, _, _, _ in refs:
            conn.execute(f"CREATE INDEX ON g.{table} ({c})")
    size = {"a": 3, "b": 3, **rows}
    for table, refs, _ in spec:
        # Rows first with every nullable reference NULL, then filled in: references to
        # later tables (and to the table itself) need their rows to exist.
        for i in range(1, rows[table] + 1):
            values = [str(rnd.randint(1, size[target])) if not nullable else "NULL"
                      for _, target, _, nullable, _ in refs]
            conn.execute(f"INSERT INTO g.{table} VALUES ({i}, 'note {i}', {', '.join(values)})")
    for table, refs, _ in spec:
        for c, target, _, nullable, _ in refs:
            if nullable:
                for i in range(1, rows[table] + 1):
                    value = rnd.choice([None, rnd.randint(1, size[target])])
                    conn.execute(f"UPDATE g.{table} SET {c} = %s WHERE id = %s", (value, i))
    for table, refs, partitioned in spec:
        where = {None: [table], "parent": [table], "one": [f"{table}_p0"], "all": [f"{table}_p0", f"{table}_p1"]}[partitioned]
        for c, target, kind, _, _ in refs:
            reference(table, c, target, kind, where)
    for child, column, target, kind in declared:
        conn.execute("SELECT privacy.declare_reference(%s, %s, %s, '{id}', %s)",
                      (f"g.{child}", [column], f"g.{target}", kind))
    for table, refs, _ in spec:
        for c, _, _, _, own in refs:
            if own:
                conn.execute("SELECT privacy.own_parent(%s, %s)", (f"g.{table}", c))
    conn.execute("SELECT governance.classify('g.a', 'name', 'direct_identifier')")
    conn.execute("SELECT governance.classify('g.b', 'name', 'direct_identifier')")
    for table, _, _ in spec:
        conn.execute("SELECT governance.classify(%s, 'note', 'free_text')", (f"g.{table}",))
    conn.execute("SELECT privacy.register_subject('a', 'g.a', 'id')")
    conn.execute("SELECT privacy.register_subject('b', 'g.b', 'id')")
    for table, action, subject_type in rules:
        if table == "b" and action == "anonymize":
            continue   # an anonymized subject row keeps its key: found again (a documented limit)
        conn.execute("SELECT privacy.set_erasure_rule(%s, %s, 'kept', %s)", (f"g.{table}", action, subject_type))


def dangling_declared(conn: psycopg.Connection) -> int:
    total = 0
    for child, columns, parent, parent_columns in conn.execute(
            "SELECT child::text, child_columns, parent::text, parent_columns FROM privacy.declared_references").fetchall():
        total += conn.execute(f"SELECT count(*) FROM {child} x WHERE x.{columns[0]} IS NOT NULL AND NOT EXISTS "
                              f"(SELECT FROM {parent} p WHERE p.{parent_columns[0]} = x.{columns[0]})").fetchone()[0]
    return total


def root(conn: psycopg.Connection, table: str) -> str:
    return conn.execute("SELECT COALESCE(pg_partition_root(%s::regclass), %s::regclass)::regclass::text",
                        (table, table)).fetchone()[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(schema=schemas(), subject=st.sampled_from([("a", "1"), ("a", "2"), ("b", "1")]))
def test_the_plan_is_what_forget_does(installed_db, schema, subject):
    spec, b_refs_a, rules, rows, rnd = schema
    subject_type, subject_key = subject
    with psycopg.connect(installed_db) as conn:
        try:
            build(conn, spec, b_refs_a, rules, rows, rnd)
            plan = conn.execute("SELECT privacy.erasure_plan(%s, %s)", (subject_key, subject_type)).fetchone()[0]
            before = digests(conn, "g")
            event("conflict" if plan["conflicts"] else "erased")
            if plan["conflicts"]:
                with pytest.raises(psycopg.errors.ForeignKeyViolation):
                    with conn.transaction():
                        conn.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type))
                assert digests(conn, "g") == before
                return
            with conn.transaction():
                done = conn.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type)).fetchone()[0]
            after = digests(conn, "g")
            gone: dict[str, int] = {}
            for table, _ in set(before) - set(after):
                gone[root(conn, table)] = gone.get(root(conn, table), 0) + 1
            deleted: dict[str, int] = {}
            for t in plan["tables"]:
                # An own parent goes when nothing references it any more: the plan says how many stay.
                n = t["rows"] - t["kept"] if t["action"] == "delete_if_unreferenced" else t["rows"]
                if t["action"] in ("delete", "delete_if_unreferenced") and n:
                    deleted[t["table"]] = deleted.get(t["table"], 0) + n
            assert gone == deleted
            assert sorted((t["table"], t["rows"] - t.get("kept", 0) if t["kind"] == "own_parent" and t["action"] != "retain"
                           else t["rows"]) for t in plan["tables"]) == \
                   sorted((t["table"], t["rows"]) for t in done["tables"])
            assert sorted((d["table"], d["constraint"], d["rows"]) for d in plan["detach"] if d["how"] == "detach") == \
                   sorted((d["table"], d["constraint"], d["rows"]) for d in done["detached"])
            assert (sorted(plan["kept"], key=str), plan["expected_status"]) == (sorted(done["kept"], key=str), done["status"])
            # Other subjects' rows: never gone.
            assert not {k for k in set(before) - set(after)
                        if k[0] in ("g.a", "g.b") and k[0] != f"g.{subject_type}"}
            assert orphans(conn, "g") == [] and dangling_declared(conn) == 0
            again = conn.execute("SELECT privacy.gdpr_forget(%s, %s)", (subject_key, subject_type)).fetchone()[0]
            assert again["status"] == "already_erased"
        finally:
            conn.rollback()
