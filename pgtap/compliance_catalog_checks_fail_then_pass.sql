-- Checks that need only the data catalog: each fails on purpose, then passes after its
-- remedy. Hostile identifiers throughout.
BEGIN;
SELECT plan(20);

-- Nothing classified: a warning that says to classify first, not a vacuous pass.
SELECT is(tests.check_status('gdpr.catalog_empty'), 'warn', 'an empty catalog is a warning');

CREATE SCHEMA "Clinic ""A""";
CREATE TABLE "Clinic ""A"""."Patient Records" (id int PRIMARY KEY, "E-mail" text, diagnosis text, tenant_id text);
SELECT governance.classify('"Clinic ""A"""."Patient Records"', 'E-mail', 'contact');
SELECT is(tests.check_status('gdpr.catalog_empty'), 'pass', 'classifying a column passes');

-- Readable by PUBLIC: needs SELECT on the table and USAGE on the schema.
GRANT SELECT ON "Clinic ""A"""."Patient Records" TO PUBLIC;
SELECT is(tests.check_status('gdpr.personal_data_public'), 'pass', 'SELECT for PUBLIC without schema USAGE is not readable');
GRANT USAGE ON SCHEMA "Clinic ""A""" TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.personal_data_public') $$,
    $$ VALUES ('fail', '[{"table_name": "\"Clinic \"\"A\"\"\".\"Patient Records\"", "column_name": "E-mail", "category": "contact", "sensitivity": "confidential"}]'::jsonb) $$,
    'personal data readable by PUBLIC fails, naming table and column');
REVOKE SELECT ON "Clinic ""A"""."Patient Records" FROM PUBLIC;
GRANT SELECT ("E-mail") ON "Clinic ""A"""."Patient Records" TO PUBLIC;
SELECT is(tests.check_status('gdpr.personal_data_public'), 'fail', 'a column-level grant to PUBLIC fails too');
REVOKE SELECT ("E-mail") ON "Clinic ""A"""."Patient Records" FROM PUBLIC;
SELECT is(tests.check_status('gdpr.personal_data_public'), 'pass', 'revoking it passes');

-- A view reads with its owner's rights: a PUBLIC view over the table exposes it.
CREATE VIEW "Clinic ""A"""."Contact ""List""" AS SELECT id, "E-mail" FROM "Clinic ""A"""."Patient Records";
GRANT SELECT ON "Clinic ""A"""."Contact ""List""" TO PUBLIC;
SELECT results_eq($$ SELECT status, evidence -> 0 ->> 'view_name', evidence -> 0 ->> 'column_name' FROM tests.check_result('gdpr.views_expose_personal_data') $$,
    $$ VALUES ('fail', '"Clinic ""A"""."Contact ""List"""', 'E-mail') $$,
    'a PUBLIC-readable view selecting a classified column fails');
-- security_invoker is 15+: before it every view reads with its owner's rights.
SELECT tests.execute_if(tests.version_at_least(15), $$ ALTER VIEW "Clinic ""A"""."Contact ""List""" SET (security_invoker = on) $$);
SELECT is(tests.check_status('gdpr.views_expose_personal_data'), CASE WHEN tests.version_at_least(15) THEN 'pass' ELSE 'fail' END,
          'security_invoker views pass (15+; before 15 the view still fails)');
SELECT tests.execute_if(tests.version_at_least(15), $$ ALTER VIEW "Clinic ""A"""."Contact ""List""" RESET (security_invoker) $$);
REVOKE SELECT ON "Clinic ""A"""."Contact ""List""" FROM PUBLIC;
SELECT is(tests.check_status('gdpr.views_expose_personal_data'), 'pass', 'revoking SELECT on the view passes');
DROP VIEW "Clinic ""A"""."Contact ""List""";

-- PHI.
SELECT governance.classify('"Clinic ""A"""."Patient Records"', 'diagnosis', 'health', 'internal');
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('gdpr.special_category_sensitivity') $$,
    $$ VALUES ('fail', '[{"table_name": "\"Clinic \"\"A\"\"\".\"Patient Records\"", "column_name": "diagnosis", "category": "health", "sensitivity": "internal"}]'::jsonb) $$,
    'health data classified internal fails');
SELECT governance.classify('"Clinic ""A"""."Patient Records"', 'diagnosis', 'health', 'restricted');
SELECT is(tests.check_status('gdpr.special_category_sensitivity'), 'pass', 'reclassifying it restricted passes');

GRANT SELECT ON "Clinic ""A"""."Patient Records" TO PUBLIC;
SELECT is((SELECT evidence FROM tests.check_result('hipaa.phi_public')),
          '[{"table_name": "\"Clinic \"\"A\"\"\".\"Patient Records\"", "column_name": "diagnosis"}]'::jsonb,
          'PHI readable by PUBLIC fails, listing only the health column');
REVOKE ALL ON "Clinic ""A"""."Patient Records" FROM PUBLIC;
SELECT is(tests.check_status('hipaa.phi_public'), 'pass', 'revoking it passes');

SELECT is(tests.check_status('hipaa.phi_without_rls'), 'fail', 'a PHI table without RLS fails');
ALTER TABLE "Clinic ""A"""."Patient Records" ENABLE ROW LEVEL SECURITY;
CREATE POLICY by_tenant ON "Clinic ""A"""."Patient Records" USING (tenant_id = (SELECT governance.current_tenant()));
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('hipaa.phi_without_rls') $$,
    $$ VALUES ('fail', '[{"table_name": "\"Clinic \"\"A\"\"\".\"Patient Records\"", "rls_enabled": true, "rls_forced": false, "policies": 1}]'::jsonb) $$,
    'RLS enabled but not forced still fails: the owner bypasses it');
ALTER TABLE "Clinic ""A"""."Patient Records" FORCE ROW LEVEL SECURITY;
SELECT is(tests.check_status('hipaa.phi_without_rls'), 'pass', 'enabled, forced, with a policy passes');

-- SOC 2: any table with a tenant_id column, classified or not.
CREATE TABLE "Clinic ""A""".invoices (id int, tenant_id text);
SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('soc2.tenant_tables_without_rls') $$,
    $$ VALUES ('fail', '[{"table_name": "\"Clinic \"\"A\"\"\".invoices", "rls_enabled": false, "rls_forced": false}]'::jsonb) $$,
    'a multi-tenant table without RLS fails');
ALTER TABLE "Clinic ""A""".invoices ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
CREATE POLICY by_tenant ON "Clinic ""A""".invoices USING (tenant_id = (SELECT governance.current_tenant()));
SELECT is(tests.check_status('soc2.tenant_tables_without_rls'), 'pass', 'tenant isolation passes');

-- The catalog must follow the schema.
ALTER TABLE "Clinic ""A"""."Patient Records" DROP COLUMN "E-mail";
SELECT results_eq($$ SELECT status, evidence -> 0 ->> 'column_name' FROM tests.check_result('gdpr.stale_classifications') $$,
    $$ VALUES ('warn', 'E-mail') $$, 'a classification of a dropped column is flagged');
SELECT governance.unclassify('"Clinic ""A"""."Patient Records"', 'E-mail');
SELECT is(tests.check_status('gdpr.stale_classifications'), 'pass', 'unclassifying it passes');

SELECT * FROM finish();
ROLLBACK;
