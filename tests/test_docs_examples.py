"""The SQL examples of README.md and docs/*.md run as written, in order, one database per document.

The ```sql blocks are read from the markdown when the test runs, so an edited example is
a tested example. Each document gets a fresh copy of a database where the pack was
installed by DOCS_DBA, a login role that is not a superuser (as on a managed service)
but has CREATEROLE; the document's examples run as that role, on one connection, block
after block, as a reader would paste them into psql. PREREQUISITES creates, per
document, only what the examples presuppose (the tables they name, the roles they grant
to). Documents cannot interfere: the database is dropped, and the roles the test or the
examples created are dropped, after each document.

Conventions the test understands (they are also what a reader sees):
- A statement's comment is the one on the rest of its last line plus the comment lines
  right below it. When it starts with `true` or `false`, or a quoted string (`'warn'`),
  the statement must return that one value.
- A statement followed by a comment naming an error, `-- ERROR 42501: ...` or
  `-- refused (42501)`, must fail with that SQLSTATE (inside a transaction block it runs
  under a savepoint, so the block goes on).
- `$1`, `$2`, ... are bound to the values PREREQUISITES gives for that statement.
- A block fenced ```sql no-run is not run; the line before it must be an HTML comment
  `<!-- no-run: why -->` saying why.
Shell and Python examples are checked without a database: every `python -m installer ...`
/ `pg-governance ...` command of a code block must be accepted by the CLI's argument
parser, and every `gov.method(...)` of a Python block must name a Governance method and
fit its signature.
"""
from __future__ import annotations

import ast
import inspect
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from conftest import REPO, admin_execute, create_installing_role, quiet
from psycopg import pq

from installer import Governance
from installer.cli import build_parser
from installer.engine.migrate import apply
from installer.engine.sqlsplit import split_statements
from installer.engine.throwaway import ThrowawayCluster

DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
DOCS_DBA = "docs_dba"
DOCS_TEMPLATE = "docs_template"

FENCE = re.compile(r"^```([^\n]*)\n(.*?)^```[ \t]*$", re.M | re.S)
NO_RUN_REASON = re.compile(r"<!--\s*no-run:\s*\S.*?-->\s*$")
EXPECTED_ERROR = re.compile(r"(?:\bERROR:? |\brefused \()([0-9A-Z]{5})\b")
EXPECTED_VALUE = re.compile(r"^(true|false|'[^']*')(?![\w'])")
PARAMETER = re.compile(r"\$\d")
COMMAND = re.compile(r"(?:^(?:\$ )?|&& )(?:\w+=\S* )*(?:python3? -m installer|pg-governance)(?= |$)(.*)")


@dataclass(frozen=True)
class Prerequisites:
    """What a document's examples presuppose without creating it themselves."""
    sql: str = ""                       # run as DOCS_DBA before the first example
    roles: tuple[str, ...] = ()         # cluster roles the examples name (key grantees, ...)
    # The values of $1, $2, ... of a statement: of the first entry whose text it contains.
    parameters: dict[str, tuple[str, ...]] = field(default_factory=dict)


MASTER_KEY = "docs-example-master-key-0123456789abcdef"

# The tables the examples read are the reader's own; these are the smallest that make the
# examples meaningful (the rows they name exist, the claimed results hold).
CUSTOMERS = """
    CREATE TABLE public.customers (id int PRIMARY KEY, name text, city text, ssn text);
    INSERT INTO public.customers VALUES (42, 'Ada', 'Oslo', '123-45-6789'), (43, 'Bo', 'Lyon', '987-65-4321');
"""
SHOP = """
    CREATE SCHEMA shop;
    CREATE TABLE shop.address (id int PRIMARY KEY, street text);
    CREATE TABLE shop.customer (id int PRIMARY KEY, name text, email text, address_id int REFERENCES shop.address);
    CREATE TABLE shop.invoice (id int PRIMARY KEY, customer_id int REFERENCES shop.customer, billing_name text,
                               amount numeric NOT NULL);
    CREATE INDEX ON shop.customer (address_id);
    CREATE INDEX ON shop.invoice (customer_id);
    INSERT INTO shop.address VALUES (1, '1 Main St'), (2, '2 High St');
    INSERT INTO shop.customer VALUES (42, 'Ada', 'ada@example.com', 1), (43, 'Bo', 'bo@example.com', 2);
    INSERT INTO shop.invoice VALUES (1, 42, 'Ada', 10.00), (2, 43, 'Bo', 20.00);
"""
PATIENTS = """
    CREATE TABLE public.patients (id int PRIMARY KEY, age int NOT NULL, city text NOT NULL);
    INSERT INTO public.patients
    SELECT g, 18 + g % 57, (ARRAY['Lyon', 'Porto', 'Graz'])[1 + g % 3] FROM generate_series(1, 2000) g;
"""

