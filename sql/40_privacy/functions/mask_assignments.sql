-- The SET list that anonymizes a table's rows: each classified column (the table's own
-- classification or its partitioned table's) gets a value that carries no personal data
-- and that the column accepts.
--   nullable column      NULL (satisfies CHECK and UNIQUE constraints too)
--   NOT NULL text        'erased-' and random hex, cut to the column's length, unique per row
--   NOT NULL other type  a neutral value of the type: 0, false, 1970-01-01, {}, the enum's
--                        first label, a random uuid, 0.0.0.0
-- Domains are masked by their base type and cast back, so a domain CHECK still applies:
-- a mask it refuses makes the UPDATE fail with that constraint's name and nothing changes.
-- Generated columns are never assigned: they follow the masked inputs.
-- `also` names more columns to mask: the linked columns of a link_table'd table, so that
-- an anonymized row no longer holds the subject's key (or e-mail) that linked it.
-- Returns NULL when the table has no classified column to mask.
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.mask_assignments(tbl regclass, also name[] DEFAULT '{}')
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT pg_catalog.string_agg(pg_catalog.format('%I = %s', a.attname,
                   CASE WHEN NOT a.attnotnull THEN 'NULL'
                        ELSE pg_catalog.format('(%s)::%s', CASE
                            WHEN bt.typcategory = 'S' THEN pg_catalog.format(
                                 '''erased-'' || pg_catalog.left(pg_catalog.md5(pg_catalog.random()::text || pg_catalog.clock_timestamp()::text), %s)',
                                 CASE WHEN a.atttypmod > 4 AND bt.typname IN ('varchar', 'bpchar')
                                      THEN GREATEST(a.atttypmod - 4 - 7, 1) ELSE 24 END)
                            WHEN bt.typcategory = 'N' THEN '0'
                            WHEN bt.typcategory = 'B' THEN 'false'
                            WHEN bt.typname IN ('time', 'timetz') THEN '''00:00'''
                            WHEN bt.typcategory = 'D' THEN '''1970-01-01'''
                            WHEN bt.typcategory = 'T' THEN '''0 seconds'''
                            WHEN bt.typcategory = 'A' THEN '''{}'''
                            WHEN bt.typcategory = 'E' THEN pg_catalog.format('(pg_catalog.enum_range(NULL::%s))[1]', bt.oid::regtype)
                            WHEN bt.typname IN ('json', 'jsonb') THEN '''{}'''
                            WHEN bt.typname = 'uuid' THEN 'pg_catalog.gen_random_uuid()'
                            WHEN bt.typname = 'bytea' THEN '''\x'''
                            WHEN bt.typcategory = 'I' THEN '''0.0.0.0'''
                            ELSE 'NULL' END,
                            pg_catalog.format_type(a.atttypid, a.atttypmod)) END),
                   ', ' ORDER BY a.attnum)
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
          JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
         WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
           AND (a.attname IN (SELECT c.column_name FROM governance.classifications c
                               WHERE c.table_name IN (SELECT privacy.table_and_ancestors(tbl)))
                OR a.attname = ANY (also)));
END
$$;

COMMENT ON FUNCTION privacy.mask_assignments(regclass, name[]) IS
    'Internal: SET clause replacing the classified columns of tbl (and those named in also) with type-preserving, constraint-friendly masked values';
