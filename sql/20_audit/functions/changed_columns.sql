-- What an UPDATE changed in a stored row: the columns whose value differs (changed) and
-- those left as they were (same, removed from the stored old and new values). Declared
-- as a table function of plain SQL so that the planner inlines it, both into the capture
-- of a multi-row statement (one LATERAL per row) and into the one-row path.
CREATE OR REPLACE FUNCTION audit.changed_columns(old_values jsonb, new_values jsonb)
RETURNS TABLE (changed text[], same text[])
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT pg_catalog.array_agg(e.key) FILTER (WHERE e.value IS DISTINCT FROM old_values -> e.key),
           COALESCE(pg_catalog.array_agg(e.key) FILTER (WHERE e.value = old_values -> e.key), '{}')
      FROM pg_catalog.jsonb_each(new_values) e
$$;

COMMENT ON FUNCTION audit.changed_columns(jsonb, jsonb) IS
    'The changed and unchanged columns of an UPDATE, from the stored old and new rows';