PREREQUISITES: dict[str, Prerequisites] = {
    "README.md": Prerequisites(
        sql=CUSTOMERS + SHOP + PATIENTS + """
            CREATE TABLE public.training_data (user_id int PRIMARY KEY, email text, age int);
            CREATE SCHEMA crm;
            CREATE TABLE crm.customers (customer_id text PRIMARY KEY, email text);
            CREATE TABLE public.orders (id int PRIMARY KEY, tenant_id text NOT NULL);
            CREATE TABLE public.sessions (id int PRIMARY KEY, user_email text, started_at timestamptz NOT NULL);
            GRANT billing_app TO docs_dba;  -- the application's part of the encryption example
        """,
        roles=("billing_app", "analytics_app", "app_pool", "reports", "dpo_alice", "support_app"),
        parameters={"governance.unlock($1)": (MASTER_KEY,)}),
    "audit.md": Prerequisites(sql=CUSTOMERS + """
        CREATE TABLE public.documents (id int PRIMARY KEY, title text, pdf bytea);
    """),
    "access.md": Prerequisites(sql="""
        CREATE TABLE public.features (user_id int PRIMARY KEY, score float8);
        CREATE TABLE public.orders (id serial PRIMARY KEY, tenant_id text NOT NULL);
        INSERT INTO public.orders (tenant_id) VALUES ('acme'), ('acme'), ('globex');
        CREATE TABLE public.case_files (id int PRIMARY KEY, title text);
    """),
    "compliance.md": Prerequisites(),
    "catalog.md": Prerequisites(sql=SHOP),
    "threat_model.md": Prerequisites(sql=CUSTOMERS),
    "consent.md": Prerequisites(sql="""
        CREATE SCHEMA crm;
        CREATE TABLE crm.customers (customer_id text PRIMARY KEY, email text);
        INSERT INTO crm.customers VALUES ('cust-42', 'ada@example.com'), ('cust-43', 'bo@example.com');
        CREATE SCHEMA clinic;
        CREATE TABLE clinic.visits (id int PRIMARY KEY, patient_id text NOT NULL, diagnosis text);
        INSERT INTO clinic.visits VALUES (1, 'p1', 'flu'), (2, 'p2', 'fracture'), (3, 'p1', 'follow-up');
    """),
    "encryption.md": Prerequisites(
        sql="""
            CREATE TABLE public.customers (id int PRIMARY KEY, ssn_ct bytea, ssn_idx bytea);
            CREATE SCHEMA app;
            CREATE TABLE app.customers (id int PRIMARY KEY, name text, ssn text NOT NULL);
            INSERT INTO app.customers VALUES (1, 'Ada', '111-22-3333'), (2, 'Bo', '444-55-6666');
            GRANT billing_app TO docs_dba;  -- "in the application": the session uses billing_app's grant
        """,
        roles=("billing_app", "ingest"),
        parameters={"governance.unlock($1)": (MASTER_KEY,),
                    "governance.blind_index($1": ("123-45-6789",),
                    "governance.encrypt($1": ("123-45-6789",)}),
    "erasure.md": Prerequisites(sql=SHOP + """
        CREATE TABLE shop.app_log (id int PRIMARY KEY, customer_ref int, message text);
        CREATE INDEX ON shop.app_log (customer_ref);
        CREATE TABLE shop.ledger_entry (id int PRIMARY KEY, invoice_id int REFERENCES shop.invoice, amount numeric);
        CREATE INDEX ON shop.ledger_entry (invoice_id);
        INSERT INTO shop.app_log VALUES (1, 42, 'login'), (2, 43, 'login');
        INSERT INTO shop.ledger_entry VALUES (1, 1, 10.00), (2, 2, 20.00);
    """),
    "lineage.md": Prerequisites(sql="""
        CREATE TABLE public.training_data (user_id int PRIMARY KEY, email text, age int);
        CREATE SCHEMA app;
        CREATE TABLE app.churn_scores (customer_id text, model text, model_version text, scored_at timestamptz,
                                       score numeric);
    """),
    "dp.md": Prerequisites(sql=PATIENTS, roles=("analytics_app",)),
    "masking.md": Prerequisites(sql="""
        CREATE SCHEMA shop;
        CREATE TABLE shop.customer (id int PRIMARY KEY, name text, email text UNIQUE, card text,
                                    birth_date date, income numeric, postcode text);
        INSERT INTO shop.customer VALUES
            (42, 'Ada', 'ada@example.com', '4111111111111111', '1985-06-12', 52345, '75011'),
            (43, 'Bo', 'bo@example.com', '5500000000000004', '1990-01-02', 31000, '75011');
        GRANT analyst TO docs_dba;  -- the examples SET ROLE analyst to read as the analyst
    """, roles=("analyst",)),
    "retention.md": Prerequisites(sql="""
        CREATE SCHEMA support;
        CREATE TABLE support.ticket (id int PRIMARY KEY, customer_email text, body text, closed_at timestamptz NOT NULL);
        CREATE INDEX ON support.ticket (closed_at);
        CREATE TABLE support.message (id int PRIMARY KEY, ticket_id int NOT NULL REFERENCES support.ticket, body text);
        CREATE INDEX ON support.message (ticket_id);
        CREATE TABLE support.legal_copy (id int PRIMARY KEY, ticket_id int REFERENCES support.ticket);
        INSERT INTO support.ticket VALUES (1, 'ada@example.com', 'refund', now() - interval '3 years'),
                                          (2, 'bo@example.com', 'lost parcel', now() - interval '3 years'),
                                          (3, 'cy@example.com', 'delay', now() - interval '1 month');
        INSERT INTO support.message VALUES (1, 1, 'hello'), (2, 2, 'hi'), (3, 3, 'hey');
        INSERT INTO support.legal_copy VALUES (1, 2);
    """),
}


