-- The primary key columns of a table, in key order. encrypt_column binds each ciphertext
-- to its row's key and uses it to pick batches, so a table without one is refused.
CREATE OR REPLACE FUNCTION governance.encryption_primary_key(fn text, tbl regclass)
RETURNS name[]
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    columns name[] := (
        SELECT pg_catalog.array_agg(a.attname ORDER BY k.ord)
          FROM pg_catalog.pg_constraint c
          CROSS JOIN LATERAL pg_catalog.unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
         WHERE c.conrelid = tbl AND c.contype = 'p');
BEGIN
    IF columns IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_table_definition',
            MESSAGE = pg_catalog.format('%s: table %s has no primary key', fn, tbl),
            HINT = 'Ciphertexts are bound to their row through its primary key; add one first.';
    END IF;
    RETURN columns;
END
$$;

COMMENT ON FUNCTION governance.encryption_primary_key(text, regclass) IS 'Internal: primary key columns of a table';
