-- The columns anonymizing retention leaves as they are, classified or not: the row's key
-- and the keys other rows reference (masking them would break or orphan those rows), and
-- the time column (it says when the row expired).
CREATE OR REPLACE FUNCTION privacy.retention_kept_columns(tbl regclass, time_column name)
RETURNS name[]
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT privacy.row_key_columns(tbl) || time_column
           || ARRAY(SELECT a.attname FROM pg_catalog.pg_constraint k
                      JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = ANY (k.confkey)
                     WHERE k.contype = 'f' AND k.confrelid = tbl)
$$;

COMMENT ON FUNCTION privacy.retention_kept_columns(regclass, name) IS
    'Internal: columns anonymizing retention keeps: the primary key, referenced keys and the time column';

