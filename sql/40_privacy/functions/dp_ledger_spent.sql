-- Epsilon spent on a budget. Its ledger sequence holds every charge, those of transactions
-- rolled back after reading their answer included (sequences ignore ROLLBACK); reading
-- the sequence relation gives the latest value whatever the snapshot.
--
-- A sequence is not evidence only the pack writes: PostgreSQL grants pg_write_all_data
-- UPDATE on every sequence, so its members may setval a ledger back to 0. The committed
-- releases since the budget's last reset (privacy.dp_releases, which only the pack's
-- functions write) are therefore a floor the ledger cannot be rewound below: a rewind
-- returns at most the epsilon of answers whose transactions rolled back, and
-- the check security.dp_ledger_rewound reports it (docs/threat_model.md).
CREATE OR REPLACE FUNCTION privacy.dp_ledger_spent(ledger regclass)
RETURNS numeric
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    units bigint;
BEGIN
    EXECUTE pg_catalog.format('SELECT last_value FROM %s', ledger) INTO units;
    RETURN GREATEST(pg_catalog.trim_scale(units / 1e9), privacy.dp_committed_spent(ledger));
END
$$;

COMMENT ON FUNCTION privacy.dp_ledger_spent(regclass) IS
    'Internal: epsilon spent on a budget: its rollback-proof ledger sequence, never below the committed releases since the last reset';