@dataclass(frozen=True)
class Block:
    document: str
    line: int           # the line of the block's first line of code in the document
    code: str
    run: bool


def blocks(path: Path, language: str) -> list[Block]:
    """The fenced blocks of one language ("" for untagged ones), in order."""
    text = path.read_text()
    found = []
    for match in FENCE.finditer(text):
        info = match.group(1).split() or [""]
        if info[0] != language:
            continue
        line = text.count("\n", 0, match.start(2)) + 1
        run = "no-run" not in info[1:]
        before = text[:match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        assert run or NO_RUN_REASON.match(before), \
            f"{path.name}:{line - 1}: a no-run block needs `<!-- no-run: why -->` on the line before it"
        found.append(Block(path.name, line, match.group(2), run))
    return found


@dataclass(frozen=True)
class Example:
    """One statement of a block and the comment that follows it (its claimed outcome)."""
    sql: str
    where: str          # document:line
    note: str


def examples(block: Block) -> list[Example]:
    found = []
    cursor = 0
    for statement in split_statements(block.code):
        start = block.code.index(statement.text, cursor)
        cursor = start + len(statement.text)
        found.append(Example(statement.text, f"{block.document}:{block.line + statement.line - 1}",
                             _note_after(block.code, cursor)))
    return found


def _note_after(code: str, end: int) -> str:
    """The comment on the rest of the statement's last line and the comment lines right
    below it, up to a blank line or the next statement."""
    first, *below = code[end:].split("\n")
    kept = [first.strip()[2:].strip()] if first.strip().startswith("--") else []
    for line in below:
        if not line.strip().startswith("--"):
            break
        kept.append(line.strip()[2:].strip())
    return " ".join(kept)


def run_example(conn: psycopg.Connection, example: Example, parameters: dict[str, tuple[str, ...]]) -> list[tuple]:
    """Runs one statement and checks the outcome its comment claims; returns its rows."""
    where = f"{example.where}: {example.sql}"
    values = None
    if PARAMETER.search(example.sql):
        values = next((v for text, v in parameters.items() if text in example.sql), None)
        assert values is not None, f"{where}\nno parameter values for it in PREREQUISITES"
    cursor = psycopg.RawCursor(conn)
    expected_error = EXPECTED_ERROR.search(example.note)
    if expected_error:
        in_block = conn.info.transaction_status == pq.TransactionStatus.INTRANS
        if in_block:
            conn.execute("SAVEPOINT docs_example")
        try:
            cursor.execute(example.sql, values)
        except psycopg.Error as error:
            assert error.sqlstate == expected_error.group(1), f"{where}\nfailed with {error.sqlstate}: {error}"
        else:
            pytest.fail(f"{where}\nsucceeded; the document says it fails with {expected_error.group(1)}", pytrace=False)
        if in_block:
            conn.execute("ROLLBACK TO SAVEPOINT docs_example")
        return []
    try:
        cursor.execute(example.sql, values)
    except psycopg.Error as error:
        pytest.fail(f"{where}\nERROR {error.sqlstate}: {error}", pytrace=False)
    rows = cursor.fetchall() if cursor.description else []
    claimed = EXPECTED_VALUE.match(example.note)
    if claimed:
        assert len(rows) == 1 and len(rows[0]) == 1, f"{where}\nclaims one value ({claimed.group(1)}), got {rows}"
        value = rows[0][0]
        shown = str(value).lower() if isinstance(value, bool) else f"'{value}'"
        assert shown == claimed.group(1), f"{where}\nclaims {claimed.group(1)}, returned {shown}"
    return rows


def dba_dsn(cluster: ThrowawayCluster, dbname: str) -> str:
    return cluster.dsn(dbname).replace("user=postgres", f"user={DOCS_DBA}")


def cluster_roles(cluster: ThrowawayCluster) -> set[str]:
    with psycopg.connect(cluster.dsn()) as conn:
        return {name for (name,) in conn.execute("SELECT rolname FROM pg_catalog.pg_roles")}


@pytest.fixture(scope="module")
def docs_template(cluster: ThrowawayCluster) -> Iterator[str]:
    """The pack installed by DOCS_DBA (not a superuser) into a database it owns."""
    create_installing_role(cluster, DOCS_DBA)
    admin_execute(cluster, f"CREATE DATABASE {DOCS_TEMPLATE} OWNER {DOCS_DBA}")
    with psycopg.connect(dba_dsn(cluster, DOCS_TEMPLATE)) as conn:
        apply(conn, report=quiet)
    yield DOCS_TEMPLATE
    admin_execute(cluster, f"DROP DATABASE {DOCS_TEMPLATE} WITH (FORCE)")
    admin_execute(cluster, f"DROP ROLE {DOCS_DBA}")


@pytest.fixture
def document_db(cluster: ThrowawayCluster, docs_template: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh copy of the template for one document; it and the roles created meanwhile
    (by PREREQUISITES or by the examples, such as access.sync_native_roles) are dropped after."""
    name = "docs_" + re.sub(r"\W", "_", request.node.callspec.id).lower()
    roles_before = cluster_roles(cluster)
    admin_execute(cluster, f"CREATE DATABASE {name} TEMPLATE {docs_template} OWNER {DOCS_DBA}")
    try:
        yield dba_dsn(cluster, name)
    finally:
        admin_execute(cluster, f"DROP DATABASE {name} WITH (FORCE)")
        for role in sorted(cluster_roles(cluster) - roles_before):
            admin_execute(cluster, f'DROP ROLE "{role}"')


def document_ids(path: Path) -> str:
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("path", DOCUMENTS, ids=document_ids)
def test_sql_examples_run_as_documented(path: Path, document_db: str):
    prerequisites = PREREQUISITES.get(path.name, Prerequisites())
    with psycopg.connect(document_db, autocommit=True) as conn:
        for role in prerequisites.roles:
            conn.execute(f'CREATE ROLE "{role}" NOLOGIN')
        if prerequisites.sql:
            conn.execute(prerequisites.sql)
        for block in blocks(path, "sql"):
            if not block.run:
                continue
            for example in examples(block):
                run_example(conn, example, prerequisites.parameters)
            assert conn.info.transaction_status == pq.TransactionStatus.IDLE, \
                f"{block.document}:{block.line}: the block leaves a transaction open"


@pytest.mark.parametrize("path", DOCUMENTS, ids=document_ids)
def test_cli_examples_parse(path: Path):
    parser = build_parser()
    for block in blocks(path, "sh") + blocks(path, ""):
        for number, line in enumerate(block.code.split("\n"), start=block.line):
            command = COMMAND.search(line.strip())
            if not command:
                continue
            args = shlex.split(re.split(r"\s(?:\||>|#|&&)", command.group(1))[0])
            try:
                parser.parse_args(args)
            except SystemExit:
                pytest.fail(f"{path.name}:{number}: the CLI refuses {line.strip()!r}", pytrace=False)


@pytest.mark.parametrize("path", DOCUMENTS, ids=document_ids)
def test_python_examples_call_governance_methods_that_exist(path: Path):
    """`gov.method(...)` calls bind to Governance's signatures (names, positional and keyword arguments)."""
    for block in blocks(path, "python"):
        for node in ast.walk(ast.parse(block.code)):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "gov"):
                continue
            where = f"{path.name}:{block.line + node.lineno - 1}: gov.{node.func.attr}"
            method = getattr(Governance, node.func.attr, None)
            assert method is not None, f"{where}: Governance has no such method"
            try:
                inspect.signature(method).bind(None, *node.args, **{k.arg: k.value for k in node.keywords})
            except TypeError as error:
                pytest.fail(f"{where}: {error}", pytrace=False)
