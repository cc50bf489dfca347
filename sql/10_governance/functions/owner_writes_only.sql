-- The pack's tables are written only through its functions (docs/threat_model.md,
-- "Evidence and who can write it"). Those functions run with the rights of the pack's
-- owner, which row-level security exempts (no table of the pack FORCEs it); every other
-- role is subject to it. A table with row-level security on and a policy for SELECT only
-- shows a writer no row to update or delete and accepts no insert, whatever privileges
-- the writer holds: pg_write_all_data (which grants INSERT, UPDATE and DELETE on every
-- table) and a grant made by mistake alike. Readers keep what their SELECT grants give.
-- Superusers and BYPASSRLS roles are not stopped: the hash chain and a checkpoint kept
-- outside are what catch them (security.evidence_writable lists such roles).
--
-- A table that already has row-level security is left as its own file set it: the
-- secrets (no policy at all: nobody but the owner reads them) and tables with their own
-- SELECT policies (privacy.dp_releases).
--
-- A view that PostgreSQL can write through on its own (a simple view of one table)
-- writes into its table with the view owner's rights, which row security exempts: it
-- gets an INSTEAD OF trigger that refuses every write (governance.refuse_change).
CREATE OR REPLACE FUNCTION governance.owner_writes_only(tbl regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = tbl) = 'v' THEN
        IF pg_catalog.pg_relation_is_updatable(tbl, false) <> 0
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t WHERE t.tgrelid = tbl AND t.tgname = 'owner_writes_only') THEN
            EXECUTE pg_catalog.format('CREATE TRIGGER owner_writes_only INSTEAD OF INSERT OR UPDATE OR DELETE ON %s '
                                      'FOR EACH ROW EXECUTE FUNCTION governance.refuse_change(%L, %L)', tbl,
                                      'written only through pg-governance''s functions',
                                      'Call the function that records it (docs/threat_model.md#evidence-and-who-can-write-it).');
        END IF;
    ELSIF NOT (SELECT c.relrowsecurity FROM pg_catalog.pg_class c WHERE c.oid = tbl) THEN
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = tbl) THEN
            EXECUTE pg_catalog.format('CREATE POLICY select_only ON %s FOR SELECT USING (true)', tbl);
        END IF;
    END IF;
END
$$;

-- Every table and view of the pack, partitions included (a partition has row security of
-- its own: a writer naming it directly bypasses its parent's). The installer calls this
-- at the end of every run, so a table or view added by any release is covered (a view
-- replaced by CREATE OR REPLACE keeps its trigger); audit.add_partitions covers the
-- partitions it creates between releases.
CREATE OR REPLACE FUNCTION governance.owner_writes_only()
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tbl     regclass;
    guarded integer := 0;
BEGIN
    FOR tbl IN SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (governance.pack_schemas())
                  AND (c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
                       OR c.relkind = 'v' AND pg_catalog.pg_relation_is_updatable(c.oid, false) <> 0
                          AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                                           WHERE t.tgrelid = c.oid AND t.tgname = 'owner_writes_only'))
                ORDER BY c.oid LOOP
        PERFORM governance.owner_writes_only(tbl);
        guarded := guarded + 1;
    END LOOP;
    RETURN guarded;
END
$$;

COMMENT ON FUNCTION governance.owner_writes_only(regclass) IS
    'Internal: lets only the pack''s owner (its functions) write a table (row-level security) or through a view (a refusing trigger); readers keep reading';
COMMENT ON FUNCTION governance.owner_writes_only() IS
    'Internal: governance.owner_writes_only on every table and view of the pack not yet guarded; returns how many';
