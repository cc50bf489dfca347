-- Epsilon of the committed releases charged to a budget since its last reset: what a
-- rewound ledger sequence can never hide (see privacy.dp_ledger_spent). A reset and a
-- charge both lock the budget row, so a release is dated before or after the reset that
-- ends its period, never across it. One descent of dp_releases_actor_dataset_idx.
CREATE OR REPLACE FUNCTION privacy.dp_committed_spent(ledger regclass)
RETURNS numeric
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE(pg_catalog.sum(r.epsilon), 0)
      FROM privacy.dp_budgets b
      JOIN privacy.dp_releases r ON r.actor = b.actor AND r.dataset = b.dataset
     WHERE b.ledger = dp_committed_spent.ledger
       AND r.released_at > COALESCE((SELECT pg_catalog.max(e.occurred_at) FROM privacy.dp_budget_events e
                                      WHERE e.actor = b.actor AND e.dataset = b.dataset AND e.event = 'reset'),
                                    '-infinity')
$$;

COMMENT ON FUNCTION privacy.dp_committed_spent(regclass) IS
    'Internal: epsilon of the committed releases charged to a budget since its last reset (the floor of its ledger)';
