-- The masking of one column: which category it belongs to and which rule masks it, and
-- why (source). No row: the column is not personal data as far as the catalog knows, and
-- is shown as it is.
--   column     the column's own rule (privacy.set_masking_rule), classified or not
--   category   its category's default (privacy.masking_defaults)
--   fallback   NULL: the category has no default, or the rule does not fit the column's type
--   reference  an unclassified column of a foreign key to a masked column takes that
--              column's masking, so a join through it neither fails nor shows the clear key
--   generated  an unclassified generated column computed from a masked column: NULL
-- A partition's column is classified (or has a rule) through its partitioned table too.
CREATE OR REPLACE FUNCTION privacy.column_mask(tbl regclass, col name, depth integer DEFAULT 0)
RETURNS TABLE (category text, rule text, params jsonb, source text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    att record;
    chain regclass[] := ARRAY(SELECT privacy.table_and_ancestors(tbl));
    hit record;
BEGIN
    SELECT a.attnum, a.atttypid, a.attgenerated INTO att FROM pg_catalog.pg_attribute a
     WHERE a.attrelid = tbl AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND OR depth > 8 THEN
        RETURN;
    END IF;
    category := (SELECT c.category FROM governance.classifications c
                  WHERE c.table_name = ANY (chain) AND c.column_name = col
                  ORDER BY pg_catalog.array_position(chain, c.table_name) LIMIT 1);
    -- A column's own rule masks it even when it is not classified.
    SELECT r.rule, r.params, 'column' AS source INTO hit FROM privacy.masking_rules r
     WHERE r.table_name = ANY (chain) AND r.column_name = col
     ORDER BY pg_catalog.array_position(chain, r.table_name) LIMIT 1;
    IF FOUND OR category IS NOT NULL THEN
        IF NOT FOUND THEN
            SELECT d.rule, d.params, 'category' AS source INTO hit FROM privacy.masking_defaults d
             WHERE d.category = column_mask.category;
        END IF;
        IF hit.rule IS NULL OR privacy.mask_rule_problem(hit.rule, hit.params, att.atttypid) IS NOT NULL THEN
            rule := 'null'; params := '{}'; source := 'fallback';
        ELSE
            rule := hit.rule; params := hit.params; source := hit.source;
        END IF;
        RETURN NEXT;
        RETURN;
    END IF;
    IF att.attgenerated <> '' THEN
        SELECT m.category INTO hit
          FROM pg_catalog.pg_attrdef ad
          -- The expression's columns: recorded against the default (14+) or the column itself (13).
          JOIN pg_catalog.pg_depend d ON ((d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.objid = ad.oid)
                                          OR (d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = tbl
                                              AND d.objsubid = att.attnum))
                                     AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = tbl
          JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl AND a.attnum = d.refobjsubid AND a.attnum <> att.attnum
         CROSS JOIN LATERAL privacy.column_mask(tbl, a.attname, depth + 1) m
         WHERE ad.adrelid = tbl AND ad.adnum = att.attnum
         LIMIT 1;
        IF FOUND THEN
            category := hit.category; rule := 'null'; params := '{}'; source := 'generated';
            RETURN NEXT;
        END IF;
        RETURN;
    END IF;
    SELECT m.* INTO hit
      FROM pg_catalog.pg_constraint k
     CROSS JOIN LATERAL pg_catalog.generate_subscripts(k.conkey, 1) i
      JOIN pg_catalog.pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = k.confkey[i]
     CROSS JOIN LATERAL privacy.column_mask(k.confrelid, pa.attname, depth + 1) m
     WHERE k.contype = 'f' AND k.conrelid = ANY (chain)
       AND k.conkey[i] = (SELECT a.attnum FROM pg_catalog.pg_attribute a WHERE a.attrelid = k.conrelid AND a.attname = col)
       AND (k.conrelid <> tbl OR k.confrelid <> tbl OR pa.attname <> col)
     ORDER BY k.conname
     LIMIT 1;
    IF FOUND AND privacy.mask_rule_problem(hit.rule, hit.params, att.atttypid) IS NULL THEN
        category := hit.category; rule := hit.rule; params := hit.params; source := 'reference';
        RETURN NEXT;
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.column_mask(regclass, name, integer) IS
    'How a column is masked: its category, the rule and parameters, and where the rule comes from (column, category, fallback, reference, generated); no row for a column shown in clear';

-- Granted to the roles of privacy.masked_columns, which calls it with their rights.
GRANT EXECUTE ON FUNCTION privacy.column_mask(regclass, name, integer) TO governance_admin, governance_dpo, governance_auditor;
