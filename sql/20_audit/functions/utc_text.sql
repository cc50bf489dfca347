-- A timestamp as hashed: UTC, microseconds, independent of the session's TimeZone and
-- DateStyle (the text of a timestamptz changes with both).
CREATE OR REPLACE FUNCTION audit.utc_text(t timestamptz)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT pg_catalog.to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

COMMENT ON FUNCTION audit.utc_text(timestamptz) IS 'internal: canonical text of a timestamp for hashing';
