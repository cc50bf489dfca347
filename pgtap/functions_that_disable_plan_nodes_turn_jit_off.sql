BEGIN;
SELECT plan(2);

-- A function that disables a plan node (SET enable_nestloop = off, ...) makes the planner
-- cost that node at 1e10, far above jit_above_cost: unless it also turns JIT off, each of
-- its statements is compiled at every call (audit.materialize took 600 ms a call so).
SELECT ok(EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                   WHERE p.pronamespace::regnamespace::text = ANY (governance.pack_schemas())
                     AND EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'enable\_%=off')),
          'the premise: some functions of the pack disable a plan node');
SELECT is_empty($$
    SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
     WHERE p.pronamespace::regnamespace::text = ANY (governance.pack_schemas())
       AND EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) c WHERE c LIKE 'enable\_%=off')
       AND NOT ('jit=off' = ANY (p.proconfig)) $$,
    'every function that disables a plan node turns JIT off');

SELECT * FROM finish();
ROLLBACK;
