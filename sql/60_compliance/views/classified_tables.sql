-- One row per table holding classified columns, with how it is protected: what several
-- checks and the report share. `audited` means a trigger whose function lives in schema
-- audit (what audit.enable attaches), so it needs no audit module to be computed.
-- The aggregates are taken per relid before joining pg_class: grouping by t.oid alone and
-- selecting other pg_class columns needs catalog primary keys (PostgreSQL 14+).
CREATE OR REPLACE VIEW compliance.classified_tables AS
SELECT t.oid                                            AS table_oid,
       t.oid::pg_catalog.regclass::text                 AS table_name,
       cc.categories,
       cc.special_category,
       cc.phi,
       EXISTS (SELECT 1 FROM pg_catalog.pg_trigger tg
                 JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid
                 JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
                WHERE tg.tgrelid = t.oid AND pn.nspname = 'audit' AND tg.tgenabled <> 'D') AS audited,
       t.relrowsecurity                                 AS rls_enabled,
       t.relforcerowsecurity                            AS rls_forced,
       (SELECT pg_catalog.count(*)::int FROM pg_catalog.pg_policy pol WHERE pol.polrelid = t.oid) AS policies
  FROM (SELECT c.relid,
               pg_catalog.array_agg(DISTINCT c.category ORDER BY c.category) AS categories,
               pg_catalog.bool_or(c.special_category)    AS special_category,
               pg_catalog.bool_or(c.category = 'health') AS phi
          FROM governance.classified_columns c
         GROUP BY c.relid) cc
  JOIN pg_catalog.pg_class t ON t.oid = cc.relid;

COMMENT ON VIEW compliance.classified_tables IS
    'Tables with classified columns: categories, special category, PHI, audit trigger present, RLS enabled/forced, policy count';

GRANT SELECT ON compliance.classified_tables TO governance_admin, governance_dpo, governance_auditor;
