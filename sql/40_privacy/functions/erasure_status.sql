-- An erasure's status from its `kept` list: `erased` only when no row it leaves in place
-- (kept by a rule, shared with another subject, an own parent still referenced) holds a
-- classified column. Shared rows count too: the subject's values in them stay, and the
-- DPO reads in `kept` which rows, and why.
CREATE OR REPLACE FUNCTION privacy.erasure_status(kept jsonb)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN EXISTS (SELECT FROM pg_catalog.jsonb_array_elements(kept) k WHERE k->'classified' <> '[]')
                THEN 'partially_erased' ELSE 'erased' END
$$;

COMMENT ON FUNCTION privacy.erasure_status(jsonb) IS
    'Internal: erased, or partially_erased when a row the erasure keeps (by rule, shared, referenced own parent) holds classified columns';
