-- Sealing, part one. Called by every writer of audit rows before it writes them: NULL if
-- this transaction already has an open link, else a fresh id below every id the writer
-- is about to draw (the floor of a new link). See audit.open_link and audit.link_pending.
CREATE OR REPLACE FUNCTION audit.link_floor(tx bigint)
RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
    SELECT CASE WHEN pg_catalog.current_setting('audit.open_link', true) IS NOT DISTINCT FROM tx::text
                THEN NULL ELSE pg_catalog.nextval('audit.ids') END
$$;

COMMENT ON FUNCTION audit.link_floor(bigint) IS 'Internal: starts a chain link for the transaction unless one is open';
