-- The groups of rows that share their quasi-identifiers (equivalence classes), for
-- k-anonymity and, with a sensitive column, l-diversity: the smallest group size (k),
-- the fewest distinct sensitive values in a group (l), and the groups below the threshold
-- the caller names (at most 100, smallest first; their quasi-identifier values, never the
-- sensitive ones). NULL is a quasi-identifier value like any other; a NULL sensitive value
-- is not counted. Reads the table with the pack's
-- owner's rights: only for roles that may see the data's shape (the DPO, the admin).
CREATE OR REPLACE FUNCTION privacy.equivalence_classes(caller text, tbl regclass, quasi_identifiers name[],
                                                       sensitive name, threshold integer)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    missing text;
    cols text;
    measure text := CASE WHEN sensitive IS NULL THEN 'pg_catalog.count(*)'
                         ELSE pg_catalog.format('pg_catalog.count(DISTINCT %I)', sensitive) END;
    result jsonb;
BEGIN
    PERFORM privacy.require_user_table(caller, tbl);
    IF quasi_identifiers IS NULL OR pg_catalog.cardinality(quasi_identifiers) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: name at least one quasi-identifier column', caller);
    END IF;
    IF threshold IS NOT NULL AND threshold < 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: the threshold must be 1 or more', caller);
    END IF;
    missing := (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(q), ', ')
                  FROM pg_catalog.unnest(quasi_identifiers || sensitive) q
                 WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                                    WHERE a.attrelid = tbl AND a.attname = q AND a.attnum > 0 AND NOT a.attisdropped));
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_column',
            MESSAGE = pg_catalog.format('%s: table %s has no column %s', caller, tbl, missing);
    END IF;
    PERFORM governance.require_owner_privileges(caller, ARRAY[tbl], ARRAY['SELECT']);
    cols := (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(q), ', ') FROM pg_catalog.unnest(quasi_identifiers) q);
    EXECUTE pg_catalog.format(
        'WITH g AS (SELECT pg_catalog.jsonb_build_object(%s) AS qi, pg_catalog.count(*) AS n, %s AS m FROM %s GROUP BY %s) '
        'SELECT pg_catalog.jsonb_build_object(''groups'', pg_catalog.count(*), ''rows'', COALESCE(pg_catalog.sum(n), 0), '
        '''smallest'', pg_catalog.min(m), ''threshold'', $1, '
        '''groups_below'', pg_catalog.count(*) FILTER (WHERE m < $1), ''rows_below'', COALESCE(pg_catalog.sum(n) FILTER (WHERE m < $1), 0), '
        '''below'', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(''values'', b.qi, ''rows'', b.n, ''measure'', b.m) '
        '                    ORDER BY b.m, b.n) FROM (SELECT * FROM g WHERE m < $1 ORDER BY m, n LIMIT 100) b), ''[]'')) FROM g',
        (SELECT pg_catalog.string_agg(pg_catalog.format('%L, %I', q, q), ', ') FROM pg_catalog.unnest(quasi_identifiers) q),
        measure, tbl, cols) INTO result USING threshold;
    RETURN result;
END
$$;

COMMENT ON FUNCTION privacy.equivalence_classes(text, regclass, name[], name, integer) IS
    'Internal: sizes (or distinct sensitive values) of the groups sharing their quasi-identifiers, with the groups below a threshold';

CREATE OR REPLACE FUNCTION privacy.k_anonymity(tbl regclass, quasi_identifiers name[], k integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT (e - 'smallest' - 'threshold') || pg_catalog.jsonb_build_object('k', e->'smallest', 'k_wanted', k)
      FROM (SELECT privacy.equivalence_classes('privacy.k_anonymity', tbl, quasi_identifiers, NULL, k) AS e) s
$$;

COMMENT ON FUNCTION privacy.k_anonymity(regclass, name[], integer) IS
    'k-anonymity of a table over its quasi-identifiers: k (the smallest group of rows sharing them), the number of groups and, for a k you name, the groups below it (at most 100, smallest first)';

GRANT EXECUTE ON FUNCTION privacy.k_anonymity(regclass, name[], integer) TO governance_admin, governance_dpo;

CREATE OR REPLACE FUNCTION privacy.l_diversity(tbl regclass, quasi_identifiers name[], sensitive name, l integer DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    IF sensitive IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'privacy.l_diversity: name the sensitive column';
    END IF;
    RETURN (SELECT (e - 'smallest' - 'threshold') || pg_catalog.jsonb_build_object('l', e->'smallest', 'l_wanted', l)
              FROM (SELECT privacy.equivalence_classes('privacy.l_diversity', tbl, quasi_identifiers, sensitive, l) AS e) s);
END
$$;

COMMENT ON FUNCTION privacy.l_diversity(regclass, name[], name, integer) IS
    'Distinct l-diversity of a sensitive column over the quasi-identifiers: l (the fewest distinct sensitive values in a group) and, for an l you name, the groups below it';

GRANT EXECUTE ON FUNCTION privacy.l_diversity(regclass, name[], name, integer) TO governance_admin, governance_dpo;
