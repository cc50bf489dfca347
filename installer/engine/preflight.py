"""Prerequisites, checked before anything is changed; every problem is reported at once."""
from __future__ import annotations

import psycopg

from installer.engine.layout import SCHEMAS, module_schema

# The majors the test matrix runs on (README, Test matrix): older ones are refused,
# newer ones get a warning.
OLDEST_TESTED, NEWEST_TESTED = 13, 18
MIN_SERVER_VERSION = OLDEST_TESTED * 10000
ROLES = ("governance_admin", "governance_dpo", "governance_auditor", "governance_app")
CORE_MIGRATION = "10_governance/versioned/0001_core.sql"


def problems(conn: psycopg.Connection, applied: dict[str, dict]) -> list[str]:
    encoding = conn.execute("SELECT pg_catalog.current_setting('server_encoding')").fetchone()[0]
    if encoding in ("SQL_ASCII", b"SQL_ASCII"):
        # psycopg hands back bytes for every text value there, and the server neither checks
        # nor converts what is stored: subject keys, masks and exports would depend on the
        # bytes each client happened to send. Refused before anything else is read.
        return ["This database's encoding is SQL_ASCII, which stores text unchecked and unconverted; "
                "pg-governance needs a real encoding (hashes, masks and exports of text depend on it). "
                "Install into a database created with one: CREATE DATABASE <db> ENCODING 'UTF8' TEMPLATE template0; "
                "(migrate the data with pg_dump and a restore into it)."]
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
        found.append(version_refusal(version))

    pgcrypto_installed, pgcrypto_available = conn.execute(
        """
        SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'pgcrypto'),
               EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions WHERE name = 'pgcrypto')
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

    missing_roles, administers_existing = conn.execute(
        "SELECT pg_catalog.array_agg(name) FILTER (WHERE r.oid IS NULL), "
        "       COALESCE(pg_catalog.bool_and(pg_catalog.pg_has_role(r.oid, 'MEMBER WITH ADMIN OPTION')), true) "
        "  FROM unnest(%s::text[]) AS name LEFT JOIN pg_catalog.pg_roles r ON r.rolname = name",
        (list(ROLES),)).fetchone()
    if missing_roles and not (superuser or can_create_role):
        found.append(f"Roles {', '.join(missing_roles)} do not exist and the connecting role cannot create them: "
                     "ALTER ROLE <role> CREATEROLE; or have an administrator create them (NOLOGIN).")
    # The core migration also comments on the roles and grants three of them to
    # governance_admin, which PostgreSQL allows a superuser, up to 15 a CREATEROLE role, and
    # from 16 a role with ADMIN OPTION on them (which a CREATEROLE role has on roles it creates).
    may_administer = superuser or administers_existing or (can_create_role and version_num < 160000)
    if CORE_MIGRATION not in applied and not missing_roles and not may_administer:
        found.append("The governance_* roles exist (another database of this cluster uses them), but the "
                     "connecting role may not comment on them or grant them, which the first migration does: "
                     "ALTER ROLE <role> CREATEROLE; (PostgreSQL 16 and later: GRANT governance_admin, "
                     "governance_dpo, governance_auditor, governance_app TO <role> WITH ADMIN OPTION;) "
                     "or install as a superuser.")
    return found


def version_refusal(version: str) -> str:
    """Why a server older than the tested majors is refused."""
    return (f"PostgreSQL {OLDEST_TESTED} or newer is required; this server is {version}. "
            f"pg-governance is tested on {OLDEST_TESTED} to {NEWEST_TESTED}: upgrade the server first.")


def version_warning(version_num: int) -> str | None:
    """A server newer than the tested majors is not refused (a release of the pack may
    trail a new major), but the user is told it is untested."""
    major = version_num // 10000
    if major <= NEWEST_TESTED:
        return None
    return (f"PostgreSQL {major} is newer than the versions pg-governance is tested on "
            f"({OLDEST_TESTED} to {NEWEST_TESTED}); it is installed anyway, but check the result "
            "(python -m installer check) and look for a newer release of pg-governance.")


def citus_summary(conn: psycopg.Connection) -> str | None:
    """What Citus (its catalog pg_dist_partition) holds, or None without Citus.

    The pack's tables are created on the coordinator only; governance.citus_table_kind
    decides per table, and the features that fail on Citus tables refuse them."""
    if not conn.execute("SELECT pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL").fetchone()[0]:
        return None
    distributed, reference, local = conn.execute(
        "SELECT count(*) FILTER (WHERE partmethod <> 'n'), count(*) FILTER (WHERE partmethod = 'n' AND repmodel = 't'), "
        "       count(*) FILTER (WHERE partmethod = 'n' AND repmodel <> 't') FROM pg_catalog.pg_dist_partition").fetchone()
    return (f"Citus detected ({distributed} distributed, {reference} reference, {local} Citus local table(s)): "
            "pg-governance's tables stay on the coordinator, and audit, row security (tenant isolation, policies, "
            "consent guards), encryption and erasure refuse Citus tables, naming why (docs/scale-out.md).")


def install_warnings(conn: psycopg.Connection) -> list[str]:
    """Not refusals (a throwaway or demo cluster is fine as it is), but what the first install should know:
    the role installing the pack owns its definer functions, which act on application tables with its
    rights; and on Citus, the pack stays on the coordinator."""
    citus = citus_summary(conn)
    warnings = [citus] if citus else []
    superuser, bypassrls = conn.execute(
        "SELECT r.rolsuper, r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER").fetchone()
    if not (superuser or bypassrls):
        return warnings
    attribute = "a superuser" if superuser else "a BYPASSRLS role"
    return warnings + [f"installing as {attribute}: the pack's definer functions will run application tables' triggers "
            "and policy functions with its rights, and read past row-level security (read_phi, the DP functions). "
            "For production, install as a dedicated role that is neither SUPERUSER nor BYPASSRLS "
            "(README, Security model; compliance check security.governance_owner_privileged)."]
