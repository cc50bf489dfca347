-- The shadow table for the rows of a statement of several rows: one per row shape (the
-- relation, its stored columns' names and types, which are hashed), created the first
-- time a shape is seen. The shape is read from the catalog by the statement that uses
-- it, under its lock on the table, so it is the shape of the rows in its transition
-- tables: whatever ALTER TABLE did before, a value lands in the column of its own name,
-- and whatever it does after, the shadow keeps the names and types its rows had
-- (audit.shapes). Shadow columns are c1, c2, ... (no user identifier in our DDL, no
-- clash with the bookkeeping columns) of built-in types only, so that no DROP TYPE of
-- the application depends on the trail: other types are kept as their jsonb.
-- Returns the shadow and the select list over the transition table (alias t; $2 is the
-- hash key), starting with a comma.
CREATE OR REPLACE FUNCTION audit.shadow_for(relation_id oid, recorded_name text, restricted text[], excluded text[],
                                            OUT tbl regclass, OUT select_list text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_variable
DECLARE
    relation  oid := relation_id;
    names     text[];
    types     text[];
    exprs     text[];
    shape_key text;
    shadow    text;
BEGIN
    SELECT pg_catalog.array_agg(c.name ORDER BY c.attnum), pg_catalog.array_agg(c.type ORDER BY c.attnum),
           pg_catalog.array_agg(c.expr ORDER BY c.attnum)
      INTO names, types, exprs
      FROM (SELECT a.attnum, a.attname::text AS name,
                   CASE WHEN a.attname = ANY (restricted) THEN 'text'
                        WHEN COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) < 16384
                        THEN pg_catalog.format_type(COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid),
                                                    CASE WHEN ty.typbasetype <> 0 THEN ty.typtypmod ELSE a.atttypmod END)
                        ELSE 'jsonb' END AS type,
                   CASE WHEN a.attname = ANY (restricted)
                        THEN pg_catalog.format('audit.masked(pg_catalog.to_jsonb(t.%I), $2)', a.attname)
                        WHEN COALESCE(NULLIF(ty.typbasetype, 0), a.atttypid) < 16384 THEN pg_catalog.format('t.%I', a.attname)
                        ELSE pg_catalog.format('pg_catalog.to_jsonb(t.%I)', a.attname) END AS expr
              FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
             WHERE a.attrelid = relation AND a.attnum > 0 AND NOT a.attisdropped
               AND a.attname <> ALL (excluded)) c;
    shape_key := pg_catalog.md5(pg_catalog.concat_ws('/', relation, recorded_name, names::text, types::text));
    select_list := COALESCE(', ' || pg_catalog.array_to_string(exprs, ', '), '');

    SELECT s.shadow INTO tbl FROM audit.shapes s WHERE s.shape_key = shape_key;
    IF FOUND THEN
        RETURN;
    END IF;
    -- A new shape: one creator at a time (the others wait for its commit, then find it).
    PERFORM pg_catalog.pg_advisory_xact_lock('audit.shapes'::regclass::oid::integer,
                                            pg_catalog.hashtext(shape_key));
    SELECT s.shadow INTO tbl FROM audit.shapes s WHERE s.shape_key = shape_key;
    IF FOUND THEN
        RETURN;
    END IF;
    shadow := 'rows_' || pg_catalog.left(shape_key, 16);
    EXECUTE pg_catalog.format('CREATE TABLE audit.%I (statement_id bigint NOT NULL, id bigint NOT NULL, is_old boolean NOT NULL%s)',
                              shadow, COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format(', c%s %s', n, ty), '' ORDER BY n)
                                                  FROM pg_catalog.unnest(types) WITH ORDINALITY AS x(ty, n)), ''));
    tbl := pg_catalog.format('audit.%I', shadow)::regclass;
    -- A queue like audit.pending (versioned/0010): vacuumed soon after its rows are sealed.
    EXECUTE pg_catalog.format('ALTER TABLE %s SET (autovacuum_vacuum_scale_factor = 0, '
                              'autovacuum_vacuum_threshold = 1000)', tbl);
    -- Evidence like audit.pending: written by the pack's functions only (row-level
    -- security), read by the auditor, never truncated (policies/append_only.sql).
    PERFORM governance.owner_writes_only(tbl);
    PERFORM audit.guard_evidence(tbl, false);
    EXECUTE pg_catalog.format('GRANT SELECT ON %s TO governance_auditor, governance_admin', tbl);
    INSERT INTO audit.shapes (shadow, shape_key, relid, table_name, columns)
    VALUES (tbl, shape_key, relation, recorded_name, COALESCE(names, '{}'));
END
$$;

COMMENT ON FUNCTION audit.shadow_for(oid, text, text[], text[]) IS
    'Internal: the shadow table (created if new) for the rows of a statement of several rows, by row shape, and the select list that fills it';
