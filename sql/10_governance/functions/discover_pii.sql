-- Proposes classifications for the columns of a schema's tables, with the evidence:
-- what the column's name suggests (governance.pii_name_hint) and what a bounded sample
-- of its values looks like (governance.pii_value_kind: e-mail, phone, US SSN, Luhn-valid
-- card numbers, IP addresses; date columns whose values are plausible birth dates), and
-- free text that mentions e-mail addresses or SSNs in a few of its values
-- (governance.pii_text_mention; low confidence: the DPO reads the column to judge).
-- It never classifies anything: the DPO reviews and calls governance.classify.
--
-- Reads at most ~32 pages and 1000 rows per table (TABLESAMPLE SYSTEM on larger ones),
-- and the first 4096 characters of each value (governance.limits 'sample_rows',
-- 'sample_value_chars': a table of huge texts costs no more than any other),
-- one statement per table for all its columns, so a large schema stays quick. The 1000
-- rows are drawn at random from the pages read (a plain LIMIT would keep the first pages'
-- rows: the oldest rows of a table, often unlike the rest). Only counts leave the
-- function, never sampled values. It reads as pg-governance's owner: a table that role
-- may not read is an error naming the GRANT (a proposal that silently skipped it would
-- look complete), and where row-level security hides rows from it (forced tenant
-- isolation) the evidence says the sample was limited.
CREATE OR REPLACE FUNCTION governance.discover_pii(schema name DEFAULT 'public')
RETURNS TABLE (table_name regclass, column_name name, category text, sensitivity text,
               confidence text, evidence jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tbl record;
    tables regclass[];
    sample_pages constant integer := 32;
    sample_rows constant bigint := governance.limit_value('sample_rows');
    value_chars constant bigint := governance.limit_value('sample_value_chars');
    sampling text;
    closed record;
BEGIN
    IF schema IS NULL OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = schema) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_schema_name',
            MESSAGE = pg_catalog.format('governance.discover_pii: schema %s does not exist', COALESCE(pg_catalog.quote_ident(schema), 'NULL'));
    END IF;
    tables := ARRAY(SELECT c.oid::regclass FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = schema AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                       AND n.nspname <> ALL (governance.pack_schemas()));
    -- Sampling runs the tables' policies (and their views' functions) as the pack's owner:
    -- a temporary schema, or a table carrying code of a role it does not trust, is refused
    -- whole rather than skipped (a proposal that skipped it would look complete).
    PERFORM governance.require_trusted_relations('governance.discover_pii', tables);
    PERFORM governance.require_owner_privileges('governance.discover_pii', tables, 'SELECT');
    -- Sampling runs the tables' policies as the pack's owner: not with the session's keys in reach.
    closed := governance.encryption_keyring_close();

    FOR tbl IN
        SELECT c.oid::regclass AS rel,
               pg_catalog.row_security_active(c.oid) AS row_security,
               -- pg_partition_tree lists nothing for a table that is not partitioned.
               (SELECT COALESCE(pg_catalog.sum(pg_catalog.pg_relation_size(m.relid)), 0)
                  FROM (SELECT c.oid AS relid UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) t) m)
                   / pg_catalog.current_setting('block_size')::bigint AS pages,
               -- substr of a text reads only the slice it needs of a TOASTed value
               pg_catalog.string_agg(pg_catalog.format('(%L, pg_catalog.substr(s.%I::text, 1, %s), %s)', a.attname, a.attname,
                                     value_chars, (a.atttypid = 'date'::regtype)::text), ', ' ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
         WHERE n.nspname = schema AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           AND n.nspname <> ALL (governance.pack_schemas())
           -- Values worth looking at: strings, numbers (card numbers in bigint/numeric), inet, dates.
           AND (ty.typcategory IN ('S', 'N', 'I') OR a.atttypid = 'date'::regtype
                OR ty.typbasetype IN (SELECT b.oid FROM pg_catalog.pg_type b WHERE b.typcategory IN ('S', 'N')))
         GROUP BY c.oid
    LOOP
        sampling := CASE WHEN tbl.pages > sample_pages
                         THEN pg_catalog.format(' TABLESAMPLE SYSTEM (%s)',
                                                pg_catalog.round(100.0 * sample_pages / tbl.pages, 6))
                         ELSE '' END;
        RETURN QUERY EXECUTE pg_catalog.format($q$
            WITH sample AS (SELECT * FROM %1$s AS s%2$s ORDER BY pg_catalog.random() LIMIT %3$s),
            kinds (kind, category, sensitivity) AS (
                VALUES ('email', 'contact', 'confidential'), ('phone', 'contact', 'confidential'),
                       ('ssn', 'direct_identifier', 'restricted'), ('card', 'financial', 'restricted'),
                       ('ip', 'quasi_identifier', 'internal'), ('birth_date', 'quasi_identifier', 'confidential')),
            observed AS (
                SELECT v.col, pg_catalog.count(*) AS n,
                       CASE WHEN v.is_date THEN
                                CASE WHEN v.val::date BETWEEN date '1900-01-01' AND (pg_catalog.now() - interval '13 years')::date
                                     THEN 'birth_date' END
                            ELSE governance.pii_value_kind(v.val) END AS kind,
                       CASE WHEN NOT v.is_date THEN governance.pii_text_mention(v.val) END AS mention
                  FROM sample s CROSS JOIN LATERAL (VALUES %4$s) AS v(col, val, is_date)
                 WHERE v.val IS NOT NULL
                 GROUP BY 1, 3, 4),
            per_column AS (
                SELECT o.col, pg_catalog.sum(o.n)::bigint AS sampled,
                       (pg_catalog.array_agg(o.kind ORDER BY o.n DESC) FILTER (WHERE o.kind IS NOT NULL))[1] AS kind,
                       -- A value's shape decides its mention too (an e-mail address mentions
                       -- one), so each kind stays one group: its largest is the kind's count.
                       pg_catalog.max(o.n) FILTER (WHERE o.kind IS NOT NULL) AS matched,
                       (pg_catalog.array_agg(o.mention ORDER BY o.n DESC, o.mention)
                           FILTER (WHERE o.kind IS NULL AND o.mention IS NOT NULL))[1] AS mention,
                       pg_catalog.max(o.n) FILTER (WHERE o.kind IS NULL AND o.mention IS NOT NULL) AS mentioned
                  FROM observed o GROUP BY o.col),
            judged AS (
                SELECT a.attname AS col, h.pattern, h.category AS name_category, h.sensitivity AS name_sensitivity,
                       p.sampled, p.kind, p.matched,
                       p.kind IS NOT NULL AND p.matched >= 0.6 * p.sampled
                           AND (p.kind <> 'birth_date' OR p.matched >= 0.9 * p.sampled) AS values_match,
                       -- Two values suffice: one address in a thousand tickets is one person.
                       p.mention, p.mentioned, p.mentioned >= 2 AS mentions
                  FROM pg_catalog.pg_attribute a
                  LEFT JOIN per_column p ON p.col = a.attname
                  LEFT JOIN LATERAL governance.pii_name_hint(a.attname) h ON true
                 WHERE a.attrelid = %5$s AND a.attnum > 0 AND NOT a.attisdropped)
            SELECT %5$s::regclass, j.col,
                   COALESCE(CASE WHEN j.values_match THEN k.category END, j.name_category,
                            CASE WHEN j.mentions THEN m.category END),
                   COALESCE(CASE WHEN j.values_match THEN k.sensitivity END, j.name_sensitivity,
                            CASE WHEN j.mentions THEN m.sensitivity END),
                   CASE WHEN j.values_match AND j.pattern IS NOT NULL THEN 'high'
                        WHEN j.values_match AND j.kind = 'birth_date' THEN 'low'
                        WHEN NOT j.values_match AND j.pattern IS NULL THEN 'low'  -- mentions in free text only
                        ELSE 'medium' END,
                   pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                       'name_pattern', j.pattern,
                       'values', CASE WHEN j.values_match THEN pg_catalog.jsonb_build_object(
                                     'kind', j.kind, 'matched', j.matched, 'sampled', j.sampled) END,
                       'mentions', CASE WHEN j.mentions AND NOT j.values_match THEN pg_catalog.jsonb_build_object(
                                       'kind', j.mention, 'matched', j.mentioned, 'sampled', j.sampled) END,
                       'sampled_rows', (SELECT pg_catalog.count(*) FROM sample),
                       'sample_limited_by_row_security', %6$s,
                       'already_classified', (SELECT c.category FROM governance.classifications c
                                               WHERE c.table_name = %5$s AND c.column_name = j.col)))
              FROM judged j
              LEFT JOIN kinds k ON k.kind = j.kind
              LEFT JOIN kinds m ON m.kind = j.mention
             WHERE j.values_match OR j.pattern IS NOT NULL OR j.mentions
             ORDER BY j.col
        $q$, tbl.rel, sampling, sample_rows, tbl.cols, tbl.rel::oid,
             CASE WHEN tbl.row_security THEN 'true' ELSE 'NULL::boolean' END);
    END LOOP;
    PERFORM governance.encryption_keyring_reopen('governance.discover_pii', closed.keyring, closed.entries);
END
$$;

COMMENT ON FUNCTION governance.discover_pii(name) IS
    'Proposes classifications for a schema''s columns with evidence from names and a bounded sample of values; changes nothing';
GRANT EXECUTE ON FUNCTION governance.discover_pii(name) TO governance_admin, governance_dpo;
