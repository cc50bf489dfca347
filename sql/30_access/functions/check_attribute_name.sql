-- Attribute names must be usable in policies (user.<name>), and the built-in ones
-- (user.id, resource.id, resource.type) cannot be overridden; values are bounded in size.
CREATE OR REPLACE FUNCTION access.check_attribute_name(caller text, name text, value jsonb, reserved text[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF name IS NULL OR name !~ '^[A-Za-z_][A-Za-z0-9_]*$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: attribute name %L is not a letter or underscore followed by letters, digits or underscores', caller, name);
    END IF;
    IF name = ANY (reserved) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: attribute %L is built in and cannot be set', caller, name);
    END IF;
    IF value IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: value must be a JSON value (use ''null''::jsonb for JSON null)', caller);
    END IF;
    -- Attributes are read on every decision.
    PERFORM governance.require_within_limit(caller, 'the value''s size in bytes', pg_catalog.pg_column_size(value), 'attribute_bytes');
END
$$;

COMMENT ON FUNCTION access.check_attribute_name(text, text, jsonb, text[]) IS 'Internal: validates an attribute name and value';
