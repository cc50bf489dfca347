-- The id of a named key, or a clear error naming the calling function.
CREATE OR REPLACE FUNCTION governance.encryption_key_id(fn text, key_name text)
RETURNS integer
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    found_id integer := (SELECT k.id FROM governance.keys k WHERE k.name = key_name);
BEGIN
    IF found_id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = pg_catalog.format('%s: no encryption key named %L', fn, key_name),
            HINT = 'Create it with governance.create_key(name).';
    END IF;
    RETURN found_id;
END
$$;

COMMENT ON FUNCTION governance.encryption_key_id(text, text) IS 'Internal: id of a named key';
