-- The subject graph: every table holding data of a subject type, with the SQL predicate
-- that selects one subject's rows in it ($1 is the subject key as text).
--
-- Ownership model (docs/erasure.md, "What is the subject's data"):
-- * Roots are the subject table (key column) and the linked tables (link_table), which
--   hold the key or another unique column of the subject table (its e-mail).
-- * A row is owned by the row it references through a foreign key whose ON DELETE is
--   NO ACTION, RESTRICT or CASCADE: rental -> customer, payment -> rental -> customer.
--   The walk follows those keys from each table down to the tables referencing it.
-- * ON DELETE SET NULL / SET DEFAULT keys are detachable references, never ownership:
--   not followed (privacy.erasure_references counts what the database detaches).
-- * Rows of another registered subject are never entered: a subject table is only the
--   root of its own type (customer.support_rep_id -> employee: erasing an employee
--   detaches customers, it does not delete them). Same-type references (referred_by)
--   end at the visited table as before.
-- * Rows that also belong to another subject type are shared: a row of a table this type
--   owns whose owning foreign key into a table only another type owns is set (an order
--   with both customer_id and employee_id) belongs to that other subject as well, so it
--   is not this subject's to erase. The predicate leaves it out, and
--   privacy.erasure_references detaches this subject's reference from it (or reports a
--   conflict). A rule set for this subject type on the table (set_erasure_rule(...,
--   subject_type)) claims the shared rows: they are then erased per that rule.
--
-- A table already on the path is not entered again, so self-references and cycles end
-- the walk. A table reached by several paths gets the OR of their predicates.
--
-- Predicates are nested semi-joins with unqualified column names: `(rental_id) IN (SELECT
-- "id" FROM rental WHERE (customer_id) = $1::integer)`. An unqualified name binds to the
-- innermost table, which by construction has it, so no aliases are needed and the
-- predicate of a table can be dropped into any query over it. Each level is an index
-- lookup when the foreign key columns are indexed.
--
-- Declared own parents (customer.address_id -> address) come last, with a predicate over
-- the referencing table. `pos` is the deletion order: deepest tables first, children
-- before parents, own parents at the end.
CREATE OR REPLACE FUNCTION privacy.subject_tables(for_type text)
RETURNS SETOF privacy.erasure_node
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
-- A catalog walk over a few dozen rows: its recursive CTEs' estimates are far above what
-- it reads, and JIT compiling it took 150-300 ms per call.
SET jit = off
AS $$
BEGIN
    RETURN QUERY
    WITH RECURSIVE
    fk AS (SELECT * FROM privacy.foreign_keys()),
    -- Keys that make the referencing row the referenced row's data.
    owning AS (SELECT * FROM fk WHERE fk.on_delete NOT IN ('n', 'd')),
    subject_tables AS (SELECT s.table_name FROM privacy.subjects s),
    -- The tables each registered type owns rows in (table level, every type).
    reach (subject_type, tbl) AS (
        SELECT s.subject_type, s.table_name FROM privacy.subjects s
        UNION
        SELECT l.subject_type, l.table_name FROM privacy.linked_tables l
        UNION
        SELECT r.subject_type, f.child
          FROM reach r JOIN owning f ON f.parent = r.tbl
         WHERE f.child NOT IN (SELECT st.table_name FROM subject_tables st)),
    -- Per table of this type: the condition that a row also belongs to another type's
    -- subject (an owning key into a table only another type owns is set), unless this type
    -- claims the table by a rule of its own.
    shared AS (
        SELECT f.child AS tbl,
               pg_catalog.string_agg(DISTINCT pg_catalog.format('ROW(%s) IS NOT NULL', f.child_cols), ' OR ') AS cond
          FROM owning f
         WHERE f.child IN (SELECT r.tbl FROM reach r WHERE r.subject_type = for_type)
           AND f.parent IN (SELECT r.tbl FROM reach r WHERE r.subject_type <> for_type)
           AND f.parent NOT IN (SELECT r.tbl FROM reach r WHERE r.subject_type = for_type)
           AND NOT EXISTS (SELECT 1 FROM privacy.erasure_rules er
                            WHERE er.subject_type = for_type
                              AND er.table_name IN (SELECT privacy.table_and_ancestors(f.child)))
         GROUP BY f.child),
    subject AS (
        SELECT s.table_name, pg_catalog.quote_ident(s.key_column) AS key_col,
               pg_catalog.format_type(a.atttypid, a.atttypmod) AS key_type
          FROM privacy.subjects s
          JOIN pg_catalog.pg_attribute a ON a.attrelid = s.table_name AND a.attname = s.key_column
         WHERE s.subject_type = for_type),
    walk AS (
        SELECT s.table_name AS tbl, 'subject'::text AS kind,
               pg_catalog.format('%s = $1::%s', s.key_col, s.key_type) AS pred,
               ARRAY[s.table_name::oid] AS visited, 0 AS depth,
               pg_catalog.format('%s.%s', s.table_name, s.key_col) AS path, NULL::name AS link_col
          FROM subject s
        UNION ALL
        -- Linked by another unique column of the subject (its e-mail): the value is read from
        -- the subject row, so the linked rows go first (depth 1), before the subject row.
        SELECT l.table_name, 'link',
               CASE WHEN l.subject_column IS NULL
                    THEN pg_catalog.format('%I = $1::%s', l.column_name, pg_catalog.format_type(a.atttypid, a.atttypmod))
                    ELSE pg_catalog.format('%I IN (SELECT %I FROM %s WHERE %s = $1::%s)', l.column_name, l.subject_column,
                                           s.table_name, s.key_col, s.key_type) END,
               ARRAY[l.table_name::oid, s.table_name::oid], CASE WHEN l.subject_column IS NULL THEN 0 ELSE 1 END,
               pg_catalog.format('%s.%I (linked%s)', l.table_name, l.column_name,
                                 CASE WHEN l.subject_column IS NOT NULL
                                      THEN pg_catalog.format(' to %s.%I', s.table_name, l.subject_column) ELSE '' END),
               l.column_name
          FROM privacy.linked_tables l
          JOIN subject s ON true
          JOIN pg_catalog.pg_attribute a ON a.attrelid = l.table_name AND a.attname = l.column_name
         WHERE l.subject_type = for_type
        UNION ALL
        SELECT f.child, 'fk',
               CASE WHEN w.kind = 'subject' AND w.depth = 0 AND f.parent_cols = s.key_col
                    -- First hop onto the subject's key: compare with the key itself, which also
                    -- keeps the check meaningful after the subject row is gone (survivor re-scan).
                    THEN pg_catalog.format('%s = $1::%s', f.child_cols, s.key_type)
                    ELSE pg_catalog.format('(%s) IN (SELECT %s FROM %s WHERE %s)', f.child_cols, f.parent_cols, f.parent, w.pred)
               END || COALESCE(' AND NOT (' || sh.cond || ')', ''),
               w.visited || f.child::oid, w.depth + 1,
               pg_catalog.format('%s -> %s(%s) [%I]', w.path, f.child, f.child_cols, f.constraint_name), NULL::name
          FROM walk w
          JOIN owning f ON f.parent = w.tbl
          JOIN subject s ON true
          LEFT JOIN shared sh ON sh.tbl = f.child
         WHERE f.child::oid <> ALL (w.visited) AND w.depth < 12
           AND f.child NOT IN (SELECT st.table_name FROM subject_tables st)),
    graph AS (
        SELECT w.tbl, pg_catalog.min(w.kind) AS kind,   -- 'fk' < 'link' < 'subject'
               pg_catalog.string_agg('(' || w.pred || ')', ' OR ' ORDER BY w.path) AS pred,
               pg_catalog.array_agg(w.path ORDER BY w.path) AS paths,
               pg_catalog.max(w.depth) AS depth,
               pg_catalog.array_agg(DISTINCT w.link_col) FILTER (WHERE w.link_col IS NOT NULL) AS link_columns
          FROM walk w
         GROUP BY w.tbl),
    -- Every declared own parent counts (customer.address_id, orders.shipping_address_id and
    -- payment_card.billing_address_id all lead to the customer's addresses): one node per
    -- parent table and key, selecting the rows any of them references.
    owned AS (
        SELECT f.parent AS tbl, 'own_parent'::text AS kind,
               pg_catalog.string_agg(pg_catalog.format('(%s IN (SELECT %s FROM %s WHERE %s))',
                                                       f.parent_cols, f.child_cols, g.tbl, g.pred),
                                     ' OR ' ORDER BY g.tbl::oid, f.constraint_name) AS pred,
               pg_catalog.array_agg(pg_catalog.format('%s -> %s.%s (own parent) [%I]', g.paths[1], f.parent, f.parent_cols,
                                                      f.constraint_name) ORDER BY g.tbl::oid, f.constraint_name) AS paths,
               pg_catalog.max(g.depth) + 1 AS depth, f.parent_cols AS parent_key,
               (SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = f.parent AND pg_catalog.quote_ident(a.attname) = f.parent_cols) AS parent_key_type
          FROM privacy.owned_parents o
          -- Declared on a partition: its partitioned table is the one in the graph.
          JOIN graph g ON g.tbl = COALESCE(pg_catalog.pg_partition_root(o.fk_table), o.fk_table)
          JOIN fk f ON f.child = g.tbl AND pg_catalog.cardinality(f.child_attnums) = 1
                    AND f.child_cols = pg_catalog.quote_ident(o.fk_column)
         WHERE f.parent NOT IN (SELECT graph.tbl FROM graph)
         GROUP BY f.parent, f.parent_cols),
    nodes AS (
        SELECT g.tbl, g.kind, g.pred, g.paths, g.depth, NULL::text AS parent_key, NULL::text AS parent_key_type,
               g.link_columns FROM graph g
        UNION ALL
        SELECT o.tbl, o.kind, o.pred, o.paths, o.depth, o.parent_key, o.parent_key_type, NULL::name[] FROM owned o)
    SELECT pg_catalog.row_number() OVER (ORDER BY n.kind = 'own_parent', n.depth DESC, n.tbl::oid)::integer,
           n.tbl, n.kind, COALESCE(r.action, 'delete'), r.reason, n.pred, n.paths, n.depth, n.parent_key, n.parent_key_type,
           n.link_columns
      FROM nodes n
      -- The rule for this subject type wins over the table's default; a partition without a
      -- rule of its own follows its partitioned table's rule.
      LEFT JOIN LATERAL (
          SELECT er.action, er.reason FROM privacy.erasure_rules er
           WHERE er.table_name IN (SELECT privacy.table_and_ancestors(n.tbl))
             AND (er.subject_type = for_type OR er.subject_type IS NULL)
           ORDER BY er.subject_type IS NULL, er.table_name = n.tbl DESC LIMIT 1) r ON true;
END
$$;

COMMENT ON FUNCTION privacy.subject_tables(text) IS
    'The tables holding data of a subject type: kind, erasure action, row predicate over $1 (the key), FK paths, deletion order';
GRANT EXECUTE ON FUNCTION privacy.subject_tables(text) TO governance_admin, governance_dpo;
