-- The OpenLineage namespace of this database's tables. Producers name a PostgreSQL
-- dataset postgres://{host}:{port} + {database}.{schema}.{table}; the server cannot know
-- the host name clients use, so the DBA states it once:
--   ALTER DATABASE app SET pg_governance.lineage_namespace = 'postgres://db.example.com:5432';
-- Without it, postgres://localhost:{port}.
CREATE OR REPLACE FUNCTION lineage.local_namespace()
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(NULLIF(pg_catalog.current_setting('pg_governance.lineage_namespace', true), ''),
                    'postgres://localhost:' || pg_catalog.current_setting('port'))
$$;

COMMENT ON FUNCTION lineage.local_namespace() IS
    'OpenLineage namespace of this database (setting pg_governance.lineage_namespace, else postgres://localhost:PORT)';

GRANT EXECUTE ON FUNCTION lineage.local_namespace()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
