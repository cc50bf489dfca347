BEGIN;
SELECT plan(8);

CREATE SCHEMA clinic;
CREATE TYPE clinic.blood AS ENUM ('A', 'B', 'O');
CREATE DOMAIN clinic.email AS text CHECK (VALUE LIKE '%@%');
CREATE TABLE clinic.patient (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE clinic.visit (
    id        integer PRIMARY KEY,
    patient   integer REFERENCES clinic.patient,
    code      varchar(12) NOT NULL UNIQUE,
    blood     clinic.blood NOT NULL,
    born      date NOT NULL,
    weight    numeric(5, 1) NOT NULL CHECK (weight >= 0),
    tags      text[] NOT NULL,
    notes     jsonb,
    fee       numeric(8, 2) NOT NULL,
    initials  text GENERATED ALWAYS AS (left(code, 2)) STORED
);
CREATE INDEX ON clinic.visit (patient);
INSERT INTO clinic.patient VALUES (1, 'Ann'), (2, 'Ben');
INSERT INTO clinic.visit VALUES
    (10, 1, 'ANN-0001', 'B', '1980-02-03', 71.5, '{x}', '{"d": "flu"}', 120.00),
    (11, 1, 'ANN-0002', 'O', '1980-02-03', 72.0, '{y}', NULL, 80.00),
    (20, 2, 'BEN-0001', 'A', '1975-05-06', 80.0, '{z}', '{"d": "cold"}', 95.50);
SELECT governance.classify('clinic.patient', 'name', 'direct_identifier');
SELECT governance.classify('clinic.visit', c, 'health', 'restricted')
  FROM unnest(ARRAY['code', 'blood', 'born', 'weight', 'tags', 'notes']) c;
SELECT privacy.register_subject('patient', 'clinic.patient', 'id');
SELECT privacy.set_erasure_rule('clinic.visit', 'anonymize', 'statistics on fees');

SELECT is((privacy.gdpr_forget('1', 'patient'))->>'rows_erased', '3', 'two visits anonymized, the patient deleted');
SELECT results_eq(
    $$ SELECT patient, blood::text, born, weight, tags, notes, fee FROM clinic.visit WHERE id IN (10, 11) ORDER BY id $$,
    $$ VALUES (NULL::integer, 'A', date '1970-01-01', 0::numeric(5,1), '{}'::text[], NULL::jsonb, 120.00::numeric(8,2)),
              (NULL, 'A', date '1970-01-01', 0, '{}', NULL, 80.00) $$,
    'NOT NULL columns get neutral values of their type (enum: first label), nullable ones NULL, fees are kept');
SELECT ok((SELECT bool_and(code ~ '^erased-[0-9a-f]{5}$') AND count(DISTINCT code) = 2 FROM clinic.visit WHERE id IN (10, 11)),
          'a unique varchar(12) gets distinct masks that fit its length');
SELECT is((SELECT initials FROM clinic.visit WHERE id = 10), 'er', 'a generated column follows the masked input');
SELECT row_eq($$ SELECT patient, code::text, notes FROM clinic.visit WHERE id = 20 $$, ROW(2, 'BEN-0001'::text, '{"d": "cold"}'::jsonb),
              'the other patient''s visit is untouched');

-- An own parent under an anonymize rule is masked, not deleted, once nothing else refers to it.
CREATE TABLE clinic.address (id integer PRIMARY KEY, street text NOT NULL, city text NOT NULL);
INSERT INTO clinic.address VALUES (1, '2 Oak Avenue', 'Springfield');
ALTER TABLE clinic.patient ADD COLUMN address_id integer REFERENCES clinic.address;
UPDATE clinic.patient SET address_id = 1 WHERE id = 2;
SELECT governance.classify('clinic.address', 'street', 'contact');
SELECT privacy.own_parent('clinic.patient', 'address_id');
SELECT privacy.set_erasure_rule('clinic.address', 'anonymize', 'keep the city for statistics');
SAVEPOINT before_own_parent;
SELECT privacy.gdpr_forget('2', 'patient');
SELECT row_eq($$ SELECT street ~ '^erased-', city FROM clinic.address WHERE id = 1 $$, ROW(true, 'Springfield'::text),
              'an anonymized own parent keeps its row and unclassified values');
ROLLBACK TO SAVEPOINT before_own_parent;

-- Everything kept: the subject row itself anonymized, nothing deleted.
SAVEPOINT before_keep_all;
SELECT privacy.set_erasure_rule('clinic.patient', 'anonymize', 'research cohort');
SELECT is((privacy.gdpr_forget('2', 'patient'))->>'rows_erased', '2', 'a plan that deletes nothing still runs');
ROLLBACK TO SAVEPOINT before_keep_all;

-- A mask the domain's CHECK refuses: the erasure fails with that constraint, nothing changes.
CREATE TABLE clinic.contact (id integer PRIMARY KEY, patient integer REFERENCES clinic.patient, mail clinic.email NOT NULL);
INSERT INTO clinic.contact VALUES (1, 2, 'ben@example.com');
SELECT governance.classify('clinic.contact', 'mail', 'contact');
SELECT privacy.set_erasure_rule('clinic.contact', 'anonymize', 'kept for the newsletter statistics');
SELECT throws_ok($$ SELECT privacy.gdpr_forget('2', 'patient') $$, '23514', NULL,
                 'a mask the domain refuses fails the erasure with check_violation');

SELECT * FROM finish();
ROLLBACK;
