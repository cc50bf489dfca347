-- Classifies what discover_pii proposes, filtered, in one call: the DPO reviews the
-- proposals (dry_run => true lists what would be done), then accepts them. A column
-- already classified keeps its classification unless overwrite (a DPO's decision is not
-- replaced by a guess), and is reported either way.
--
-- SECURITY INVOKER: it does what the caller could do with discover_pii and classify,
-- which check the caller's rights and record the caller as the classifier.
CREATE OR REPLACE FUNCTION governance.accept_proposals(
    schema         name DEFAULT 'public',
    min_confidence text DEFAULT 'medium',
    categories     text[] DEFAULT NULL,
    tables         regclass[] DEFAULT NULL,
    exclude        text[] DEFAULT '{}',
    overwrite      boolean DEFAULT false,
    dry_run        boolean DEFAULT false)
RETURNS TABLE (table_name regclass, column_name name, category text, sensitivity text, confidence text,
               action text, evidence jsonb)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    levels constant text[] := ARRAY['low', 'medium', 'high'];
    p record;
BEGIN
    IF min_confidence IS NULL OR NOT min_confidence = ANY (levels) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.accept_proposals: unknown confidence %L', min_confidence),
            HINT = 'Use low, medium or high: proposals at or above it are accepted.';
    END IF;
    IF categories IS NOT NULL AND EXISTS (SELECT 1 FROM pg_catalog.unnest(categories) c
                                           WHERE NOT EXISTS (SELECT 1 FROM governance.data_categories d WHERE d.name = c)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('governance.accept_proposals: unknown categories %s',
                                        (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(c), ', ') FROM pg_catalog.unnest(categories) c
                                          WHERE NOT EXISTS (SELECT 1 FROM governance.data_categories d WHERE d.name = c))),
            HINT = 'Categories are listed in governance.data_categories.';
    END IF;

    FOR p IN
        SELECT d.table_name, d.column_name, d.category, d.sensitivity, d.confidence, d.evidence,
               (SELECT c.category FROM governance.classifications c
                 WHERE c.table_name = d.table_name AND c.column_name = d.column_name) AS current_category
          FROM governance.discover_pii(schema) d
         WHERE pg_catalog.array_position(levels, d.confidence) >= pg_catalog.array_position(levels, min_confidence)
           AND (categories IS NULL OR d.category = ANY (categories))
           AND (tables IS NULL OR d.table_name = ANY (tables))
           -- exclude: table.column names, or LIKE patterns of them ('app.audit_%.%')
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(COALESCE(exclude, '{}')) x
                            WHERE pg_catalog.format('%s.%I', d.table_name, d.column_name) LIKE x)
         ORDER BY d.table_name::text, d.column_name
    LOOP
        table_name := p.table_name; column_name := p.column_name; category := p.category;
        sensitivity := p.sensitivity; confidence := p.confidence; evidence := p.evidence;
        IF p.current_category IS NOT NULL AND NOT overwrite THEN
            action := 'kept: already classified ' || p.current_category;
        ELSIF dry_run THEN
            action := CASE WHEN p.current_category IS NULL THEN 'would classify' ELSE 'would reclassify' END;
        ELSE
            PERFORM governance.classify(p.table_name, p.column_name, p.category, p.sensitivity);
            action := CASE WHEN p.current_category IS NULL THEN 'classified' ELSE 'reclassified' END;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

COMMENT ON FUNCTION governance.accept_proposals(name, text, text[], regclass[], text[], boolean, boolean) IS
    'Classifies the discover_pii proposals of a schema at or above a confidence, filtered by category, table and excluded columns; dry_run lists what it would do; keeps existing classifications unless overwrite';
GRANT EXECUTE ON FUNCTION governance.accept_proposals(name, text, text[], regclass[], text[], boolean, boolean)
    TO governance_admin, governance_dpo;
