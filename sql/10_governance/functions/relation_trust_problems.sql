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
-- Planning this statement takes ~5 ms, running it ~1 ms for the 13 tables of an erasure:
-- PL/pgSQL keeps one generic plan (custom plans would be made again at every call), so
-- the check made at every use of a relation stays cheap. Its estimates exceed
-- jit_above_cost, and compiling took ~150 ms.
SET plan_cache_mode = force_generic_plan
SET jit = off
AS $$
DECLARE
    trusted oid[] := governance.trusted_roles();
BEGIN
    RETURN QUERY
    -- One walk from each relation named: its partitions and inheritance children (a
    -- statement on the parent reaches their rows) and, through the code of each relation
    -- reached, the relations that code reads (followed in turn) and the functions it calls
    -- (collected). Each relation's code is looked up once, by index.
    WITH RECURSIVE walk (root, relid, classid, objid, func) AS (
        SELECT t.tbl, t.tbl::oid, NULL::regclass, NULL::oid, NULL::oid
          FROM pg_catalog.unnest(tables) t(tbl) WHERE t.tbl IS NOT NULL
        UNION
        SELECT w.root, e.relid, e.classid, e.objid, e.func
          FROM walk w
         CROSS JOIN LATERAL (
                SELECT i.inhrelid, NULL::regclass, NULL::oid, NULL::oid
                  FROM pg_catalog.pg_inherits i WHERE i.inhparent = w.relid
                UNION ALL
                -- A relation the code reads is walked next (a row with only its oid, so
                -- that each is walked once); a function it calls is a leaf, kept with
                -- the relation and the code that call it.
                SELECT CASE WHEN r.is_relation THEN d.refobjid ELSE w.relid END,
                       CASE WHEN NOT r.is_relation THEN p.classid END,
                       CASE WHEN NOT r.is_relation THEN p.objid END,
                       CASE WHEN NOT r.is_relation THEN COALESCE(o.oprcode::oid, d.refobjid) END
                  FROM governance.relation_code(w.relid) p
                 -- OFFSET 0: looked up by the depender index for each object (the generic
                 -- plan otherwise hashes all of pg_depend for every relation walked).
                 CROSS JOIN LATERAL (SELECT k.refclassid, k.refobjid FROM pg_catalog.pg_depend k
                                      WHERE k.classid = p.classid AND k.objid = p.objid OFFSET 0) d
                  LEFT JOIN pg_catalog.pg_operator o
                         ON d.refclassid = 'pg_catalog.pg_operator'::regclass AND o.oid = d.refobjid
                 CROSS JOIN LATERAL (SELECT d.refclassid = 'pg_catalog.pg_class'::regclass) r(is_relation)
                 WHERE d.refclassid IN ('pg_catalog.pg_class'::regclass, 'pg_catalog.pg_proc'::regclass,
                                        'pg_catalog.pg_operator'::regclass)
                   AND NOT (d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = w.relid)) e(relid, classid, objid, func)
         WHERE w.func IS NULL)
    SELECT w.root, c.oid::regclass, NULL::text, pg_catalog.pg_get_userbyid(c.relowner),
           CASE WHEN c.relpersistence = 't' OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
                THEN 'is temporary'
                WHEN c.oid = w.root AND n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast')
                THEN 'is a system relation'
                ELSE pg_catalog.format('is owned by %I, a role pg-governance''s owner does not trust',
                                       pg_catalog.pg_get_userbyid(c.relowner)) END
      FROM walk w
      JOIN pg_catalog.pg_class c ON c.oid = w.relid
      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE w.func IS NULL
       AND (c.relpersistence = 't' OR n.nspname LIKE 'pg\_temp\_%' OR n.nspname LIKE 'pg\_toast\_temp\_%'
            OR (c.oid = w.root AND n.nspname IN ('pg_catalog', 'information_schema', 'pg_toast'))
            OR c.relowner <> ALL (trusted))
    UNION ALL
    SELECT DISTINCT w.root, w.relid::regclass, pg_catalog.pg_describe_object(w.classid, w.objid, 0),
           pg_catalog.pg_get_userbyid(f.proowner),
           pg_catalog.format('calls %s, owned by %I, a role pg-governance''s owner does not trust',
                             f.oid::regprocedure, pg_catalog.pg_get_userbyid(f.proowner))
      FROM walk w
     -- By the oid index, for the few functions walked (not a scan of pg_proc).
     CROSS JOIN LATERAL (SELECT p.oid, p.proowner FROM pg_catalog.pg_proc p WHERE p.oid = w.func OFFSET 0) f
     WHERE f.proowner <> ALL (trusted);
END
$$;

COMMENT ON FUNCTION governance.relation_trust_problems(regclass[]) IS
    'Why pg-governance''s definer functions must not act on each of the relations (named): temporary, or code (policies, triggers, defaults, constraints, indexes, views) owned by a role its owner does not trust; no rows: trusted';

GRANT EXECUTE ON FUNCTION governance.relation_trust_problems(regclass[])
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
