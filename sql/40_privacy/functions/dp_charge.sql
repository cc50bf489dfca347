-- Charges epsilon to the current actor's budget on a dataset, before any data is read and
-- after every other check (a charge cannot be undone, so nothing may fail after it).
-- The budget row is locked (FOR UPDATE) until the transaction ends, so concurrent queries of
-- one analyst on one dataset queue here and cannot both pass the check. The spend goes to the
-- budget's ledger sequence, which ROLLBACK does not undo: a charge is final even if the
-- caller rolls back after reading the answer. A refused query raises before charging.
CREATE OR REPLACE FUNCTION privacy.dp_charge(caller text, dataset regclass, epsilon float8)
RETURNS numeric
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who    text := governance.current_actor();
    cost   numeric;
    budget privacy.dp_budgets%ROWTYPE;
    spent  numeric;
BEGIN
    IF epsilon IS NULL OR NOT (epsilon > 0) OR epsilon = 'Infinity'::float8 OR epsilon = 'NaN'::float8 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: epsilon must be a positive finite number, got %s', caller, epsilon);
    END IF;
    -- The mechanisms use this exact decimal value; the ledger counts whole nano-epsilons,
    -- rounding the charge up.
    cost := epsilon::numeric;

    SELECT * INTO budget FROM privacy.dp_budgets b
     WHERE b.actor = who AND b.dataset = dp_charge.dataset
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: actor %L has no privacy budget on %s', caller, who, dataset),
            HINT = 'A governance_admin or governance_dpo grants one with privacy.set_budget(actor, dataset, epsilon).';
    END IF;
    spent := privacy.dp_ledger_spent(budget.ledger);
    IF spent + pg_catalog.ceil(cost * 1e9) / 1e9 > budget.epsilon THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: privacy budget exceeded for actor %L on %s: this query costs epsilon %s, %s of %s remains',
                                        caller, who, dataset, cost, budget.epsilon - spent, budget.epsilon),
            HINT = 'Ask for a smaller epsilon, or ask a governance_admin or governance_dpo to raise or reset the budget.';
    END IF;

    PERFORM pg_catalog.setval(budget.ledger, (spent * 1e9 + pg_catalog.ceil(cost * 1e9))::bigint, true);
    RETURN cost;
END
$$;

COMMENT ON FUNCTION privacy.dp_charge(text, regclass, float8) IS
    'Internal: locks and charges the current actor''s budget on a dataset (irrevocably), refusing an overspend';
