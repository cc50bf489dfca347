"""Prerequisites, checked before anything is changed; every problem is reported at once."""
from __future__ import annotations

import psycopg

from .layout import SCHEMAS, module_schema

MIN_SERVER_VERSION = 130000
ROLES = ("governance_admin", "governance_dpo", "governance_auditor", "governance_app")


def problems(conn: psycopg.Connection, applied: dict[str, dict]) -> list[str]:
    found: list[str] = []
    version_num, version, superuser, can_create, can_create_role = conn.execute(
        """
        SELECT pg_catalog.current_setting('server_version_num')::int,
               pg_catalog.current_setting('server_version'),
               r.rolsuper,
               pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE'),
               r.rolcreaterole
          FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER
        """
    ).fetchone()
    if version_num < MIN_SERVER_VERSION:
        found.append(f"PostgreSQL 13 or newer is required; this server is {version}.")

    pgcrypto_installed, pgcrypto_available = conn.execute(
        """
        SELECT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto'),
               EXISTS (SELECT FROM pg_catalog.pg_available_extensions WHERE name = 'pgcrypto')
        """
    ).fetchone()
    if not pgcrypto_installed and not pgcrypto_available:
        found.append("The pgcrypto extension is not available on this server: install the PostgreSQL "
                     "contrib package (on Debian: postgresql-contrib) or enable it on your managed service.")

    existing = {row[0] for row in conn.execute(
        "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s)", (list(SCHEMAS),))}
    ours = {module_schema(name) for name, info in applied.items() if info["kind"] == "versioned"}
    for schema in SCHEMAS:
        if schema in existing and schema not in ours:
            found.append(f"Schema {schema!r} already exists and was not created by pg-governance. "
                         f"Rename or drop it (ALTER SCHEMA {schema} RENAME TO ...), or install into another database.")

    missing_schema = set(SCHEMAS) - existing
    if not superuser and not can_create and (missing_schema or not pgcrypto_installed):
        found.append("The connecting role needs CREATE on this database to create the governance schemas "
                     "and pgcrypto: GRANT CREATE ON DATABASE <db> TO <role>; or connect as the database owner.")

    missing_roles = [r[0] for r in conn.execute(
        "SELECT name FROM unnest(%s::text[]) AS name WHERE NOT EXISTS "
        "(SELECT FROM pg_catalog.pg_roles WHERE rolname = name)", (list(ROLES),))]
    if missing_roles and not (superuser or can_create_role):
        found.append(f"Roles {', '.join(missing_roles)} do not exist and the connecting role cannot create them: "
                     "ALTER ROLE <role> CREATEROLE; or have an administrator create them (NOLOGIN).")
    return found
