-- Counts, for the subject, the rows that would outlive a parent the erasure deletes
-- (privacy.erasure_references) and sorts them into conflicts (the database would refuse)
-- and detachments (set NULL first). With conflicts_only, only the references that can
-- conflict are counted: what gdpr_forget needs before it starts.
CREATE OR REPLACE FUNCTION privacy.reference_findings(refs privacy.erasure_reference[], subject_key text,
                                                      conflicts_only boolean)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    ref privacy.erasure_reference;
    counted integer[];
    counts bigint[];
    statement text;
    n bigint;
    conflicts jsonb := '[]';
    detach jsonb := '[]';
BEGIN
    -- Every count in one statement (planned once, not once per reference).
    SELECT pg_catalog.array_agg(r.ordinality ORDER BY r.ordinality),
           pg_catalog.format('SELECT ARRAY[%s]::bigint[]', pg_catalog.string_agg(
               pg_catalog.format('(SELECT pg_catalog.count(*) FROM %s WHERE %s)', r.child, r.referencing), ', ' ORDER BY r.ordinality))
      INTO counted, statement
      FROM pg_catalog.unnest(refs) WITH ORDINALITY AS r
     WHERE NOT conflicts_only OR r.resolution = 'conflict';
    IF counted IS NULL THEN
        RETURN pg_catalog.jsonb_build_object('conflicts', conflicts, 'detach', detach);
    END IF;
    EXECUTE statement INTO counts USING subject_key;
    FOR k IN 1 .. pg_catalog.cardinality(counted) LOOP
        ref := refs[counted[k]];
        n := counts[k];
        CONTINUE WHEN n = 0;
        IF ref.resolution = 'conflict' THEN
            conflicts := conflicts || pg_catalog.jsonb_build_object(
                'constraint', ref.constraint_name, 'table', ref.child::text, 'references', ref.parent::text,
                'rows', n, 'problem', pg_catalog.format(
                    '%s rows of %s that the plan keeps reference rows of %s it deletes, through %s (%s)',
                    n, ref.child, ref.parent, pg_catalog.quote_ident(ref.constraint_name),
                    CASE WHEN ref.on_delete = 'c' THEN 'ON DELETE CASCADE would delete them'
                         ELSE 'NOT NULL: they cannot be detached' END));
        ELSE
            detach := detach || pg_catalog.jsonb_build_object(
                'constraint', ref.constraint_name, 'table', ref.child::text, 'references', ref.parent::text,
                'columns', ref.child_cols, 'rows', n, 'how', ref.resolution);
        END IF;
    END LOOP;
    RETURN pg_catalog.jsonb_build_object('conflicts', conflicts, 'detach', detach);
END
$$;

COMMENT ON FUNCTION privacy.reference_findings(privacy.erasure_reference[], text, boolean) IS
    'Internal: conflicts and detachments of a subject''s erasure, counted: {"conflicts": [...], "detach": [...]}';
