-- The tables retention reaches from a table, by the erasure engine's ownership rules: a
-- row's children (rows referencing it by foreign key or declared reference, and theirs)
-- are its data and go first, each as its table's erasure rule says:
--   delete   deleted before the rows they reference (the default)
--   detach   anonymize rule on a nullable reference: the child stays, its reference set
--            NULL and its classified columns masked
--   held     retain rule (a legal hold), an anonymize rule the reference cannot be detached
--            from (NOT NULL, ON DELETE CASCADE), or a reference that leads back into the
--            path (a cycle): the expired row they reference is kept as long as they are
-- References with ON DELETE SET NULL or SET DEFAULT that the database enforces are left
-- to it: the child outlives the row by the schema's own design.
-- predicate selects the node's rows under the root rows matching `{root}` (unqualified
-- names: it is used inside a query on the node's table).
-- The root's own rule: `retain` holds the whole table.
CREATE OR REPLACE FUNCTION privacy.retention_nodes(tbl regclass)
RETURNS TABLE (table_name regclass, depth integer, action text, via name, predicate text, detach_set text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE refs AS MATERIALIZED (SELECT * FROM privacy.foreign_keys()),
    walk AS (
        SELECT tbl AS table_name, 0 AS depth,
               CASE WHEN privacy.retention_action(tbl) = 'retain' THEN 'retain' ELSE 'delete' END AS action, NULL::name AS via,
               '{root}'::text AS predicate, NULL::text AS detach_set, ARRAY[tbl] AS path
        UNION ALL
        SELECT f.child, w.depth + 1,
               CASE WHEN f.child = ANY (w.path) THEN 'held'
                    WHEN privacy.retention_action(f.child) = 'retain' THEN 'held'
                    WHEN privacy.retention_action(f.child) = 'anonymize'
                    THEN CASE WHEN f.nullable AND f.on_delete <> 'c' THEN 'detach' ELSE 'held' END
                    ELSE 'delete' END,
               f.constraint_name,
               pg_catalog.format('(%s) IN (SELECT %s FROM %s WHERE %s)', f.child_cols, f.parent_cols, f.parent, w.predicate)
                   COLLATE pg_catalog."default",
               ((SELECT pg_catalog.string_agg(pg_catalog.format('%I = NULL', a.attname), ', ')
                   FROM pg_catalog.pg_attribute a WHERE a.attrelid = f.child AND a.attnum = ANY (f.child_attnums))
                || COALESCE(', ' || privacy.mask_assignments(f.child), '')) COLLATE pg_catalog."default",
               w.path || f.child
          FROM walk w
          JOIN refs f ON f.parent = w.table_name
         WHERE w.action = 'delete' AND w.depth < 16
           AND NOT (f.enforced AND f.on_delete IN ('n', 'd')))
    SELECT w.table_name, w.depth, w.action, w.via, w.predicate, CASE WHEN w.action = 'detach' THEN w.detach_set END
      FROM walk w
$$;

COMMENT ON FUNCTION privacy.retention_nodes(regclass) IS
    'Internal: the tables retention of tbl reaches through references, each with what happens to its rows (delete, detach, held) and the SQL selecting them';


-- A table's erasure rule as retention reads it: a retain rule for any subject type is a
-- legal hold on the table; otherwise the rule for every subject type, else delete.
CREATE OR REPLACE FUNCTION privacy.retention_action(tbl regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM privacy.erasure_rules r WHERE r.table_name = tbl AND r.action = 'retain') THEN 'retain'
                ELSE COALESCE((SELECT r.action FROM privacy.erasure_rules r WHERE r.table_name = tbl AND r.subject_type IS NULL),
                              'delete') END
$$;

COMMENT ON FUNCTION privacy.retention_action(regclass) IS
    'Internal: what retention does to the rows of a table it reaches: retain (a legal hold for any subject type), anonymize or delete';

