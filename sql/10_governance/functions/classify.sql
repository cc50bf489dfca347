CREATE OR REPLACE FUNCTION governance.classify(
    tbl         regclass,
    col         name,
    category    text,
    sensitivity text DEFAULT 'confidential')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    schema_name name;
BEGIN
    IF tbl IS NULL OR col IS NULL OR category IS NULL OR sensitivity IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'governance.classify: table, column, category and sensitivity are required';
    END IF;
    -- Classifications drive what other functions do with their owner's rights (pgaudit
    -- grants, PHI reads, masking): the system catalogs and the governance tables, which
    -- hold secrets no governance role may read, are not application data.
    schema_name := (SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.oid = tbl);
    IF schema_name IN ('pg_catalog', 'information_schema', 'pg_toast') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('governance.classify: %s is a system catalog, not application data', tbl);
    END IF;
    IF schema_name = ANY (governance.pack_schemas()) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('governance.classify: %s is a governance table, not application data', tbl);
    END IF;
    PERFORM governance.require_column('governance.classify', tbl, col);
    IF NOT EXISTS (SELECT 1 FROM governance.data_categories c WHERE c.name = category) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.classify: unknown category %L', category),
            HINT = 'Categories are listed in governance.data_categories.';
    END IF;
    IF sensitivity NOT IN ('public', 'internal', 'confidential', 'restricted') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.classify: unknown sensitivity %L', sensitivity),
            HINT = 'Use public, internal, confidential or restricted.';
    END IF;

    INSERT INTO governance.classifications AS c (table_name, column_name, category, sensitivity, classified_by)
    VALUES (tbl, col, category, sensitivity, governance.current_actor())
    ON CONFLICT (table_name, column_name) DO UPDATE
       SET category = EXCLUDED.category, sensitivity = EXCLUDED.sensitivity,
           classified_by = EXCLUDED.classified_by, classified_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION governance.classify(regclass, name, text, text) IS
    'Tags a column with a data category and a sensitivity (public, internal, confidential, restricted)';

GRANT EXECUTE ON FUNCTION governance.classify(regclass, name, text, text) TO governance_admin, governance_dpo;
