-- Proposes classifications for the columns of a schema's tables, with the evidence:
-- what the column's name suggests (governance.pii_name_hint: whole words, weak names
-- counted only with the table as context), and counts of what a bounded sample of its
-- values looks like (value shapes, birth dates, kinds mentioned in free text, the keys and
-- values of JSON documents), judged per column by governance.pii_judge. The rules and
-- their thresholds are in docs/catalog.md. It never classifies anything: the DPO reviews,
-- then calls governance.classify or governance.accept_proposals.
--
-- Reads at most ~32 pages and 1000 rows per table (TABLESAMPLE SYSTEM on larger ones),
-- and the first 4096 characters of each value (governance.limits 'sample_rows',
-- 'sample_value_chars': a table of huge texts costs no more than any other; a JSON
-- document is parsed when it is under 16 times that), one statement per table for all
-- its columns, so a large schema stays quick. The 1000 rows are drawn at random from the
-- pages read (a plain LIMIT would keep the first pages' rows: the oldest rows of a table,
-- often unlike the rest). Only counts leave that statement, never sampled values. It
-- reads as pg-governance's owner: a table that role may not read is an error naming the
-- GRANT (a proposal that silently skipped it would look complete), and where row-level
-- security hides rows from it (forced tenant isolation) the evidence says the sample was
-- limited.
CREATE OR REPLACE FUNCTION governance.discover_pii(schema name DEFAULT 'public')
RETURNS TABLE (table_name regclass, column_name name, category text, sensitivity text,
               confidence text, evidence jsonb)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    tbl record;
    tables regclass[];
    sample_pages constant integer := 32;
    sample_rows constant bigint := governance.limit_value('sample_rows');
    value_chars constant bigint := governance.limit_value('sample_value_chars');
    sampling text;
    closed record;
    stats jsonb;
    sampled bigint;
    person_context text;
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
        SELECT c.oid::regclass AS rel, c.relname,
               pg_catalog.row_security_active(c.oid) AS row_security,
               -- pg_partition_tree lists nothing for a table that is not partitioned.
               (SELECT COALESCE(pg_catalog.sum(pg_catalog.pg_relation_size(m.relid)), 0)
                  FROM (SELECT c.oid AS relid UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) t) m)
                   / pg_catalog.current_setting('block_size')::bigint AS pages,
               -- substr of a text reads only the slice it needs of a TOASTed value; a JSON
               -- document is read whole when it is small enough to parse cheaply.
               pg_catalog.string_agg(CASE
                   WHEN ty.oid = 'jsonb'::regtype THEN pg_catalog.format(
                        '(%L, ''json'', NULL::text, CASE WHEN pg_catalog.pg_column_size(s.%I) <= %s THEN s.%I END)',
                        a.attname, a.attname, value_chars * 16, a.attname)
                   -- json may hold \u0000, which jsonb refuses: such a document is not parsed.
                   WHEN ty.oid = 'json'::regtype THEN pg_catalog.format(
                        '(%L, ''json'', NULL::text, CASE WHEN pg_catalog.pg_column_size(s.%I) <= %s'
                        ' AND pg_catalog.strpos(s.%I::text, ''\u0000'') = 0 THEN s.%I::jsonb END)',
                        a.attname, a.attname, value_chars * 16, a.attname, a.attname)
                   WHEN ty.oid IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN pg_catalog.format(
                        '(%L, ''date'', s.%I::timestamp::text, NULL::jsonb)', a.attname, a.attname)
                   ELSE pg_catalog.format('(%L, ''text'', pg_catalog.substr(s.%I::text, 1, %s), NULL::jsonb)',
                                          a.attname, a.attname, value_chars) END, ', ' ORDER BY a.attnum) AS cols
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
         WHERE c.oid = ANY (tables)
           -- Values worth looking at: strings, numbers (card numbers in bigint/numeric), inet,
           -- dates and timestamps, JSON documents.
           AND (ty.typcategory IN ('S', 'N', 'I')
                OR ty.oid IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype, 'json'::regtype, 'jsonb'::regtype)
                OR ty.typbasetype IN (SELECT b.oid FROM pg_catalog.pg_type b WHERE b.typcategory IN ('S', 'N')))
         -- relname too: PostgreSQL 13's catalogs have no primary key to make it follow from oid.
         GROUP BY c.oid, c.relname
        -- Tables with no such column are still judged by their columns' names.
        UNION ALL
        SELECT c.oid::regclass, c.relname, false, 0, NULL
          FROM pg_catalog.pg_class c
         WHERE c.oid = ANY (tables)
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
                            WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                              AND (ty.typcategory IN ('S', 'N', 'I')
                                   OR ty.oid IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype, 'json'::regtype, 'jsonb'::regtype)
                                   OR ty.typbasetype IN (SELECT b.oid FROM pg_catalog.pg_type b WHERE b.typcategory IN ('S', 'N'))))
    LOOP
        stats := '{}';
        sampled := 0;
        IF tbl.cols IS NOT NULL THEN
            sampling := CASE WHEN tbl.pages > sample_pages
                             THEN pg_catalog.format(' TABLESAMPLE SYSTEM (%s)',
                                                    pg_catalog.round(100.0 * sample_pages / tbl.pages, 6))
                             ELSE '' END;
            -- Only counts leave this statement, per column and kind: no sampled value.
            EXECUTE pg_catalog.format($q$
                WITH sample AS (SELECT pg_catalog.row_number() OVER () AS "governance.row", s.*
                                  FROM (SELECT * FROM %1$s AS s%2$s ORDER BY pg_catalog.random() LIMIT %3$s) s),
                v AS (SELECT s."governance.row" AS row, v.col, v.typ, v.val, v.doc
                        FROM sample s CROSS JOIN LATERAL (VALUES %4$s) AS v(col, typ, val, doc)
                       WHERE v.val IS NOT NULL OR v.doc IS NOT NULL),
                texts AS (SELECT v.col, governance.pii_value_kind(v.val) AS kind, governance.pii_text_mention(v.val) AS mention
                            FROM v WHERE v.typ = 'text'),
                leaves AS (SELECT v.col, v.row, l.key, governance.pii_value_kind(l.value) AS kind
                             FROM v CROSS JOIN LATERAL governance.jsonb_leaves(v.doc) l WHERE v.typ = 'json'),
                dates AS (SELECT v.col, pg_catalog.count(*) AS n,
                                 pg_catalog.count(*) FILTER (WHERE v.val::timestamp >= timestamp '1900-01-01'
                                                               AND v.val::timestamp <= pg_catalog.now() - interval '13 years') AS plausible,
                                 pg_catalog.count(*) FILTER (WHERE v.val::timestamp = pg_catalog.date_trunc('day', v.val::timestamp)) AS midnight,
                                 pg_catalog.round((pg_catalog.max(v.val::timestamp)::date - pg_catalog.min(v.val::timestamp)::date) / 365.25, 1) AS span_years,
                                 pg_catalog.round(pg_catalog.percentile_cont(0.5) WITHIN GROUP (
                                     ORDER BY EXTRACT(epoch FROM pg_catalog.now()::timestamp - v.val::timestamp))::numeric / 31557600, 1) AS median_age
                            FROM v WHERE v.typ = 'date' AND v.val NOT IN ('infinity', '-infinity') GROUP BY v.col),
                counts (col, grp, key, n) AS (
                    SELECT v.col, 'sampled', 'rows', pg_catalog.count(*)::numeric FROM v GROUP BY v.col
                    UNION ALL
                    SELECT t.col, 'kinds', t.kind, pg_catalog.count(*) FROM texts t WHERE t.kind IS NOT NULL GROUP BY t.col, t.kind
                    UNION ALL
                    SELECT t.col, 'mentions', t.mention, pg_catalog.count(*) FROM texts t
                     WHERE t.kind IS NULL AND t.mention IS NOT NULL GROUP BY t.col, t.mention
                    UNION ALL
                    SELECT l.col, 'json_keys', l.key, pg_catalog.count(DISTINCT l.row) FROM leaves l GROUP BY l.col, l.key
                    UNION ALL
                    SELECT l.col, 'json_values', l.kind, pg_catalog.count(DISTINCT l.row) FROM leaves l
                     WHERE l.kind IS NOT NULL GROUP BY l.col, l.kind
                    UNION ALL
                    SELECT d.col, 'dates', x.key, x.n
                      FROM dates d CROSS JOIN LATERAL (VALUES ('n', d.n::numeric), ('plausible', d.plausible), ('midnight', d.midnight),
                                                              ('span_years', d.span_years), ('median_age', d.median_age)) x(key, n))
                SELECT (SELECT pg_catalog.count(*) FROM sample),
                       COALESCE((SELECT pg_catalog.jsonb_object_agg(g.col, g.obj)
                                   FROM (SELECT c.col, pg_catalog.jsonb_object_agg(c.grp, c.obj) AS obj
                                           FROM (SELECT c.col, c.grp, pg_catalog.jsonb_object_agg(c.key, c.n) AS obj
                                                   FROM counts c GROUP BY c.col, c.grp) c
                                          GROUP BY c.col) g), '{}')
            $q$, tbl.rel, sampling, sample_rows, tbl.cols) INTO sampled, stats;
        END IF;

        -- A weak name (city, notes, score) counts only in a table holding other personal
        -- data, one whose name names people, or one that references such a table (an
        -- appointment's notes, an order's city).
        person_context := CASE WHEN governance.pii_person_table(tbl.relname) THEN 'a table of people' ELSE
            (SELECT 'a reference to ' || pg_catalog.min(k.confrelid::regclass::text)
               FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class r ON r.oid = k.confrelid
              WHERE k.conrelid = tbl.rel AND k.contype = 'f' AND governance.pii_person_table(r.relname)) END;
        RETURN QUERY
            WITH judged AS (
                SELECT a.attname, j.category, j.sensitivity, j.confidence, j.evidence, j.weak
                  FROM pg_catalog.pg_attribute a
                 CROSS JOIN LATERAL governance.pii_judge(tbl.relname, a.attname, a.atttypid::regtype, stats -> a.attname::text) j
                 WHERE a.attrelid = tbl.rel AND a.attnum > 0 AND NOT a.attisdropped)
            SELECT tbl.rel, j.attname, j.category, j.sensitivity, j.confidence,
                   j.evidence || pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
                       'sampled_rows', sampled,
                       'sample_limited_by_row_security', CASE WHEN tbl.row_security THEN true END,
                       'context', CASE WHEN j.weak THEN COALESCE(person_context, 'other personal data in the table') END,
                       'already_classified', (SELECT c.category FROM governance.classifications c
                                               WHERE c.table_name = tbl.rel AND c.column_name = j.attname)))
              FROM judged j
             WHERE NOT j.weak OR person_context IS NOT NULL OR EXISTS (SELECT 1 FROM judged o WHERE NOT o.weak)
             ORDER BY j.attname;
    END LOOP;
    PERFORM governance.encryption_keyring_reopen('governance.discover_pii', closed.keyring, closed.entries);
END
$$;

COMMENT ON FUNCTION governance.discover_pii(name) IS
    'Proposes classifications for a schema''s columns with evidence from names and a bounded sample of values; changes nothing';
GRANT EXECUTE ON FUNCTION governance.discover_pii(name) TO governance_admin, governance_dpo;
