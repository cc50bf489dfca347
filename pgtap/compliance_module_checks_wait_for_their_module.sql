-- Checks that read another module are not_applicable until it is installed, then run.
-- Audit and encryption are detected from the catalog (audit triggers, bytea columns), so
-- a minimal stand-in of audit.enable / governance.encrypt is created when the real module
-- is absent; with the module installed the real functions are used.
BEGIN;
SELECT plan(10);

CREATE TABLE public."Ward ""B""" (id int PRIMARY KEY, name text, diagnosis text, notes bytea);
SELECT governance.classify('public."Ward ""B"""', 'name', 'direct_identifier');
SELECT governance.classify('public."Ward ""B"""', 'diagnosis', 'health', 'restricted');
SELECT governance.classify('public."Ward ""B"""', 'notes', 'health', 'restricted');

SELECT is(tests.check_status('hipaa.phi_without_audit'),
          CASE WHEN to_regprocedure('audit.enable(regclass)') IS NULL THEN 'not_applicable' ELSE 'fail' END,
          'the PHI audit check is not_applicable without the audit module (fails with it: the table is not audited)');
SELECT ok((SELECT COALESCE(bool_and(r.status = 'not_applicable' AND r.evidence ? 'missing'), true)
             FROM compliance.checks k, compliance.run_check(k) r
            WHERE k.id IN ('gdpr.overdue_requests', 'gdpr.erasure_overdue', 'ccpa.overdue_requests',
                           'gdpr.purposes_without_policy_version', 'gdpr.consents_without_policy_version',
                           'hipaa.phi_reads_without_reason', 'hipaa.break_glass_unreviewed',
                           'hipaa.incidents_past_deadline', 'soc2.audit_chain_broken')
              AND EXISTS (SELECT FROM unnest(k.requires_relations) x WHERE to_regclass(x) IS NULL
                          UNION ALL SELECT FROM unnest(k.requires_functions) f WHERE to_regprocedure(f) IS NULL)),
          'privacy and audit-chain checks whose objects are absent are not_applicable and name what is missing');

DO $standin$
BEGIN
    IF pg_catalog.to_regprocedure('audit.enable(regclass)') IS NULL THEN
        CREATE SCHEMA IF NOT EXISTS audit;
        CREATE FUNCTION audit.capture() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END';
        CREATE FUNCTION audit.enable(tbl regclass) RETURNS void LANGUAGE plpgsql AS $fn$
        BEGIN
            EXECUTE pg_catalog.format('CREATE TRIGGER audit_changes AFTER INSERT OR UPDATE OR DELETE ON %s
                                       FOR EACH ROW EXECUTE FUNCTION audit.capture()', tbl);
        END $fn$;
    END IF;
    IF pg_catalog.to_regprocedure('governance.encrypt(text,text)') IS NULL THEN
        CREATE FUNCTION governance.encrypt(plaintext text, key_name text) RETURNS bytea
            LANGUAGE sql AS 'SELECT NULL::bytea';
    END IF;
END
$standin$;

SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('hipaa.phi_without_audit') $$,
    $$ VALUES ('fail', '[{"table_name": "public.\"Ward \"\"B\"\"\""}]'::jsonb) $$,
    'with the audit module, a PHI table without audit triggers fails');
SELECT is(tests.check_status('gdpr.identifiers_without_audit'), 'fail', 'so does a table with direct identifiers');
SELECT audit.enable('public."Ward ""B"""');
SELECT is(tests.check_status('hipaa.phi_without_audit'), 'pass', 'audit.enable passes the PHI check');
SELECT is(tests.check_status('gdpr.identifiers_without_audit'), 'pass', 'and the identifiers check');

SELECT results_eq($$ SELECT status, evidence FROM tests.check_result('hipaa.phi_unencrypted') $$,
    $$ VALUES ('fail', '[{"table_name": "public.\"Ward \"\"B\"\"\"", "column_name": "diagnosis", "data_type": "text"}]'::jsonb) $$,
    'a restricted health column stored as text fails; the bytea one does not');
ALTER TABLE public."Ward ""B""" ALTER COLUMN diagnosis TYPE bytea USING convert_to(diagnosis, 'UTF8');
SELECT is(tests.check_status('hipaa.phi_unencrypted'), 'pass', 'once encrypted (bytea) it passes');

CREATE TABLE public.cards (id int, pan text);
SELECT governance.classify('public.cards', 'pan', 'financial', 'restricted');
SELECT is(tests.check_status('ccpa.unencrypted_personal_information'), 'fail', 'restricted financial data in clear fails');
ALTER TABLE public.cards ALTER COLUMN pan TYPE bytea USING convert_to(pan, 'UTF8');
SELECT is(tests.check_status('ccpa.unencrypted_personal_information'), 'pass', 'and passes once encrypted');

SELECT * FROM finish();
ROLLBACK;
