-- Exact rows per declared category (compared as text), in the declared order.
CREATE OR REPLACE FUNCTION privacy.dp_category_counts(from_item text, col name, categories text[])
RETURNS TABLE (category text, exact bigint, ord bigint)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY EXECUTE pg_catalog.format(
        'SELECT c.category, pg_catalog.count(d.%1$I), c.ord'
        '  FROM pg_catalog.unnest($1) WITH ORDINALITY AS c (category, ord)'
        '  LEFT JOIN %2$s ON d.%1$I::text = c.category'
        ' GROUP BY c.category, c.ord ORDER BY c.ord', col, from_item) USING categories;
END
$$;

COMMENT ON FUNCTION privacy.dp_category_counts(text, name, text[]) IS
    'Internal: exact counts per declared category, for dp_histogram and dp_select';
