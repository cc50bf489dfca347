-- The masking a dump gives a foreign key's column: that of the column it references
-- (followed up the chain), so that the masked keys still match. No row when the column
-- is in no foreign key to a masked column.
CREATE OR REPLACE FUNCTION privacy.referenced_column_mask(tbl regclass, col name, depth integer DEFAULT 0)
RETURNS TABLE (category text, rule text, params jsonb, source text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(up.category, m.category), COALESCE(up.rule, m.rule), COALESCE(up.params, m.params), 'reference'
      FROM pg_catalog.pg_constraint k
     CROSS JOIN LATERAL pg_catalog.generate_subscripts(k.conkey, 1) i
      JOIN pg_catalog.pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = k.conkey[i]
      JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[i]
     CROSS JOIN LATERAL privacy.column_mask(k.confrelid, pa.attname) m
      LEFT JOIN LATERAL (SELECT * FROM privacy.referenced_column_mask(k.confrelid, pa.attname, depth + 1)
                          WHERE depth < 8 AND NOT (k.confrelid = tbl AND pa.attname = col)) up ON true
     WHERE k.contype = 'f' AND k.conrelid = tbl AND ca.attname = col
     ORDER BY k.conname
     LIMIT 1
$$;

COMMENT ON FUNCTION privacy.referenced_column_mask(regclass, name, integer) IS
    'The masking of the column a foreign key column references, followed up the chain: what dump --masked gives the foreign key column, so that the masked keys still match';

-- Granted to the roles of privacy.masked_columns, which calls it (for a dump) with their rights.
GRANT EXECUTE ON FUNCTION privacy.referenced_column_mask(regclass, name, integer)
    TO governance_admin, governance_dpo, governance_auditor;
