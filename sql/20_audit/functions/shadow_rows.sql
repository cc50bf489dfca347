-- The rows of captured statements of several rows, read back from the shadow tables of
-- their tables (audit.shapes) as the trail stores rows: jsonb named by the shape the rows
-- had when captured. Old and new rows of an UPDATE are paired by position (each side's
-- ids were drawn in the order of its transition table); a row's id is its old row's.
CREATE OR REPLACE FUNCTION audit.shadow_rows(statement_ids bigint[], relids oid[])
RETURNS TABLE (statement_id bigint, id bigint, old_row jsonb, new_row jsonb)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    shape  record;
    named  text;
BEGIN
    FOR shape IN SELECT s.shadow, s.columns FROM audit.shapes s WHERE s.relid = ANY (relids) ORDER BY s.shadow LOOP
        -- jsonb_build_object takes at most 50 pairs: wider rows are built in parts.
        SELECT COALESCE(pg_catalog.string_agg(part.expr, ' || '), '''{}''::jsonb') INTO named
          FROM (SELECT 'pg_catalog.jsonb_build_object(' || pg_catalog.string_agg(
                           pg_catalog.format('%L, r.c%s', c.name, c.n), ', ' ORDER BY c.n) || ')' AS expr
                  FROM pg_catalog.unnest(shape.columns) WITH ORDINALITY AS c(name, n)
                 GROUP BY (c.n - 1) / 50 ORDER BY (c.n - 1) / 50) part;
        RETURN QUERY EXECUTE pg_catalog.format(
            'SELECT COALESCE(o.statement_id, n.statement_id), COALESCE(o.id, n.id), o.j, n.j
               FROM (SELECT r.statement_id, r.id, %1$s AS j,
                            pg_catalog.row_number() OVER (PARTITION BY r.statement_id ORDER BY r.id) AS pos
                       FROM %2$s r WHERE r.is_old AND r.statement_id = ANY ($1)) o
               FULL JOIN (SELECT r.statement_id, r.id, %1$s AS j,
                                 pg_catalog.row_number() OVER (PARTITION BY r.statement_id ORDER BY r.id) AS pos
                            FROM %2$s r WHERE NOT r.is_old AND r.statement_id = ANY ($1)) n
                 ON n.statement_id = o.statement_id AND n.pos = o.pos', named, shape.shadow)
          USING statement_ids;
    END LOOP;
END
$$;

COMMENT ON FUNCTION audit.shadow_rows(bigint[], oid[]) IS
    'The rows of captured multi-row statements, from their shadow tables, as jsonb named by their captured shape';
GRANT EXECUTE ON FUNCTION audit.shadow_rows(bigint[], oid[]) TO governance_auditor, governance_admin;
