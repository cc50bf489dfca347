-- "a", "b" (or x."a", x."b" with a prefix): the quoted names of columns given by number,
-- in the given order (a foreign key's columns pair with the referenced ones by position).
-- PL/pgSQL, so that its plan is kept for the session (docs/development.md, hot helpers).
CREATE OR REPLACE FUNCTION privacy.column_list(tbl regclass, attnums smallint[], prefix text DEFAULT '')
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT pg_catalog.string_agg(prefix || pg_catalog.quote_ident(a.attname), ', ' ORDER BY k.ord)
          FROM pg_catalog.unnest(attnums) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_catalog.pg_attribute a ON a.attrelid = tbl AND a.attnum = k.attnum);
END
$$;

COMMENT ON FUNCTION privacy.column_list(regclass, smallint[], text) IS
    'Quoted, comma-separated names (each after prefix) of the columns of tbl numbered attnums, in that order';

-- privacy.subject_tables runs with its caller's rights and reads through foreign_keys(),
-- which uses this.
GRANT EXECUTE ON FUNCTION privacy.column_list(regclass, smallint[], text) TO governance_admin, governance_dpo;
