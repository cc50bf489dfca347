-- The exponential mechanism: picks a declared category with probability proportional to
-- exp(epsilon * count / (2k)), count being its rows (sensitivity k). Weights are computed in
-- numeric at 60 decimal places relative to the best category, and the choice uses a
-- 128-bit uniform from pgcrypto: no floating point; outcomes less likely than about 1e-60
-- are dropped (delta below 1e-56 for 10,000 categories).
CREATE OR REPLACE FUNCTION privacy.dp_select(dataset regclass, "column" name, categories text[], epsilon float8)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    src    record := privacy.dp_source('privacy.dp_select', dataset);
    cost   numeric;
    chosen text;
BEGIN
    PERFORM privacy.dp_column('privacy.dp_select', dataset, "column", false);
    PERFORM privacy.dp_categories('privacy.dp_select', categories);
    cost := privacy.dp_charge('privacy.dp_select', dataset, epsilon);
    WITH counts AS (
        SELECT c.category, c.ord, c.exact - pg_catalog.max(c.exact) OVER () AS behind
          FROM privacy.dp_category_counts(src.from_item, "column", categories) AS c
    ), weighted AS (
        SELECT w.category,
               pg_catalog.sum(w.weight) OVER (ORDER BY w.ord) AS running,
               pg_catalog.sum(w.weight) OVER () AS total
          FROM (SELECT counts.category, counts.ord,
                       pg_catalog.exp((cost * counts.behind / (2 * src.contributions))::numeric(1000, 60)) AS weight
                  FROM counts) AS w
    ), draw AS (
        SELECT privacy.dp_uniform() AS u
    )
    SELECT weighted.category INTO chosen
      FROM weighted, draw
     WHERE weighted.running >= draw.u * weighted.total
     ORDER BY weighted.running
     LIMIT 1;
    PERFORM privacy.dp_log('select', dataset, "column", NULL, NULL, cost, src.contributions,
                           2 * src.contributions / cost, 'exponential', pg_catalog.to_jsonb(chosen),
                           pg_catalog.jsonb_build_object('categories', pg_catalog.cardinality(categories)));
    RETURN chosen;
END
$$;

COMMENT ON FUNCTION privacy.dp_select(regclass, name, text[], float8) IS
    'Exponential mechanism: a differentially private choice of the most frequent declared category';

GRANT EXECUTE ON FUNCTION privacy.dp_select(regclass, name, text[], float8) TO governance_admin, governance_app;
