CREATE OR REPLACE FUNCTION privacy.set_budget(actor text, dataset regclass, epsilon float8)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    budget privacy.dp_budgets%ROWTYPE;
    ledger regclass;
    new_id bigint;
BEGIN
    IF actor IS NULL OR actor = '' OR dataset IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'privacy.set_budget: actor and dataset are required';
    END IF;
    -- The cap keeps the ledger (nano-epsilon in a bigint) far from overflow; an epsilon
    -- anywhere near it protects nothing anyway.
    IF epsilon IS NULL OR NOT (epsilon BETWEEN 0 AND 1e9) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('privacy.set_budget: epsilon must be between 0 and 1e9, got %s', epsilon);
    END IF;

    -- Checked again by every DP query (the dataset may change after this).
    PERFORM governance.require_trusted_relations('privacy.set_budget', dataset);

    SELECT * INTO budget FROM privacy.dp_budgets b
     WHERE b.actor = set_budget.actor AND b.dataset = set_budget.dataset FOR UPDATE;
    IF FOUND THEN
        UPDATE privacy.dp_budgets b SET epsilon = set_budget.epsilon::numeric,
               set_by = governance.current_actor(), set_at = pg_catalog.now()
         WHERE b.id = budget.id;
        ledger := budget.ledger;
    ELSE
        -- The ledger is named by the new budget's id, never by the actor, so no input reaches the DDL.
        new_id := pg_catalog.nextval(pg_catalog.pg_get_serial_sequence('privacy.dp_budgets', 'id')::regclass);
        EXECUTE pg_catalog.format('CREATE SEQUENCE privacy.%I AS bigint MINVALUE 0 START 0', 'dp_ledger_' || new_id);
        ledger := ('privacy.dp_ledger_' || new_id)::regclass;
        INSERT INTO privacy.dp_budgets (id, actor, dataset, epsilon, ledger, set_by) OVERRIDING SYSTEM VALUE
        VALUES (new_id, set_budget.actor, set_budget.dataset, set_budget.epsilon::numeric, ledger, governance.current_actor());
    END IF;

    INSERT INTO privacy.dp_budget_events (actor, dataset, dataset_name, event, epsilon, spent_before, changed_by)
    VALUES (set_budget.actor, set_budget.dataset, set_budget.dataset::text, 'set', set_budget.epsilon::numeric,
            privacy.dp_ledger_spent(ledger), governance.current_actor());
END
$$;

COMMENT ON FUNCTION privacy.set_budget(text, regclass, float8) IS
    'Sets the total epsilon an actor may spend on a dataset (what was already spent stays spent; see privacy.reset_budget)';

GRANT EXECUTE ON FUNCTION privacy.set_budget(text, regclass, float8) TO governance_admin, governance_dpo;
