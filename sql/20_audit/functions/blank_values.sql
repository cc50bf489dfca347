-- Redaction of stored values: every column name stays, every value becomes JSON null.
CREATE OR REPLACE FUNCTION audit.blank_values(j jsonb)
RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT pg_catalog.jsonb_object_agg(e.key, NULL::jsonb) FROM pg_catalog.jsonb_each(j) e $$;

COMMENT ON FUNCTION audit.blank_values(jsonb) IS 'Internal: the stored values with every value blanked (JSON null)';
