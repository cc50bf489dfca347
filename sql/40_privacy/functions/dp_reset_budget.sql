-- Zeroes what an actor has spent on a dataset: a new accounting period. Only privileged roles
-- may, and the event (with what had been spent) is recorded.
CREATE OR REPLACE FUNCTION privacy.reset_budget(actor text, dataset regclass)
RETURNS numeric
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    budget privacy.dp_budgets%ROWTYPE;
    spent  numeric;
BEGIN
    SELECT * INTO budget FROM privacy.dp_budgets b
     WHERE b.actor = reset_budget.actor AND b.dataset = reset_budget.dataset FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'no_data_found',
            MESSAGE = pg_catalog.format('privacy.reset_budget: actor %L has no privacy budget on %s', actor, dataset);
    END IF;
    spent := privacy.dp_ledger_spent(budget.ledger);
    PERFORM pg_catalog.setval(budget.ledger, 0, true);
    INSERT INTO privacy.dp_budget_events (actor, dataset, dataset_name, event, epsilon, spent_before, changed_by)
    VALUES (budget.actor, budget.dataset, budget.dataset::text, 'reset', budget.epsilon, spent, governance.current_actor());
    RETURN spent;
END
$$;

COMMENT ON FUNCTION privacy.reset_budget(text, regclass) IS
    'Starts a new accounting period for an actor on a dataset (spent goes back to 0); returns what had been spent';

GRANT EXECUTE ON FUNCTION privacy.reset_budget(text, regclass) TO governance_admin, governance_dpo;
