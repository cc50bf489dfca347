BEGIN;
SELECT plan(2);

-- The definer functions fire the triggers and evaluate the policies of the application
-- tables they touch with their owner's rights: a superuser or BYPASSRLS owner is a risk
-- the compliance report names. This test suite installs as the bootstrap superuser.
SELECT results_eq($$ SELECT status, evidence->0->>'owner', (evidence->0->>'superuser')::boolean
                       FROM tests.check_result('security.governance_owner_privileged') $$,
                  $$ VALUES ('warn'::text, current_user::text COLLATE "default", true) $$,
                  'a pack owned by a superuser is flagged with its owner');

CREATE ROLE "pack owner" NOLOGIN;
DO $$
DECLARE f regprocedure;
BEGIN
    FOR f IN SELECT p.oid FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE p.prosecdef AND n.nspname IN ('governance', 'audit', 'access', 'privacy', 'lineage', 'compliance') LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO "pack owner"', f);
    END LOOP;
END
$$;
SELECT is(tests.check_status('security.governance_owner_privileged'), 'pass', 'an ordinary owner passes');

SELECT * FROM finish();
ROLLBACK;
