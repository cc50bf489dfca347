-- The columns of a captured row to store as keyed hashes. The trigger names the restricted
-- and excluded columns as audit.refresh last saw them; a column renamed since (an
-- ordinary migration) would otherwise be stored in clear under its new name until the
-- next refresh. So when a named column is missing from the row (renamed or dropped), the
-- capture cannot tell which column the name became and hashes every column but the key
-- (which the trail needs to find the row) until audit.refresh names them again.
-- Plain SQL, inlined into the capture.
CREATE OR REPLACE FUNCTION audit.columns_to_hash(columns text[], key_columns text[], restricted text[], excluded text[])
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN (restricted || excluded) OPERATOR(pg_catalog.<@) columns THEN restricted
                ELSE ARRAY(SELECT c FROM pg_catalog.unnest(columns) c WHERE c OPERATOR(pg_catalog.<>) ALL (key_columns)) END
$$;

COMMENT ON FUNCTION audit.columns_to_hash(text[], text[], text[], text[]) IS
    'Internal: the columns a capture hashes: the restricted ones, or every column but the key when a named column was renamed or dropped since audit.refresh';
