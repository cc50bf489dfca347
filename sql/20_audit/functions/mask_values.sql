-- A restricted value as the trail stores it: 'hmac-sha256:<hex>' under the audit key,
-- over the value's JSON text (so a one-row statement, captured as jsonb, and a row of a
-- larger one, captured typed, hash alike). Equal values give equal hashes, so an auditor
-- still sees whether a value changed. NULL stays NULL.
CREATE OR REPLACE FUNCTION audit.masked(value jsonb, hash_key bytea)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN pg_catalog.jsonb_typeof(value) <> 'null' THEN 'hmac-sha256:' || pg_catalog.encode(
               governance.hmac_sha256(pg_catalog.convert_to(value #>> '{}', 'UTF8'), hash_key), 'hex') END
$$;

-- Replaces each restricted column's value of a stored row with its keyed hash.
CREATE OR REPLACE FUNCTION audit.mask_values(j jsonb, restricted text[], hash_key bytea)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    col text;
BEGIN
    FOREACH col IN ARRAY restricted LOOP
        IF j ? col AND pg_catalog.jsonb_typeof(j -> col) <> 'null' THEN
            j := j || pg_catalog.jsonb_build_object(col, audit.masked(j -> col, hash_key));
        END IF;
    END LOOP;
    RETURN j;
END
$$;

COMMENT ON FUNCTION audit.masked(jsonb, bytea) IS 'Internal: the keyed hash of a restricted value';
COMMENT ON FUNCTION audit.mask_values(jsonb, text[], bytea) IS
    'Internal: replaces restricted values by their keyed hash';
