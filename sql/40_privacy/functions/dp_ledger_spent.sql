-- Epsilon spent on a budget: its ledger sequence's value in nano-epsilon. Reading the
-- sequence relation gives the latest value whatever the snapshot (sequences are not MVCC).
CREATE OR REPLACE FUNCTION privacy.dp_ledger_spent(ledger regclass)
RETURNS numeric
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    units bigint;
BEGIN
    EXECUTE pg_catalog.format('SELECT last_value FROM %s', ledger) INTO units;
    RETURN pg_catalog.trim_scale(units / 1e9);
END
$$;

COMMENT ON FUNCTION privacy.dp_ledger_spent(regclass) IS
    'Internal: epsilon spent on a budget, read from its rollback-proof ledger sequence';
