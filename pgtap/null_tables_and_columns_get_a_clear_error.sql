BEGIN;
SELECT plan(4);

-- A NULL table or column must be refused with the function's name, never reach dynamic
-- SQL (where a NULL regclass formats as nothing and leaves a broken statement).
SELECT throws_ok($$ SELECT access.disable_rls(NULL) $$, '22004', 'access.disable_rls: table is required',
                 'disable_rls refuses a NULL table');
SELECT throws_ok($$ SELECT governance.encryption_backlog(NULL, 'ssn') $$, '22004',
                 'governance.encryption_backlog: table and column are required', 'encryption_backlog refuses a NULL table');
SELECT throws_ok($$ SELECT governance.encryption_backlog('pg_catalog.pg_class', NULL) $$, '22004',
                 'governance.encryption_backlog: table and column are required', 'and a NULL column');
SELECT throws_ok($$ SELECT governance.column_context(NULL, NULL, '[1]') $$, '22004',
                 'governance.column_context: table and column are required', 'column_context refuses them too');

SELECT * FROM finish();
ROLLBACK;
