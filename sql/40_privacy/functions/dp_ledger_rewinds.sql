-- Budgets whose ledger sequence stands below the epsilon of their committed releases since
-- the last reset: someone moved it back with setval (members of pg_write_all_data may
-- setval any sequence). The charges never go below that floor (privacy.dp_ledger_spent),
-- but the rewind may have returned the epsilon of answers whose transactions rolled back,
-- and it is evidence of an attempt. A definer function: the auditor holds no privilege on
-- the ledger sequences. Read by the check security.dp_ledger_rewound.
CREATE OR REPLACE FUNCTION privacy.dp_ledger_rewinds()
RETURNS TABLE (actor text, dataset text, ledger text, ledger_spent numeric, committed_spent numeric)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    budget privacy.dp_budgets%ROWTYPE;
    units  bigint;
BEGIN
    FOR budget IN SELECT * FROM privacy.dp_budgets b ORDER BY b.id LOOP
        EXECUTE pg_catalog.format('SELECT last_value FROM %s', budget.ledger) INTO units;
        actor := budget.actor; dataset := budget.dataset::text; ledger := budget.ledger::text;
        ledger_spent := pg_catalog.trim_scale(units / 1e9);
        committed_spent := privacy.dp_committed_spent(budget.ledger);
        IF ledger_spent < committed_spent THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.dp_ledger_rewinds() IS
    'Privacy budgets whose ledger sequence was moved back below their committed releases (setval by a writer of every sequence)';

GRANT EXECUTE ON FUNCTION privacy.dp_ledger_rewinds() TO governance_admin, governance_dpo, governance_auditor;
