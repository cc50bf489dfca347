-- SQL condition, over rows of tbl aliased q, that a row the erasure keeps still
-- references them: the dry-run form of privacy.unreferenced_condition, which gdpr_forget
-- evaluates after its deletions. A referencing row outlives the erasure unless the plan
-- deletes it, or anonymizes it and so clears the key (a classified, nullable key column
-- is masked to NULL). Predicates of the graph are unqualified: inside the sub-select
-- they bind to the referencing table x.
CREATE OR REPLACE FUNCTION privacy.outliving_reference_condition(tbl regclass, graph privacy.erasure_node[])
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.string_agg(pg_catalog.format(
               'EXISTS (SELECT 1 FROM %s x WHERE (%s) = (%s)%s)', f.child,
               privacy.column_list(f.child, f.child_attnums, 'x.'), privacy.column_list(f.parent, f.parent_attnums, 'q.'),
               CASE WHEN n.action = 'delete'
                      OR (n.action = 'anonymize'
                          AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                       WHERE a.attrelid = f.child AND a.attnum = ANY (f.child_attnums) AND NOT a.attnotnull
                                         AND a.attname IN (SELECT cl.column_name FROM governance.classifications cl
                                                            WHERE cl.table_name IN (SELECT privacy.table_and_ancestors(f.child)))))
                    THEN pg_catalog.format(' AND NOT (%s)', n.predicate) ELSE '' END),
               ' OR ' ORDER BY f.child::oid, f.constraint_name), 'false')
      FROM privacy.foreign_keys() f
      LEFT JOIN pg_catalog.unnest(graph) n ON n.table_name = f.child AND n.kind <> 'own_parent'
     WHERE f.parent = tbl
$$;

COMMENT ON FUNCTION privacy.outliving_reference_condition(regclass, privacy.erasure_node[]) IS
    'Internal: SQL condition on alias q: a row that the erasure planned by graph keeps references the row';
