-- Settings of the pack that a DBA states once per database. They were custom GUCs set
-- with ALTER DATABASE ... SET pg_governance.x, which PostgreSQL 15+ refuses to anyone but
-- a superuser (a custom parameter with no extension behind it is PGC_SUSET), so no
-- managed service could use them. governance.set_setting (admin) or the pack's owner
-- writes them; row-level security with a SELECT policy only keeps a role that may write
-- every table (pg_write_all_data) from changing them, as for governance.limits.
-- A NULL value means "the default", described in the row.
CREATE TABLE governance.settings (
    name        text PRIMARY KEY,
    value       text CHECK (value <> '' AND pg_catalog.length(value) <= 1024),
    description text NOT NULL
);

INSERT INTO governance.settings (name, value, description) VALUES
    ('lineage_namespace', NULL,
     'OpenLineage namespace of this database''s datasets (postgres://host:port as clients name the server); '
     'default: the setting pg_governance.lineage_namespace, else postgres://localhost:PORT');

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.settings', 'per-database settings, set by an administrator');

GRANT SELECT ON governance.settings TO governance_admin, governance_dpo, governance_auditor, governance_app;
