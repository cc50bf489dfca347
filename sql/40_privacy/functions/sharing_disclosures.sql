-- CCPA right to know (1798.110, 1798.115): the categories disclosed and the third parties
-- they went to, sold or not, over the twelve months before as_of.
CREATE OR REPLACE FUNCTION privacy.sharing_disclosures(subject_key text, as_of timestamptz DEFAULT pg_catalog.now())
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT pg_catalog.jsonb_build_object(
        'since', $2 - interval '12 months',
        'categories', COALESCE((SELECT pg_catalog.jsonb_agg(DISTINCT c ORDER BY c)
                                  FROM privacy.data_sharing s, pg_catalog.unnest(s.categories) c
                                 WHERE s.subject_key = governance.subject_key($1) AND s.shared_at > $2 - interval '12 months' AND s.shared_at <= $2), '[]'),
        'third_parties', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                                             'third_party', t.third_party, 'sold', t.sold, 'categories', t.categories)
                                         ORDER BY t.third_party)
                                     FROM (SELECT s.third_party, pg_catalog.bool_or(s.is_sale) AS sold,
                                                  pg_catalog.array_agg(DISTINCT c ORDER BY c) AS categories
                                             FROM privacy.data_sharing s, pg_catalog.unnest(s.categories) c
                                            WHERE s.subject_key = governance.subject_key($1) AND s.shared_at > $2 - interval '12 months'
                                              AND s.shared_at <= $2
                                            GROUP BY s.third_party) t), '[]'))
$$;

COMMENT ON FUNCTION privacy.sharing_disclosures(text, timestamptz) IS
    'CCPA right to know: categories of personal information disclosed and the third parties, sold or not, in the 12 months before as_of';

GRANT EXECUTE ON FUNCTION privacy.sharing_disclosures(text, timestamptz) TO governance_admin, governance_dpo, governance_auditor;
