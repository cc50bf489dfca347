BEGIN;
SELECT plan(15);

CREATE SCHEMA "Clinic";
CREATE TABLE "Clinic"."Visit ""Notes""" (id serial PRIMARY KEY, "Patient No" integer, diagnosis text);
INSERT INTO "Clinic"."Visit ""Notes""" ("Patient No", diagnosis) VALUES (1, 'flu'), (1, 'cold'), (2, 'asthma'), (3, 'fracture');
CREATE INDEX ON "Clinic"."Visit ""Notes""" ("Patient No");
SELECT tests.create_user('ehr_app', 'governance_app');
SELECT governance.allow_any_context('ehr_app');  -- the EHR's pool: it authenticated its clinicians
GRANT USAGE ON SCHEMA "Clinic" TO ehr_app;

SELECT throws_ok($$ SELECT privacy.register_phi_table('"Clinic"."Visit ""Notes"""', 'Patient No') $$, '22023',
                 'privacy.register_phi_table: table "Clinic"."Visit ""Notes""" has no column classified ''health''');
SELECT governance.classify('"Clinic"."Visit ""Notes"""', 'diagnosis', 'health', 'restricted');
SELECT lives_ok($$ SELECT privacy.register_phi_table('"Clinic"."Visit ""Notes"""', 'Patient No') $$, 'a PHI table is registered');

SET LOCAL ROLE ehr_app;
SELECT throws_ok($$ SELECT * FROM "Clinic"."Visit ""Notes""" $$, '42501', NULL, 'the application cannot read the table directly');
SELECT throws_ok($$ SELECT * FROM privacy.read_phi(NULL::"Clinic"."Visit ""Notes""", ARRAY['1'], 'curious') $$, '42501',
                 'privacy.read_phi: PHI is read under a committed grant: privacy.read_phi(NULL::table, grant)',
                 'the one-step read of earlier releases (its log could be rolled back) reads nothing');
SELECT throws_ok($$ SELECT privacy.request_phi_access('"Clinic"."Visit ""Notes"""') $$, '42501',
                 'privacy.request_phi_access: access to PHI needs a declared purpose', 'no declared purpose: an error, nothing logged');
SELECT governance.set_context('dr.house', purpose => 'treatment');
CREATE TEMP TABLE g1 AS SELECT privacy.request_phi_access('"Clinic"."Visit ""Notes"""', ARRAY['1']) AS id;
SELECT throws_ok($$ SELECT * FROM privacy.read_phi(NULL::"Clinic"."Visit ""Notes""", (SELECT id FROM g1)) $$, '42501', NULL,
                 'nothing is read before the log has committed');
SELECT tests.as_if_committed();
SELECT results_eq($$ SELECT id, "Patient No", diagnosis FROM privacy.read_phi(NULL::"Clinic"."Visit ""Notes""", (SELECT id FROM g1)) ORDER BY id $$,
                  $$ VALUES (1, 1, 'flu'), (2, 1, 'cold') $$, 'with a purpose, the patient''s rows are returned');
RESET ROLE;
SELECT results_eq($$ SELECT actor, patient, table_name, access_type, reason, break_glass, row_count FROM privacy.phi_access_log $$,
                  $$ VALUES ('dr.house', '1', '"Clinic"."Visit ""Notes"""', 'read', 'treatment', false, 2::bigint) $$,
                  'one log row for the patient, not one per row');

SET LOCAL ROLE ehr_app;
CREATE TEMP TABLE g2 AS SELECT privacy.request_phi_access('"Clinic"."Visit ""Notes"""') AS id;
SELECT tests.as_if_committed();
SELECT is((SELECT count(*)::int FROM privacy.read_phi(NULL::"Clinic"."Visit ""Notes""", (SELECT id FROM g2))), 4, 'a read of every patient');
RESET ROLE;
SELECT is((SELECT array_agg(patient || ':' || row_count ORDER BY patient) FROM privacy.phi_access_log
            WHERE id > (SELECT min(id) FROM privacy.phi_access_log)),
          ARRAY['1:2', '2:1', '3:1'], 'logs each patient once');

SET LOCAL ROLE ehr_app;
SELECT governance.set_context('nurse');
SET LOCAL client_min_messages = error;
CREATE TEMP TABLE g3 AS SELECT privacy.request_phi_access('"Clinic"."Visit ""Notes"""', ARRAY['3'], 'cardiac arrest in ER') AS id;
SELECT tests.as_if_committed();
SELECT is((SELECT count(*)::int FROM privacy.read_phi(NULL::"Clinic"."Visit ""Notes""", (SELECT id FROM g3))), 1,
          'break-glass access without a purpose is allowed with a reason');
RESET ROLE;
SELECT row_eq($$ SELECT actor, patient, reason FROM privacy.break_glass_accesses $$,
              ROW('nurse'::text, '3'::text, 'cardiac arrest in ER'::text), 'flagged and reported');

SELECT governance.set_context('billing', purpose => 'payment');
SELECT privacy.log_phi_access('3', 'disclosure', NULL, NULL, 'Acme Insurance');
SELECT results_eq($$ SELECT actor, access_type, reason, recipient, break_glass, tpo FROM privacy.accounting_of_disclosures('3') $$,
                  $$ VALUES ('dr.house', 'read', 'treatment', NULL, false, true),
                            ('nurse', 'read', 'cardiac arrest in ER', NULL, true, false),
                            ('billing', 'disclosure', 'payment', 'Acme Insurance', false, true) $$,
                  'the accounting of disclosures lists every access to the patient''s PHI');
SELECT is_empty($$ SELECT * FROM privacy.accounting_of_disclosures('3', now() + interval '1 day') $$, 'since a later time: none');
SELECT throws_ok($$ SELECT privacy.request_phi_access('privacy.purposes') $$, '22023',
                 'privacy.request_phi_access: privacy.purposes is not a registered PHI table');

SELECT * FROM finish();
ROLLBACK;
