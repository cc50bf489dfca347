-- One row per table holding classified columns, with how it is protected: what several
-- checks and the report share. `audited` means a trigger whose function lives in schema
-- audit (what audit.enable attaches), so it needs no audit module to be computed.
CREATE OR REPLACE VIEW compliance.classified_tables AS
SELECT t.oid                                            AS table_oid,
       t.oid::pg_catalog.regclass::text                 AS table_name,
       pg_catalog.array_agg(DISTINCT cc.category ORDER BY cc.category) AS categories,
       pg_catalog.bool_or(cc.special_category)          AS special_category,
       pg_catalog.bool_or(cc.category = 'health')       AS phi,
       EXISTS (SELECT 1 FROM pg_catalog.pg_trigger tg
                 JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid
                 JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
                WHERE tg.tgrelid = t.oid AND pn.nspname = 'audit' AND tg.tgenabled <> 'D') AS audited,
       t.relrowsecurity                                 AS rls_enabled,
       t.relforcerowsecurity                            AS rls_forced,
       (SELECT pg_catalog.count(*)::int FROM pg_catalog.pg_policy pol WHERE pol.polrelid = t.oid) AS policies
  FROM governance.classified_columns cc
  JOIN pg_catalog.pg_class t ON t.oid = cc.relid
 GROUP BY t.oid;

COMMENT ON VIEW compliance.classified_tables IS
    'Tables with classified columns: categories, special category, PHI, audit trigger present, RLS enabled/forced, policy count';

GRANT SELECT ON compliance.classified_tables TO governance_admin, governance_dpo, governance_auditor;
