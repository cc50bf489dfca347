-- The checks of modules built elsewhere read the column names of ../shared/DESIGN.md.
-- Here their queries run against stand-in relations with those names (in a scratch
-- schema, so the test means the same before and after the modules are installed): each
-- finds the offending row, and nothing once it is remedied.
BEGIN;
SELECT plan(20);

CREATE SCHEMA standin;
CREATE TABLE standin.overdue_requests (id int, regulation text, request_type text, due_at timestamptz);
CREATE TABLE standin.purposes (name text, policy_version text);
CREATE TABLE standin.consent_records (subject_key text, purpose text, granted boolean, policy_version text);
CREATE TABLE standin.phi_access_log (id int, actor text, reason text);
CREATE TABLE standin.break_glass_accesses (id int, reason text, reviewed_at timestamptz);
CREATE TABLE standin.open_incidents (id int, notification_deadline timestamptz);
CREATE TABLE standin.events (actor text, occurred_at timestamptz, event_type text, action text, success boolean);
CREATE TABLE standin.changes (actor text, occurred_at timestamptz, table_name text);
CREATE TABLE standin.chain_breaks (id bigint);
CREATE FUNCTION standin.verify_chain(since timestamptz DEFAULT NULL) RETURNS SETOF standin.chain_breaks
    LANGUAGE sql AS 'SELECT * FROM standin.chain_breaks';

-- A check's query with the module schemas pointed at the stand-ins.
CREATE FUNCTION pg_temp.findings(check_id text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    found jsonb;
BEGIN
    EXECUTE pg_catalog.format('SELECT coalesce(jsonb_agg(to_jsonb(e)), ''[]'') FROM (%s) e',
        (SELECT replace(replace(k.query, 'privacy.', 'standin.'), 'audit.', 'standin.')
           FROM compliance.checks k WHERE k.id = check_id))
      INTO found;
    RETURN found;
END $$;

INSERT INTO standin.overdue_requests VALUES (1, 'gdpr', 'access', now() - interval '1 day'),
                                            (2, 'ccpa', 'erasure', now() - interval '1 day');
SELECT is(pg_temp.findings('gdpr.overdue_requests') -> 0 -> 'request' ->> 'id', '1', 'an overdue GDPR request is found');
SELECT is(jsonb_array_length(pg_temp.findings('gdpr.erasure_overdue')), 1, 'an overdue erasure is found, whatever the regulation');
SELECT is(pg_temp.findings('ccpa.overdue_requests') -> 0 -> 'request' ->> 'id', '2', 'an overdue CCPA request is found');
DELETE FROM standin.overdue_requests;
SELECT is(pg_temp.findings('gdpr.overdue_requests') || pg_temp.findings('ccpa.overdue_requests')
          || pg_temp.findings('gdpr.erasure_overdue'), '[]'::jsonb, 'processed requests leave no finding');

INSERT INTO standin.purposes VALUES ('marketing', NULL), ('billing', '2024-01');
SELECT is(pg_temp.findings('gdpr.purposes_without_policy_version'), '[{"purpose": "marketing"}]', 'a purpose without policy version');
UPDATE standin.purposes SET policy_version = '2024-02' WHERE name = 'marketing';
SELECT is(pg_temp.findings('gdpr.purposes_without_policy_version'), '[]', 'registering it with a version passes');

INSERT INTO standin.consent_records VALUES ('c-1', 'marketing', true, ' '), ('c-2', 'marketing', false, NULL);
SELECT is(pg_temp.findings('gdpr.consents_without_policy_version'), '[{"subject_key": "c-1", "purpose": "marketing"}]',
          'a granted consent without policy version (a refusal does not need one)');
UPDATE standin.consent_records SET policy_version = '2024-02' WHERE subject_key = 'c-1';
SELECT is(pg_temp.findings('gdpr.consents_without_policy_version'), '[]', 'recording the version passes');

INSERT INTO standin.phi_access_log VALUES (1, 'dr who', ''), (2, 'dr no', 'emergency');
INSERT INTO standin.break_glass_accesses VALUES (2, 'emergency', NULL);
SELECT is(pg_temp.findings('hipaa.phi_reads_without_reason') -> 0 -> 'access' ->> 'id', '1', 'a PHI read without reason');
SELECT is(pg_temp.findings('hipaa.break_glass_unreviewed') -> 0 -> 'access' ->> 'id', '2', 'an unreviewed break-glass read');
UPDATE standin.phi_access_log SET reason = 'treatment';
UPDATE standin.break_glass_accesses SET reviewed_at = now();
SELECT is(pg_temp.findings('hipaa.phi_reads_without_reason') || pg_temp.findings('hipaa.break_glass_unreviewed'),
          '[]'::jsonb, 'reasons and reviews pass');

INSERT INTO standin.open_incidents VALUES (7, now() - interval '1 hour'), (8, now() + interval '10 days');
SELECT is(pg_temp.findings('hipaa.incidents_past_deadline') -> 0 -> 'incident' ->> 'id', '7', 'an incident past its deadline');
DELETE FROM standin.open_incidents WHERE id = 7;
SELECT is(pg_temp.findings('hipaa.incidents_past_deadline'), '[]', 'closing it passes; one within its deadline is fine');

INSERT INTO standin.events SELECT 'mallory', now() - interval '1 minute' * g, 'login', NULL, false FROM generate_series(1, 6) g;
INSERT INTO standin.events SELECT 'alice', now() - interval '1 minute' * g, 'login', NULL, false FROM generate_series(1, 2) g;
SELECT is(pg_temp.findings('soc2.failed_login_bursts') -> 0 ->> 'actor', 'mallory', 'six failed logins in 15 minutes is a burst');
SELECT is(jsonb_array_length(pg_temp.findings('soc2.failed_login_bursts')), 1, 'two are not');
UPDATE standin.events SET occurred_at = occurred_at - interval '1 hour';
SELECT is(pg_temp.findings('soc2.failed_login_bursts'), '[]', 'and an old burst is no longer reported');

CREATE TABLE public.records (id int, diagnosis text);
SELECT governance.classify('public.records', 'diagnosis', 'health', 'restricted');
INSERT INTO standin.changes SELECT 'bulk updater', now() - interval '1 second' * g, 'public.records' FROM generate_series(1, 40) g;
INSERT INTO standin.changes SELECT 'other', now() - interval '1 second' * g, 'public.not_classified' FROM generate_series(1, 40) g;
SELECT is(pg_temp.findings('soc2.activity_anomalies') -> 0 ->> 'actor', 'bulk updater',
          'a burst of changes to a classified table is an anomaly; one on other tables is not counted');
UPDATE standin.changes SET occurred_at = occurred_at - interval '3 hours';
SELECT is(pg_temp.findings('soc2.activity_anomalies'), '[]', 'and once it is history it is the baseline');

INSERT INTO standin.chain_breaks VALUES (42);
SELECT is(pg_temp.findings('soc2.audit_chain_broken'), '[{"first_mismatch": {"id": 42}}]', 'a chain break is reported');
DELETE FROM standin.chain_breaks;
SELECT is(pg_temp.findings('soc2.audit_chain_broken'), '[]', 'an intact chain passes');

SELECT * FROM finish();
ROLLBACK;
