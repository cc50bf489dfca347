-- Trigger function: refuses a write through a view of the pack. PostgreSQL writes
-- through a simple (auto-updatable) view into its table with the view owner's rights,
-- row-level security included: the owner's, which it exempts. A role that may write every
-- view (pg_write_all_data) would thus reach the table past its row security.
-- governance.owner_writes_only puts this INSTEAD OF trigger on every such view.
CREATE OR REPLACE FUNCTION governance.refuse_view_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%s through %I.%I is refused: pg-governance''s records are written only through its functions',
                                    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
        HINT = 'Call the function that records it (docs/threat_model.md#evidence-and-who-can-write-it).';
END
$$;

COMMENT ON FUNCTION governance.refuse_view_write() IS
    'internal: INSTEAD OF trigger refusing writes through the pack''s auto-updatable views';
