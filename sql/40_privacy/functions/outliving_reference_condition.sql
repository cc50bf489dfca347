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
               'EXISTS (SELECT FROM %s x WHERE (%s) = (%s)%s)', c.conrelid::regclass,
               privacy.column_list(c.conrelid, c.conkey, 'x.'), privacy.column_list(c.confrelid, c.confkey, 'q.'),
               CASE WHEN n.action = 'delete'
                      OR (n.action = 'anonymize'
                          AND EXISTS (SELECT FROM pg_catalog.pg_attribute a
                                       WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) AND NOT a.attnotnull
                                         AND a.attname IN (SELECT cl.column_name FROM governance.classifications cl
                                                            WHERE cl.table_name IN (SELECT privacy.table_and_ancestors(c.conrelid)))))
                    THEN pg_catalog.format(' AND NOT (%s)', n.predicate) ELSE '' END),
               ' OR ' ORDER BY c.oid), 'false')
      FROM pg_catalog.pg_constraint c
      LEFT JOIN pg_catalog.unnest(graph) n ON n.table_name = c.conrelid AND n.kind <> 'own_parent'
     WHERE c.contype = 'f' AND c.conparentid = 0 AND c.confrelid = tbl
$$;

COMMENT ON FUNCTION privacy.outliving_reference_condition(regclass, privacy.erasure_node[]) IS
    'SQL condition on alias q: a row that the erasure planned by graph keeps references the row';
