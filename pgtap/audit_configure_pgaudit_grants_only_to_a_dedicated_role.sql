BEGIN;
SELECT plan(8);

-- configure_pgaudit runs with its owner's rights and grants SELECT on every classified
-- table to the audit role: that role must be one nobody can use to read those tables.
CREATE TABLE public."Pgaudit Notes" (id int PRIMARY KEY, diagnosis text);
SELECT governance.classify('public."Pgaudit Notes"', 'diagnosis', 'health', 'restricted');
SELECT tests.create_user('pgaudit_eve', 'governance_admin');
CREATE ROLE pgaudit_group NOLOGIN;
SELECT tests.create_user('pgaudit_member', 'pgaudit_group');
CREATE ROLE pgaudit_bypass NOLOGIN BYPASSRLS;

SET LOCAL ROLE pgaudit_eve;
SELECT throws_ok($$ SELECT audit.configure_pgaudit('pgaudit_eve') $$, '42501',
                 'audit.configure_pgaudit: role pgaudit_eve can log in, has members or special attributes; the audit role must be a dedicated NOLOGIN role',
                 'an administrator cannot name itself (a login role) as the audit role');
SELECT throws_ok($$ SELECT audit.configure_pgaudit('governance_admin') $$, '42501', NULL,
                 'nor a role that has members');
SELECT throws_ok($$ SELECT audit.configure_pgaudit('pgaudit_group') $$, '42501', NULL,
                 'nor any other role with members');
SELECT throws_ok($$ SELECT audit.configure_pgaudit('pgaudit_bypass') $$, '42501', NULL,
                 'nor a role with special attributes');
RESET ROLE;
SELECT ok(NOT has_table_privilege('pgaudit_eve', 'public."Pgaudit Notes"', 'SELECT')
          AND NOT has_table_privilege('pgaudit_member', 'public."Pgaudit Notes"', 'SELECT'),
          'the refused calls granted nothing');

SET LOCAL ROLE pgaudit_eve;
SELECT lives_ok($$ SELECT audit.configure_pgaudit('pgaudit_dedicated') $$,
                'a dedicated role (created when pgaudit is loaded) is accepted');
RESET ROLE;

-- Nor can a classification put the system catalogs in reach of the audit role.
SELECT throws_ok($$ SELECT governance.classify('pg_catalog.pg_authid', 'rolpassword', 'credentials') $$, '42501',
                 'governance.classify: pg_authid is a system catalog, not application data',
                 'system catalogs cannot be classified');
SELECT throws_ok($$ SELECT governance.classify('information_schema.sql_features', 'feature_name', 'free_text') $$, '42501', NULL,
                 'nor the information schema');

SELECT * FROM finish();
ROLLBACK;
