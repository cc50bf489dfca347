-- One column's proposal from its name and the counts discover_pii sampled, or no row.
-- `stats` holds what the sample showed (all counts of values, never values):
--   sampled.rows       non-null values read
--   kinds              values whose whole shape is an email, phone, ssn, card or ip
--   mentions           other values that mention an email or ssn inside their text
--   dates              n, plausible (1900 to 13 years ago), midnight (no time of day),
--                      span_years, median_age: date and timestamp columns
--   json_keys          rows holding each key of a JSON document, at any depth
--   json_values        rows holding a JSON value of each kind
-- The rules, and why each threshold, are in docs/catalog.md ("Discovery rules").
-- `weak` is true when the only evidence is a name that counts only beside other personal
-- data (rule needs 'context'): discover_pii keeps it only in such a table.
CREATE OR REPLACE FUNCTION governance.pii_judge(table_name name, column_name name, column_type regtype, stats jsonb)
RETURNS TABLE (category text, sensitivity text, confidence text, evidence jsonb, weak boolean)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hint record;
    sampled numeric := COALESCE((stats #>> '{sampled,rows}')::numeric, 0);
    top_kind text;
    top_n numeric;
    kind_category text;
    kind_sensitivity text;
    values_match boolean := false;
    dates jsonb := stats -> 'dates';
    dates_match boolean := false;
    mention_counts jsonb;
    mention_total numeric := 0;
    mention record;
    json_hits jsonb := '{}';
    json_values jsonb;
    pick record;
    rank_of constant jsonb := '{"restricted": 4, "confidential": 3, "internal": 2, "public": 1}';
BEGIN
    -- A yes/no column holds a flag about the data (email_verified), except in the special
    -- categories (union_member, smoker).
    SELECT h.* INTO hint FROM governance.pii_name_hint(column_name, table_name) h
     WHERE column_type <> 'boolean'::regtype OR h.category IN ('health', 'sensitive_trait');

    -- The commonest whole-value shape: at least 60% of the sampled values, and more than
    -- one or two rows unless the name says the same (one version string is no phone).
    SELECT k.key, k.value::numeric INTO top_kind, top_n
      FROM pg_catalog.jsonb_each_text(COALESCE(stats -> 'kinds', '{}')) k
     ORDER BY k.value::numeric DESC, k.key LIMIT 1;
    IF top_kind IS NOT NULL THEN
        SELECT m.category, m.sensitivity INTO kind_category, kind_sensitivity FROM governance.pii_kind_category(top_kind) m;
        values_match := top_n >= 0.6 * sampled AND (top_n >= 3 OR hint.category = kind_category);
    END IF;

    -- Birth dates: nearly all between 1900 and 13 years ago, with no time of day, spread
    -- over decades around an adult median age (unless the name says birth). Order, hire
    -- and visit dates of a few years, however old, and timestamps of events are not.
    IF dates IS NOT NULL AND NOT values_match THEN
        dates_match := (dates ->> 'n')::numeric >= 5
                   AND (dates ->> 'plausible')::numeric >= 0.9 * (dates ->> 'n')::numeric
                   AND (dates ->> 'midnight')::numeric >= 0.9 * (dates ->> 'n')::numeric
                   -- a name that says birth needs no more than plausible dates
                   AND (hint.rule = 'birth_date'
                        OR ((dates ->> 'span_years')::numeric >= 20
                            AND (dates ->> 'median_age')::numeric BETWEEN 18 AND 90));
        IF dates_match THEN
            top_kind := 'birth_date'; top_n := (dates ->> 'plausible')::numeric;
            SELECT m.category, m.sensitivity INTO kind_category, kind_sensitivity FROM governance.pii_kind_category(top_kind) m;
        END IF;
    END IF;

    -- Free text: every kind found, whole or mentioned, counts (150 SSNs beside 150
    -- e-mail addresses is a column of SSNs, not of contacts). Two values suffice: one
    -- address in a thousand tickets is one person.
    IF NOT values_match AND NOT dates_match THEN
        SELECT pg_catalog.jsonb_object_agg(x.kind, x.n), COALESCE(pg_catalog.sum(x.n), 0) INTO mention_counts, mention_total
          FROM (SELECT e.key AS kind, pg_catalog.sum(e.value::numeric) AS n
                  FROM (SELECT * FROM pg_catalog.jsonb_each_text(COALESCE(stats -> 'kinds', '{}'))
                        UNION ALL SELECT * FROM pg_catalog.jsonb_each_text(COALESCE(stats -> 'mentions', '{}'))) e
                 GROUP BY e.key) x;
        IF mention_total < 2 THEN
            mention_counts := NULL;
        END IF;
    END IF;

    -- JSON documents: the keys are column names (the same rules, a weak key counting only
    -- beside a strong one), the scalar values are values.
    IF stats ? 'json_keys' THEN
        SELECT COALESCE(pg_catalog.jsonb_object_agg(k.key, pg_catalog.jsonb_build_object(
                   'rows', k.value::numeric, 'rule', h.rule, 'category', h.category, 'sensitivity', h.sensitivity)
                   ) FILTER (WHERE h.rule IS NOT NULL AND k.value::numeric >= LEAST(2, sampled)), '{}')
          INTO json_hits
          FROM pg_catalog.jsonb_each_text(stats -> 'json_keys') k
          LEFT JOIN LATERAL governance.pii_name_hint(k.key::name) h ON h.needs IS NULL;
        IF json_hits <> '{}' THEN
            SELECT json_hits || COALESCE(pg_catalog.jsonb_object_agg(k.key, pg_catalog.jsonb_build_object(
                       'rows', k.value::numeric, 'rule', h.rule, 'category', h.category, 'sensitivity', h.sensitivity))
                       FILTER (WHERE h.rule IS NOT NULL AND k.value::numeric >= LEAST(2, sampled)), '{}')
              INTO json_hits
              FROM pg_catalog.jsonb_each_text(stats -> 'json_keys') k
              JOIN LATERAL governance.pii_name_hint(k.key::name, 'people') h ON h.needs IS NOT NULL;
        END IF;
        SELECT pg_catalog.jsonb_object_agg(v.key, v.value::numeric) INTO json_values
          FROM pg_catalog.jsonb_each_text(COALESCE(stats -> 'json_values', '{}')) v WHERE v.value::numeric >= 2;
    END IF;

    -- The category: a whole-value shape decides; otherwise the most sensitive of the name,
    -- the kinds mentioned and the JSON keys and values (ties: the name, then the most
    -- identifying category, then the most rows).
    IF values_match OR dates_match THEN
        SELECT kind_category AS category, kind_sensitivity AS sensitivity INTO pick;
    ELSE
        SELECT c.category, c.sensitivity INTO pick
          FROM (SELECT hint.category, hint.sensitivity, 0 AS source, 0::numeric AS n WHERE hint.category IS NOT NULL
                UNION ALL
                SELECT m.category, m.sensitivity, 1, e.value::numeric
                  FROM pg_catalog.jsonb_each_text(COALESCE(mention_counts, '{}')) e, governance.pii_kind_category(e.key) m
                UNION ALL
                SELECT j.value ->> 'category', j.value ->> 'sensitivity', 2, (j.value ->> 'rows')::numeric
                  FROM pg_catalog.jsonb_each(json_hits) j
                UNION ALL
                SELECT m.category, m.sensitivity, 2, e.value::numeric
                  FROM pg_catalog.jsonb_each_text(COALESCE(json_values, '{}')) e, governance.pii_kind_category(e.key) m) c
         ORDER BY (rank_of ->> c.sensitivity)::int DESC, c.source,
                  pg_catalog.array_position(ARRAY['direct_identifier', 'credentials', 'financial', 'health', 'biometric',
                                                  'sensitive_trait', 'contact', 'quasi_identifier', 'online_identifier',
                                                  'location', 'demographic', 'inferred', 'free_text'], c.category),
                  c.n DESC
         LIMIT 1;
    END IF;
    IF pick.category IS NULL THEN
        RETURN;
    END IF;

    category := pick.category;
    sensitivity := pick.sensitivity;
    weak := hint.needs IS NOT NULL AND NOT values_match AND NOT dates_match
            AND mention_counts IS NULL AND json_hits = '{}' AND json_values IS NULL;
    confidence := CASE
        WHEN (values_match OR dates_match) AND hint.category = kind_category THEN 'high'
        WHEN json_hits <> '{}' AND json_values IS NOT NULL THEN 'high'
        WHEN values_match OR json_hits <> '{}' OR json_values IS NOT NULL THEN 'medium'
        WHEN hint.rule IS NOT NULL AND hint.needs IS NULL THEN 'medium'
        WHEN mention_counts IS NOT NULL AND mention_total >= 0.1 * sampled THEN 'medium'
        ELSE 'low' END;
    evidence := pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
        'name_rule', hint.rule,
        'name_pattern', hint.pattern,
        'name_needs', hint.needs,
        'values', CASE WHEN values_match OR dates_match THEN pg_catalog.jsonb_build_object(
                      'kind', top_kind, 'matched', top_n, 'sampled', CASE WHEN dates_match THEN dates -> 'n' ELSE pg_catalog.to_jsonb(sampled) END)
                      || CASE WHEN dates_match THEN dates - 'n' ELSE '{}' END END,
        'value_counts', NULLIF(stats -> 'kinds', '{}'),
        'mentions', CASE WHEN mention_counts IS NOT NULL THEN pg_catalog.jsonb_build_object(
                        'kind', (SELECT e.key FROM pg_catalog.jsonb_each_text(mention_counts) e, governance.pii_kind_category(e.key) m
                                  ORDER BY (rank_of ->> m.sensitivity)::int DESC, e.value::numeric DESC LIMIT 1),
                        'kinds', mention_counts, 'matched', mention_total, 'sampled', sampled) END,
        'json_keys', NULLIF(json_hits, '{}'),
        'json_values', json_values,
        'sampled_values', CASE WHEN stats IS NOT NULL THEN sampled END));
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION governance.pii_judge(name, name, regtype, jsonb) IS
    'Internal: one column''s proposal (category, sensitivity, confidence, evidence) from its name and sampled counts; what discover_pii returns per column';
