-- A value of the type that carries no personal data and that a NOT NULL column accepts:
-- 0, false, 1970-01-01, {}, the enum's first label, a random uuid, 0.0.0.0; text gets
-- 'erased-' and random hex, cut to the column's length, unique per row. SQL text, cast
-- to the column's type (a domain's CHECK still applies). NULL for types without one.
CREATE OR REPLACE FUNCTION privacy.neutral_value(typ oid, typmod integer)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('(%s)::%s', CASE
               WHEN bt.typcategory = 'S' THEN pg_catalog.format(
                    '''erased-'' || pg_catalog.left(pg_catalog.md5(pg_catalog.random()::text || pg_catalog.clock_timestamp()::text), %s)',
                    CASE WHEN typmod > 4 AND bt.typname IN ('varchar', 'bpchar')
                         THEN GREATEST(typmod - 4 - 7, 1) ELSE 24 END)
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
           pg_catalog.format_type(typ, typmod))
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
     WHERE t.oid = typ
$$;

COMMENT ON FUNCTION privacy.neutral_value(oid, integer) IS
    'SQL for a value of the type that holds no personal data and satisfies NOT NULL (text unique per row): what dump --masked and anonymization write in a NOT NULL column masked to NULL';

-- Granted to the roles of privacy.masked_columns, which calls it (through mask_expression, for a dump) with their rights.
GRANT EXECUTE ON FUNCTION privacy.neutral_value(oid, integer) TO governance_admin, governance_dpo, governance_auditor;
