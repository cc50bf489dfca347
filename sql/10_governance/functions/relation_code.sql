-- What runs when a relation is read or written, as (catalog, object) pairs: its triggers
-- (not those of foreign keys, which run as the owner of the table they query), policies,
-- column defaults and generated columns, check constraints, the constraints of domains
-- its columns use, indexes (their expressions and predicates) and rules (a view's
-- definition). Looked up by index for one relation, so that a trust check costs a few
-- index scans per relation, not a scan of the catalogs. Plain SQL without SET, so the
-- planner inlines it; every name is qualified.
CREATE OR REPLACE FUNCTION governance.relation_code(rel oid)
RETURNS TABLE (classid regclass, objid oid)
LANGUAGE sql STABLE
AS $$
    SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, t.oid FROM pg_catalog.pg_trigger t
     WHERE t.tgrelid = rel
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.oid = t.tgconstraint AND c.contype = 'f')
    UNION ALL
    SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid FROM pg_catalog.pg_policy p WHERE p.polrelid = rel
    UNION ALL
    SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, d.oid FROM pg_catalog.pg_attrdef d WHERE d.adrelid = rel
    UNION ALL
    SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, c.oid FROM pg_catalog.pg_constraint c
     WHERE c.conrelid = rel AND c.contype <> 'f'
    UNION ALL
    -- The constraints of the domains its columns use: the columns' domain types first, so
    -- that pg_constraint is read by its contypid index only for them.
    SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, c.oid
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid AND ty.typtype = 'd'
     CROSS JOIN LATERAL (SELECT k.oid FROM pg_catalog.pg_constraint k WHERE k.contypid = ty.oid OFFSET 0) c
     WHERE a.attrelid = rel AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, i.indexrelid FROM pg_catalog.pg_index i WHERE i.indrelid = rel
    UNION ALL
    SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid FROM pg_catalog.pg_rewrite r WHERE r.ev_class = rel
    UNION ALL
    -- PostgreSQL 13 records what a generated column's expression calls against the column
    -- itself (the relation, with the column's number), not against its pg_attrdef entry.
    SELECT 'pg_catalog.pg_class'::pg_catalog.regclass, rel
     WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = rel AND a.attgenerated <> '')
$$;

COMMENT ON FUNCTION governance.relation_code(oid) IS
    'The triggers, policies, defaults, constraints, indexes and rules whose code runs when the relation is read or written';

GRANT EXECUTE ON FUNCTION governance.relation_code(oid)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
