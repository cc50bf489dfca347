-- Regenerates the masked views that no longer match the catalog (all of them, or the one
-- of tbl). A view that cannot be regenerated (a view of the user's depends on a column
-- that changed, the table's owner is no longer trusted) is closed instead: its readers
-- lose SELECT on it, with a warning, until a refresh succeeds. A stale view must never go
-- on showing a newly classified column in clear. Returns how many views were regenerated.
CREATE OR REPLACE FUNCTION privacy.refresh_masked_views(tbl regclass DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    v record;
    done integer := 0;
    view_oid regclass;
    readers text;
BEGIN
    FOR v IN SELECT mv.table_name::text AS table_name, pg_catalog.format('%I.%I', mv.view_schema, mv.view_name) AS masked_view,
                    mv.table_name AS relid
               FROM privacy.masked_views mv
              WHERE (tbl IS NULL OR mv.table_name = tbl)
                AND EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = mv.table_name)
                AND (pg_catalog.to_regclass(pg_catalog.format('%I.%I', mv.view_schema, mv.view_name)) IS NULL
                     OR (privacy.masked_view_definition(mv.table_name)).definition IS DISTINCT FROM mv.definition) LOOP
        BEGIN
            PERFORM privacy.generate_masked_view(v.relid);
            done := done + 1;
        EXCEPTION WHEN OTHERS THEN
            view_oid := pg_catalog.to_regclass(v.masked_view);
            readers := (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(r.role_name), ', ')
                          FROM privacy.masked_readers r
                         WHERE r.table_name = v.relid AND EXISTS (SELECT 1 FROM pg_catalog.pg_roles x WHERE x.rolname = r.role_name));
            IF view_oid IS NOT NULL AND readers IS NOT NULL THEN
                EXECUTE pg_catalog.format('REVOKE ALL ON %s FROM %s', view_oid, readers);
            END IF;
            RAISE WARNING USING
                MESSAGE = pg_catalog.format('privacy.refresh_masked_views: %s could not be regenerated (%s); its readers '
                                            'lost access to it until it can be', v.masked_view, SQLERRM),
                HINT = pg_catalog.format('Fix the cause, then SELECT privacy.refresh_masked_views(%L);', v.table_name);
        END;
    END LOOP;
    RETURN done;
END
$$;

COMMENT ON FUNCTION privacy.refresh_masked_views(regclass) IS
    'Regenerates the stale or missing masked views (of one table, or all); one that cannot be is closed to its readers, with a warning';

GRANT EXECUTE ON FUNCTION privacy.refresh_masked_views(regclass) TO governance_admin, governance_dpo;
