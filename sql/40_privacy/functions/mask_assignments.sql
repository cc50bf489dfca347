-- The SET list that anonymizes a table's rows: each classified column (the table's own
-- classification or its partitioned table's) gets a value that carries no personal data
-- and that the column accepts.
--   nullable column      NULL (satisfies CHECK and UNIQUE constraints too)
--   NOT NULL column      a neutral value of its type (privacy.neutral_value): text gets
--                        'erased-' and random hex, unique per row
-- Domains are masked by their base type and cast back, so a domain CHECK still applies:
-- a mask it refuses makes the UPDATE fail with that constraint's name and nothing changes.
-- Generated columns are never assigned: they follow the masked inputs.
-- `also` names more columns to mask: the linked columns of a link_table'd table, so that
-- an anonymized row no longer holds the subject's key (or e-mail) that linked it.
-- `keep` names columns left as they are: retention keeps a row's key and its time column.
-- Returns NULL when the table has no classified column to mask.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.mask_assignments(tbl regclass, also name[], keep name[])
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT pg_catalog.string_agg(pg_catalog.format('%I = %s', a.attname,
                   CASE WHEN NOT a.attnotnull THEN 'NULL' ELSE privacy.neutral_value(a.atttypid, a.atttypmod) END),
                   ', ' ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a
         WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           AND (a.attname IN (SELECT c.column_name FROM governance.classifications c
                               WHERE c.table_name IN (SELECT privacy.table_and_ancestors(tbl)))
                OR a.attname = ANY (also))
           AND a.attname <> ALL (keep));
END
$$;

COMMENT ON FUNCTION privacy.mask_assignments(regclass, name[], name[]) IS
    'Internal: SET clause replacing the classified columns of tbl (and those named in also, but not those in keep) with type-preserving, constraint-friendly masked values';

CREATE OR REPLACE FUNCTION privacy.mask_assignments(tbl regclass, also name[] DEFAULT '{}')
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN privacy.mask_assignments(tbl, also, '{}');
END
$$;

COMMENT ON FUNCTION privacy.mask_assignments(regclass, name[]) IS
    'Internal: SET clause replacing the classified columns of tbl (and those named in also) with type-preserving, constraint-friendly masked values';
