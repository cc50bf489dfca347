-- The trust rule of the definer functions. A SECURITY DEFINER function that reads or
-- writes a table named by its caller runs, with pg-governance's owner's rights, whatever
-- code the table carries: its row-level security policies, triggers, column defaults and
-- generated columns, check and domain constraints, index expressions, rules and, for a
-- view, its definition. A role that planted such code would run it as the pack's owner
-- (which reads governance.context_key and audit.hash_key, and on PostgreSQL 15 and older
-- holds CREATEROLE). So a relation is acted on only when
--   - it is not temporary (any session's pg_temp, TEMP being PUBLIC by default) nor in a
--     system schema, and
--   - it, every partition or inheritance child, and every relation its code reads (a
--     view's tables, a policy's subquery) are owned by a trusted role, and
--   - every function its code calls (directly or through an operator) is owned by a
--     trusted role (governance.trusted_roles: a superuser, the pack's owner, or a role the
--     pack's owner listed with governance.trust_owner).
-- One row per problem (named: the relation passed); none: the relations may be acted on. What the rule cannot see: the
-- functions that a trusted function calls in turn (PL/pgSQL bodies record no
-- dependencies), and unqualified names in trusted code resolved through the pinned
-- search_path, whose pg_temp comes last (tables only; functions are never looked up in
-- pg_temp). The owner of trusted code answers for both.
-- SECURITY INVOKER and catalog-only, so the compliance check can run it as the auditor.
CREATE OR REPLACE FUNCTION governance.relation_trust_problems(tables regclass[])
RETURNS TABLE (named regclass, relation regclass, object text, owner name, problem text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
-- Planning these statements takes ~5 ms, running them ~0.3 ms: PL/pgSQL keeps one
-- generic plan (custom plans would be made again at every call), so the check made at
-- every use of a relation stays cheap. Their estimates exceed jit_above_cost, and
-- compiling took ~150 ms.
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
DECLARE
    walk_roots regclass[];
    walk_rels oid[];
    trusted oid[] := governance.trusted_roles();
BEGIN
    -- First the relations reached (few), so that what follows is planned for a few rows:
    -- index lookups, not hash joins over the whole catalog.
    WITH RECURSIVE
    -- The relations reached from each one named: partitions and inheritance children (a
    -- statement on the parent reaches their rows), and what their code reads.
    reached (root, relid) AS (
        SELECT t.tbl, t.tbl::oid FROM pg_catalog.unnest(tables) t(tbl) WHERE t.tbl IS NOT NULL
        UNION
        SELECT r.root, e.child
          FROM reached r
         CROSS JOIN LATERAL (
                SELECT i.inhrelid FROM pg_catalog.pg_inherits i WHERE i.inhparent = r.relid
                UNION ALL
                SELECT d.refobjid
                  FROM governance.relation_code(r.relid) p
                  JOIN pg_catalog.pg_depend d ON d.classid = p.classid AND d.objid = p.objid
                 WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> r.relid) e(child))
    SELECT pg_catalog.array_agg(r.root), pg_catalog.array_agg(r.relid) INTO walk_roots, walk_rels FROM reached r;

    RETURN QUERY
    WITH reached (root, relid) AS (SELECT * FROM ROWS FROM (pg_catalog.unnest(walk_roots), pg_catalog.unnest(walk_rels))),
    calls (root, relid, classid, objid, func) AS (
        SELECT r.root, r.relid, p.classid, p.objid, COALESCE(o.oprcode::oid, d.refobjid)
          FROM reached r
         CROSS JOIN LATERAL governance.relation_code(r.relid) p
          JOIN pg_catalog.pg_depend d ON d.classid = p.classid AND d.objid = p.objid
          LEFT JOIN pg_catalog.pg_operator o ON d.refclassid = 'pg_catalog.pg_operator'::regclass AND o.oid = d.refobjid
         WHERE d.refclassid IN ('pg_catalog.pg_proc'::regclass, 'pg_catalog.pg_operator'::regclass))
    SELECT r.root, c.oid::regclass, NULL::text, pg_catalog.pg_get_userbyid(c.relowner),
           CASE WHEN c.relpersistence = 't' OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
                THEN 'is temporary'
                WHEN c.oid = r.root AND n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast')
                THEN 'is a system relation'
                ELSE pg_catalog.format('is owned by %I, a role pg-governance''s owner does not trust',
                                       pg_catalog.pg_get_userbyid(c.relowner)) END
      FROM reached r
      JOIN pg_catalog.pg_class c ON c.oid = r.relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relpersistence = 't' OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
        OR (c.oid = r.root AND n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast'))
        OR c.relowner <> ALL (trusted)
    UNION ALL
    SELECT DISTINCT k.root, k.relid::regclass, pg_catalog.pg_describe_object(k.classid, k.objid, 0),
           pg_catalog.pg_get_userbyid(f.proowner),
           pg_catalog.format('calls %s, owned by %I, a role pg-governance''s owner does not trust',
                             f.oid::regprocedure, pg_catalog.pg_get_userbyid(f.proowner))
      FROM calls k
      JOIN pg_catalog.pg_proc f ON f.oid = k.func
     WHERE f.proowner <> ALL (trusted);
END
$$;

COMMENT ON FUNCTION governance.relation_trust_problems(regclass[]) IS
    'Why pg-governance''s definer functions must not act on each of the relations (named): temporary, or code (policies, triggers, defaults, constraints, indexes, views) owned by a role its owner does not trust; no rows: trusted';

GRANT EXECUTE ON FUNCTION governance.relation_trust_problems(regclass[])
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
