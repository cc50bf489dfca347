-- The `kept` line for rows of `child` that another subject owns too and that an erasure
-- detaches from the erased subject through `constraint_name` instead of erasing them (an
-- order a customer shares with the employee who took it). NULL when the rows are not
-- such shared rows: another type's subject rows (their data is theirs alone) and rows a
-- rule keeps (listed by their rule) are accounted elsewhere. Named with the types that
-- share them, read only when there are such rows (a walk per other type).
CREATE OR REPLACE FUNCTION privacy.shared_kept_entry(for_type text, graph privacy.erasure_node[],
                                                     child regclass, constraint_name name, n bigint)
RETURNS jsonb
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    sharers text;
BEGIN
    IF n = 0 OR child IN (SELECT s.table_name FROM privacy.subjects s)
       OR child IN (SELECT g.table_name FROM pg_catalog.unnest(graph) g WHERE g.action <> 'delete') THEN
        RETURN NULL;
    END IF;
    SELECT pg_catalog.string_agg(s.subject_type, ', ' ORDER BY s.subject_type) INTO sharers
      FROM privacy.subjects s
     WHERE s.subject_type <> for_type
       AND EXISTS (SELECT FROM privacy.subject_tables(s.subject_type) g WHERE g.table_name = child);
    RETURN privacy.kept_entry(child, n, pg_catalog.format(
        'shared with another subject (%s): detached through %I, not erased', COALESCE(sharers, 'unknown type'),
        constraint_name), true);
END
$$;

COMMENT ON FUNCTION privacy.shared_kept_entry(text, privacy.erasure_node[], regclass, name, bigint) IS
    'Internal: an erasure''s kept line for shared rows it detached instead of erasing, naming the subject types sharing them; NULL otherwise';
