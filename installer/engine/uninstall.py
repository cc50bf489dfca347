"""Remove everything the installer created, in one transaction.

Audit trails, consent records and erasure logs are evidence: uninstall refuses while any
governance table holds rows (other than configuration listed in
governance.reference_tables) unless forced.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import psycopg
from psycopg import sql

from installer.engine.errors import Refused
from installer.engine.layout import SCHEMAS, module_schema
from installer.engine.migrate import LOCK_KEYS, applied_migrations
from installer.engine.preflight import ROLES


@dataclass
class UninstallPlan:
    schemas: list[str] = field(default_factory=list)
    evidence: dict[str, int] = field(default_factory=dict)  # table -> rows
    dependents: list[str] = field(default_factory=list)  # objects outside our schemas that go too
    drop_roles: list[str] = field(default_factory=list)
    keep_roles: dict[str, str] = field(default_factory=dict)  # role -> why it stays


def make_plan(conn: psycopg.Connection) -> UninstallPlan:
    applied = applied_migrations(conn)
    ours = {module_schema(name) for name, info in applied.items() if info["kind"] == "versioned"}
    # Reverse module order: later modules depend on earlier ones.
    plan = UninstallPlan(schemas=[s for s in reversed(SCHEMAS) if s in ours])
    if not plan.schemas:
        return plan
    plan.evidence = _evidence(conn, plan.schemas)
    # Rules, triggers, policies, defaults and constraints have no schema of their own in
    # pg_identify_object: they belong to their table's schema.
    plan.dependents = [row[0] for row in conn.execute(
        """
        SELECT DISTINCT pg_catalog.pg_describe_object(d.classid, d.objid, d.objsubid)
          FROM pg_catalog.pg_depend d,
               LATERAL pg_catalog.pg_identify_object(d.refclassid, d.refobjid, 0) AS ref,
               LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, d.objsubid) AS dep,
               LATERAL (SELECT CASE d.classid
                     WHEN 'pg_catalog.pg_rewrite'::regclass THEN (SELECT ev_class FROM pg_catalog.pg_rewrite WHERE oid = d.objid)
                     WHEN 'pg_catalog.pg_trigger'::regclass THEN (SELECT tgrelid FROM pg_catalog.pg_trigger WHERE oid = d.objid)
                     WHEN 'pg_catalog.pg_policy'::regclass THEN (SELECT polrelid FROM pg_catalog.pg_policy WHERE oid = d.objid)
                     WHEN 'pg_catalog.pg_attrdef'::regclass THEN (SELECT adrelid FROM pg_catalog.pg_attrdef WHERE oid = d.objid)
                     WHEN 'pg_catalog.pg_constraint'::regclass THEN (SELECT conrelid FROM pg_catalog.pg_constraint WHERE oid = d.objid)
                   END AS relid) AS owner
         WHERE d.deptype = 'n' AND ref.schema = ANY(%s)
           AND NOT COALESCE(COALESCE(dep.schema, (SELECT c.relnamespace::regnamespace::text
                                                    FROM pg_catalog.pg_class c WHERE c.oid = owner.relid))
                            = ANY(%s), false)
         ORDER BY 1
        """, (plan.schemas, plan.schemas))]
    for role, other_databases, owns_here in conn.execute(
        """
        SELECT r.rolname,
               ARRAY(SELECT DISTINCT db.datname FROM pg_catalog.pg_shdepend s
                       JOIN pg_catalog.pg_database db ON db.oid = s.dbid
                      WHERE s.refclassid = 'pg_catalog.pg_authid'::regclass AND s.refobjid = r.oid
                        AND db.datname <> pg_catalog.current_database()
                      ORDER BY 1),
               EXISTS (SELECT 1 FROM pg_catalog.pg_shdepend s
                        WHERE s.refclassid = 'pg_catalog.pg_authid'::regclass AND s.refobjid = r.oid
                          AND s.deptype = 'o'
                          AND s.dbid = (SELECT oid FROM pg_catalog.pg_database
                                         WHERE datname = pg_catalog.current_database()))
          FROM pg_catalog.pg_roles r WHERE r.rolname = ANY(%s) ORDER BY 1
        """, (list(ROLES),)):
        if other_databases:
            plan.keep_roles[role] = f"still used in database(s) {', '.join(other_databases)}"
        elif owns_here:
            plan.keep_roles[role] = "owns objects in this database"
        else:
            plan.drop_roles.append(role)
    return plan


def _evidence(conn: psycopg.Connection, schemas: list[str]) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        """
        SELECT c.oid::regclass::text FROM pg_catalog.pg_class c
         WHERE c.relnamespace::regnamespace::text = ANY(%s) AND c.relkind IN ('r', 'p')
           AND NOT c.relispartition
           AND c.oid NOT IN (SELECT table_name FROM governance.reference_tables)
         ORDER BY 1
        """, (schemas,))]
    counts = {}
    for table in tables:
        rows = conn.execute(sql.SQL("SELECT count(*) FROM {}").format(
            sql.Identifier(*table.split(".")))).fetchone()[0]
        if rows:
            counts[table] = rows
    return counts


def uninstall(conn: psycopg.Connection, force: bool = False, dry_run: bool = False) -> UninstallPlan:
    conn.autocommit = True
    conn.execute("SELECT pg_catalog.pg_advisory_lock(%s, %s)", LOCK_KEYS)
    try:
        plan = make_plan(conn)
        if plan.evidence and not force and not dry_run:
            raise Refused([
                "Governance tables hold data, which may be evidence you are required to keep:",
                *[f"  {table}: {rows} rows" for table, rows in plan.evidence.items()],
                "Export or archive it first, then run uninstall --force to drop it.",
            ])
        if dry_run or not plan.schemas:
            return plan
        with conn.transaction():
            for schema in plan.schemas:
                conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
            for role in plan.drop_roles:
                # DROP OWNED needs the role's privileges, which a CREATEROLE administrator
                # (a managed service's DBA) does not have without joining it; dropping the
                # role ends that membership again.
                if not conn.execute("SELECT pg_catalog.pg_has_role(%s, 'USAGE')", (role,)).fetchone()[0]:
                    conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(role)))
                # make_plan kept every role that owns an object here or is used in another
                # database, so DROP OWNED only revokes its privileges on this database's objects.
                conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        return plan
    finally:
        conn.execute("SELECT pg_catalog.pg_advisory_unlock(%s, %s)", LOCK_KEYS)
