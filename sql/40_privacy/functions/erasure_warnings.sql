-- What the DPO should know before erasing:
-- * lookups the erasure engine makes that no index serves: on a large table each one is a
--   sequential scan inside the forget transaction, holding its locks for that long;
-- * foreign keys on the erasure paths declared on some partitions of a partitioned table
--   only: the erasure covers every partition, but the database checks the rows of those
--   that lack the key against nothing;
-- * own parents (the customer's address) that rows the erasure keeps still reference: an
--   own parent goes only when nothing references it any more, so with its personal data
--   it stays, unless anonymizing clears the reference (its columns classified, nullable).
CREATE OR REPLACE FUNCTION privacy.erasure_warnings(for_type text, graph privacy.erasure_node[])
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH nodes AS (SELECT * FROM pg_catalog.unnest(graph))
    SELECT COALESCE(pg_catalog.jsonb_agg(w ORDER BY w->>'table', w->>'constraint'), '[]')
      FROM (SELECT pg_catalog.jsonb_build_object(
                       'table', f.child::text, 'constraint', f.constraint_name, 'columns', f.child_cols,
                       'warning', pg_catalog.format('no index on %s (%s): erasure and export scan the whole table',
                                                   f.child, f.child_cols)) AS w
              FROM privacy.foreign_keys() f
             WHERE NOT f.indexed
               AND f.parent IN (SELECT n.table_name FROM nodes n)
               AND f.child IN (SELECT n.table_name FROM nodes n)
            UNION ALL
            SELECT pg_catalog.jsonb_build_object(
                       'table', f.child::text, 'constraint', f.constraint_name, 'columns', f.child_cols,
                       'partitions_without', pg_catalog.to_jsonb(m.missing),
                       'warning', pg_catalog.format(
                           '%s (%s) -> %s is a foreign key of some partitions only; %s lack it: the erasure covers '
                           'them too, but the database does not check their rows',
                           f.child, f.child_cols, f.parent, pg_catalog.array_to_string(m.missing, ', ')))
              FROM privacy.foreign_keys() f
              CROSS JOIN LATERAL (
                  SELECT pg_catalog.array_agg(t.relid::text ORDER BY t.relid::text) AS missing
                    FROM pg_catalog.pg_partition_tree(f.child) t
                   WHERE t.isleaf AND NOT EXISTS (
                         SELECT 1 FROM pg_catalog.pg_constraint k
                          WHERE k.conrelid = t.relid AND k.contype = 'f' AND k.confrelid = f.parent
                            AND ARRAY(SELECT a.attname FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY u(n, o)
                                        JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n
                                       ORDER BY u.o)
                              = ARRAY(SELECT a.attname FROM pg_catalog.unnest(f.child_attnums) WITH ORDINALITY u(n, o)
                                        JOIN pg_catalog.pg_attribute a ON a.attrelid = f.child AND a.attnum = u.n
                                       ORDER BY u.o))) m
             WHERE NOT f.enforced AND f.constraint_oid IS NOT NULL AND m.missing IS NOT NULL
               AND f.parent IN (SELECT n.table_name FROM nodes n)
               AND f.child IN (SELECT n.table_name FROM nodes n)
            UNION ALL
            SELECT pg_catalog.jsonb_build_object(
                       'table', l.table_name::text, 'columns', pg_catalog.quote_ident(l.column_name),
                       'warning', pg_catalog.format('no index on %s (%I): erasure and export scan the whole table',
                                                   l.table_name, l.column_name))
              FROM privacy.linked_tables l
             WHERE l.subject_type = for_type
               AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute a
                                   ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                                WHERE i.indrelid = l.table_name AND a.attname = l.column_name
                                  AND i.indpred IS NULL)
            UNION ALL
            SELECT pg_catalog.jsonb_build_object(
                       'table', f.child::text, 'constraint', f.constraint_name, 'columns', f.child_cols,
                       'warning', pg_catalog.format(
                           '%s (%s) keeps rows of %s, an own parent, referenced: the rows that rule %s keeps point to them, '
                           'so they are not erased. Classify %s to clear it when anonymizing, or accept it',
                           f.child, f.child_cols, f.parent, k.action, f.child_cols))
              FROM privacy.foreign_keys() f
              JOIN nodes p ON p.table_name = f.parent AND p.kind = 'own_parent'
              JOIN nodes k ON k.table_name = f.child AND k.action IN ('anonymize', 'retain')
             WHERE NOT (k.action = 'anonymize' AND f.nullable
                        AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(f.child_attnums) c(attnum)
                                          JOIN pg_catalog.pg_attribute a ON a.attrelid = f.child AND a.attnum = c.attnum
                                         WHERE a.attname NOT IN (
                                               SELECT cl.column_name FROM governance.classifications cl
                                                WHERE cl.table_name IN (SELECT privacy.table_and_ancestors(f.child)))))) s(w)
$$;

COMMENT ON FUNCTION privacy.erasure_warnings(text, privacy.erasure_node[]) IS
    'Internal: foreign keys and linked columns on a subject type''s erasure paths that no index serves; own parents that rows the erasure keeps still reference';
