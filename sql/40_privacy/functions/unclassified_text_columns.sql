-- Text columns of a table that no classification covers (the table's own or its
-- partitioned table's): in rows an erasure keeps (retain, anonymize) they stay in clear,
-- and an invoice's billing address or city is as personal as the classified name. The
-- erasure plan lists them for review; classifying one makes anonymize mask it.
CREATE OR REPLACE FUNCTION privacy.unclassified_text_columns(tbl regclass)
RETURNS jsonb
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.jsonb_agg(a.attname ORDER BY a.attnum), '[]')
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
      JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
     WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
       AND (bt.typcategory = 'S' OR bt.typname IN ('json', 'jsonb'))
       AND a.attname NOT IN (SELECT c.column_name FROM governance.classifications c
                              WHERE c.table_name IN (SELECT privacy.table_and_ancestors(tbl)))
$$;

COMMENT ON FUNCTION privacy.unclassified_text_columns(regclass) IS
    'Internal: text and json columns of tbl that are not classified, as a jsonb array of names';
