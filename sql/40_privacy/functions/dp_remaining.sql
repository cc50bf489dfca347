CREATE OR REPLACE FUNCTION privacy.dp_remaining(dataset regclass)
RETURNS numeric
LANGUAGE sql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT b.epsilon - privacy.dp_ledger_spent(b.ledger)
      FROM privacy.dp_budgets b
     WHERE b.actor = governance.current_actor() AND b.dataset = dp_remaining.dataset
$$;

COMMENT ON FUNCTION privacy.dp_remaining(regclass) IS
    'Epsilon the current actor may still spend on a dataset (NULL when there is no budget)';

GRANT EXECUTE ON FUNCTION privacy.dp_remaining(regclass) TO governance_admin, governance_app;
