-- Replaces each restricted column's value with 'hmac-sha256:<hex>' under the audit key:
-- equal values give equal hashes, so an auditor still sees whether a value changed.
CREATE OR REPLACE FUNCTION audit.mask_values(j jsonb, restricted text[], hash_key bytea)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    col text;
BEGIN
    FOREACH col IN ARRAY restricted LOOP
        IF j ? col AND pg_catalog.jsonb_typeof(j -> col) <> 'null' THEN
            j := j || pg_catalog.jsonb_build_object(col, 'hmac-sha256:' || pg_catalog.encode(
                     governance.hmac_sha256(pg_catalog.convert_to(j ->> col, 'UTF8'), hash_key), 'hex'));
        END IF;
    END LOOP;
    RETURN j;
END
$$;

COMMENT ON FUNCTION audit.mask_values(jsonb, text[], bytea) IS
    'Internal: replaces restricted values by their keyed hash';
