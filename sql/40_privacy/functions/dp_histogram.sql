-- Counts per declared category, each with discrete Laplace noise of scale k/epsilon: one
-- subject's k rows change the counts by at most k in total (L1), so the whole histogram
-- costs epsilon once, not once per bar.
CREATE OR REPLACE FUNCTION privacy.dp_histogram(dataset regclass, "column" name, categories text[], epsilon float8)
RETURNS TABLE (category text, count numeric)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    src   record := privacy.dp_source('privacy.dp_histogram', dataset);
    cost  numeric;
    noisy jsonb;
BEGIN
    PERFORM privacy.dp_column('privacy.dp_histogram', dataset, "column", false);
    PERFORM privacy.dp_categories('privacy.dp_histogram', categories);
    cost := privacy.dp_charge('privacy.dp_histogram', dataset, epsilon);
    SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(
               c.category, c.exact + privacy.dp_discrete_laplace(src.contributions / cost)) ORDER BY c.ord)
      INTO noisy
      FROM privacy.dp_category_counts(src.from_item, "column", categories) AS c;
    PERFORM privacy.dp_log('histogram', dataset, "column", NULL, NULL, cost, src.contributions, src.contributions / cost,
                           'discrete_laplace', noisy);
    RETURN QUERY SELECT bar ->> 0, (bar ->> 1)::numeric FROM pg_catalog.jsonb_array_elements(noisy) AS bar;
END
$$;

COMMENT ON FUNCTION privacy.dp_histogram(regclass, name, text[], float8) IS
    'Differentially private counts per declared category (discrete Laplace noise, epsilon charged once); logged as one release';

GRANT EXECUTE ON FUNCTION privacy.dp_histogram(regclass, name, text[], float8) TO governance_admin, governance_app;
