BEGIN;
SELECT plan(4);

-- PostgreSQL 17 runs maintenance (ANALYZE, REINDEX, CLUSTER, VACUUM) with search_path
-- pg_catalog, pg_temp, as the table's owner, and lets MAINTAIN (pg_maintain) holders run
-- it. Every expression maintenance evaluates on the pack's tables (index expressions and
-- predicates) must therefore resolve without a search_path, and MAINTAIN must give no
-- access to the rows.
-- The search_path that 17 imposes, imposed here on every major.
CREATE FUNCTION pg_temp.maintain_every_pack_table(command text, kinds "char"[]) RETURNS void LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    tbl regclass;
BEGIN
    FOR tbl IN SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ANY (governance.pack_schemas()) AND c.relkind = ANY (kinds) LOOP
        EXECUTE pg_catalog.format('%s %s', command, tbl);
    END LOOP;
END
$$;
SELECT lives_ok($$ SELECT pg_temp.maintain_every_pack_table('ANALYZE', '{r,p}') $$,
                'every pack table analyzes with the safe search_path');
SELECT lives_ok($$ SELECT pg_temp.maintain_every_pack_table('REINDEX TABLE', '{r}') $$,
                'and reindexes with it (index expressions and predicates are schema-qualified; partitions one by one)');

SELECT tests.create_user('maintenance_only');
GRANT USAGE ON SCHEMA audit TO maintenance_only;  -- names the tables, nothing more
SELECT tests.execute_if(tests.version_at_least(17), 'GRANT pg_maintain TO maintenance_only');
SET LOCAL ROLE maintenance_only;
SELECT CASE WHEN tests.version_at_least(17)
            THEN lives_ok($$ ANALYZE audit.events $$, 'pg_maintain may analyze a pack table (17+)')
            ELSE throws_ok($$ LOCK TABLE audit.events IN ACCESS SHARE MODE $$, '42501', NULL,
                           'before 17 there is no MAINTAIN: the role may not even lock a pack table') END;
SELECT throws_ok($$ SELECT count(*) FROM audit.events $$, '42501', NULL, 'but not read its rows');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
