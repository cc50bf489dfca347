-- Histograms and selections run over categories the analyst declares up front: taking them
-- from the data would itself reveal which values occur (a category held by one person).
CREATE OR REPLACE FUNCTION privacy.dp_categories(caller text, categories text[])
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF categories IS NULL OR pg_catalog.cardinality(categories) NOT BETWEEN 1 AND 10000
       OR pg_catalog.array_position(categories, NULL) IS NOT NULL
       OR (SELECT pg_catalog.count(DISTINCT c) FROM pg_catalog.unnest(categories) AS c) <> pg_catalog.cardinality(categories) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: categories must be 1 to 10000 distinct non-null values', caller),
            HINT = 'Declare the categories from domain knowledge, not from the data.';
    END IF;
END
$$;

COMMENT ON FUNCTION privacy.dp_categories(text, text[]) IS
    'Internal: validates the categories declared for dp_histogram and dp_select';
