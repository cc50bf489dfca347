-- SQL for a row's primary key as jsonb ({"id": 42}), the row key audit.redact expects;
-- 'NULL::jsonb' for a table without a primary key.
CREATE OR REPLACE FUNCTION privacy.row_key_expression(tbl regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(
        (SELECT pg_catalog.format('pg_catalog.jsonb_build_object(%s)',
                    pg_catalog.string_agg(pg_catalog.format('%L, %I', a.attname, a.attname), ', ' ORDER BY k.ord))
           FROM pg_catalog.pg_index i
          CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::smallint[]) WITH ORDINALITY AS k(attnum, ord)
           JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
          WHERE i.indrelid = tbl AND i.indisprimary),
        'NULL::jsonb')
$$;

COMMENT ON FUNCTION privacy.row_key_expression(regclass) IS
    'SQL expression building a row''s primary key as jsonb, for audit.redact';
