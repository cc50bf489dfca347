-- Histograms and selections run over categories the analyst declares up front: taking them
-- from the data would itself reveal which values occur (a category held by one person).
-- Each category is scored over the data: their number and size are bounded
-- (governance.limits 'dp_categories', 'document_bytes'; 54000 past either).
CREATE OR REPLACE FUNCTION privacy.dp_categories(caller text, categories text[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM governance.require_within_limit(caller, 'the number of categories', pg_catalog.cardinality(categories), 'dp_categories');
    PERFORM governance.require_within_limit(caller, 'the categories'' size in bytes', pg_catalog.pg_column_size(categories), 'document_bytes');
    IF categories IS NULL OR pg_catalog.cardinality(categories) < 1
       OR pg_catalog.array_position(categories, NULL) IS NOT NULL
       OR (SELECT pg_catalog.count(DISTINCT c) FROM pg_catalog.unnest(categories) AS c) <> pg_catalog.cardinality(categories) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: categories must be one or more distinct non-null values', caller),
            HINT = 'Declare the categories from domain knowledge, not from the data.';
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.dp_categories(text, text[]) IS
    'Internal: validates the categories declared for dp_histogram and dp_select';
