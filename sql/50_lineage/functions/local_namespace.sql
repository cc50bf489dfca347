-- The OpenLineage namespace of this database's tables. Producers name a PostgreSQL
-- dataset postgres://{host}:{port} + {database}.{schema}.{table}; the server cannot know
-- the host name clients use, so the DBA states it once:
--   SELECT governance.set_setting('lineage_namespace', 'postgres://db.example.com:5432');
-- The setting pg_governance.lineage_namespace (ALTER DATABASE ... SET, superuser only
-- since PostgreSQL 15) is still read where the table holds none; else postgres://localhost:{port}.
CREATE OR REPLACE FUNCTION lineage.local_namespace()
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT COALESCE((SELECT s.value FROM governance.settings s WHERE s.name = 'lineage_namespace'),
                    NULLIF(pg_catalog.current_setting('pg_governance.lineage_namespace', true), ''),
                    'postgres://localhost:' || pg_catalog.current_setting('port'))
$$;

COMMENT ON FUNCTION lineage.local_namespace() IS
    'OpenLineage namespace of this database (governance.settings lineage_namespace, else the setting pg_governance.lineage_namespace, else postgres://localhost:PORT)';

GRANT EXECUTE ON FUNCTION lineage.local_namespace()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
