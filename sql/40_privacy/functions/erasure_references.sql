-- Rows that still reference a row gdpr_forget deletes, and what becomes of them.
--
-- For every table whose rows of the subject are deleted, every foreign key into it is
-- looked at. Its referencing rows are harmless when they are deleted first themselves
-- (`covered`: the referencing table is deleted earlier in the plan, or in the same
-- statement, or by ON DELETE CASCADE within the subject's data). The others are rows
-- kept by an anonymize or retain rule, other subjects' rows (referred_by), or rows on
-- a cycle; for those the resolution is:
--   detach     NO ACTION/RESTRICT with nullable key columns: gdpr_forget sets them NULL first
--   set_null / set_default  the database does it (ON DELETE SET NULL/DEFAULT); for a
--              reference it does not enforce, gdpr_forget does it (detach)
--   conflict   the database would refuse (NOT NULL key) or cascade into rows outside the
--              subject's data: the plan reports it and gdpr_forget refuses to start.
-- `referencing` selects those rows in the referencing table (unqualified names, $1 = key);
-- `detach_set` is the SET list that detaches them.
CREATE OR REPLACE FUNCTION privacy.erasure_references(graph privacy.erasure_node[])
RETURNS SETOF privacy.erasure_reference
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
        WITH nodes AS (SELECT * FROM pg_catalog.unnest(graph))
        SELECT p.pos, p.table_name, f.child, f.constraint_name, f.child_cols, f.on_delete,
               -- A reference the database does not enforce (declared, or a partition lacks the
               -- key) gets its SET NULL / SET DEFAULT from gdpr_forget, as a detach.
               CASE WHEN f.on_delete = 'c' THEN 'conflict'
                    WHEN f.on_delete = 'd' THEN CASE WHEN f.enforced THEN 'set_default' ELSE 'detach' END
                    WHEN NOT f.nullable THEN 'conflict'
                    WHEN f.on_delete = 'n' AND f.enforced THEN 'set_null'
                    ELSE 'detach' END,
               pg_catalog.format('(%s) IN (SELECT %s FROM %s WHERE %s) AND NOT COALESCE((%s), false)',
                                 f.child_cols, f.parent_cols, p.table_name, p.predicate,
                                 COALESCE(c.predicate, 'false')),
               (SELECT pg_catalog.string_agg(pg_catalog.format(CASE WHEN f.on_delete = 'd' THEN '%I = DEFAULT' ELSE '%I = NULL' END,
                                                               a.attname), ', ')
                  FROM pg_catalog.pg_attribute a
                 WHERE a.attrelid = f.child AND a.attnum = ANY (f.child_attnums))
          FROM nodes p
          JOIN privacy.foreign_keys() f ON f.parent = p.table_name
          LEFT JOIN nodes c ON c.table_name = f.child AND c.action = 'delete' AND c.kind <> 'own_parent'
                           AND (c.pos <= p.pos OR (f.on_delete = 'c' AND f.enforced))
         WHERE p.action = 'delete' AND p.kind <> 'own_parent';
END
$$;

COMMENT ON FUNCTION privacy.erasure_references(privacy.erasure_node[]) IS
    'Internal: foreign keys into the tables a forget deletes from, with what happens to referencing rows that survive';
