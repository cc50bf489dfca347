BEGIN;
SELECT plan(12);

-- The dry run (retention_plan), the overdue report the compliance check reads
-- (retention_status), and drop_retention, each as the least privileged role granted it.
CREATE SCHEMA ret;
GRANT USAGE ON SCHEMA ret TO PUBLIC;
CREATE TABLE ret.ticket (id int PRIMARY KEY, customer_email text, closed_at timestamptz NOT NULL);
CREATE TABLE ret.message (id int PRIMARY KEY, ticket_id int NOT NULL REFERENCES ret.ticket, body text);
CREATE TABLE ret.legal_copy (id int PRIMARY KEY, ticket_id int REFERENCES ret.ticket);
CREATE TABLE ret.visit (id int PRIMARY KEY, at date NOT NULL);
INSERT INTO ret.ticket VALUES (1, 'ada@example.com', now() - interval '3 years'), (2, 'bo@example.com', now() - interval '3 years'),
                              (3, 'cy@example.com', now() - interval '2 years'), (4, 'di@example.com', now() - interval '1 month');
INSERT INTO ret.message VALUES (1, 1, 'a'), (2, 2, 'b'), (3, 4, 'd');
INSERT INTO ret.legal_copy VALUES (1, 2);
INSERT INTO ret.visit VALUES (1, current_date - 10);
SELECT privacy.set_erasure_rule('ret.legal_copy', 'retain', 'litigation hold');

SET LOCAL ROLE governance_dpo;
SELECT privacy.set_retention('ret.ticket', 'closed_at', '1 year', 'delete', 'support history: one year');
SELECT privacy.set_retention('ret.visit', 'at', '30 days', 'delete', 'visits: a month');
SELECT results_eq(
    $$ SELECT table_name, action, keep_for, cutoff, due, held, legal_hold, children FROM privacy.retention_plan('ret.ticket') $$,
    $$ VALUES ('ret.ticket', 'delete', interval '1 year', now() - interval '1 year', 2::bigint, 1::bigint, NULL::text,
               '[{"via": "legal_copy_ticket_id_fkey", "depth": 1, "table": "ret.legal_copy", "action": "held"},
                 {"via": "message_ticket_id_fkey", "depth": 1, "table": "ret.message", "action": "delete"}]'::jsonb) $$,
    'retention_plan: two tickets due, one held by the legal copy that references it, and the children''s fate');
SELECT results_eq($$ SELECT table_name, due, held FROM privacy.retention_plan() $$,
                  $$ VALUES ('ret.ticket', 2::bigint, 1::bigint), ('ret.visit', 0::bigint, 0::bigint) $$,
                  'without a table, every rule, by table name');
SELECT is_empty($$ SELECT * FROM privacy.retention_plan('ret.message') $$, 'no row for a table without a rule');
RESET ROLE;
SELECT is((SELECT count(*) FROM ret.ticket), 4::bigint, 'the dry run changed nothing');

SET LOCAL ROLE governance_auditor;
SELECT results_eq($$ SELECT table_name, action, keep_for, overdue, problem FROM privacy.retention_status() $$,
                  $$ VALUES ('ret.ticket', 'delete', interval '1 year', true, NULL::text),
                            ('ret.visit', 'delete', interval '30 days', false, NULL::text) $$,
                  'retention_status: the tickets are overdue, the visits are not');
RESET ROLE;

SET LOCAL ROLE governance_admin;
SELECT is(privacy.apply_retention('ret.ticket', 100)->'rows', '2'::jsonb, 'apply_retention deletes the two due tickets');
RESET ROLE;
SET LOCAL ROLE governance_auditor;
SELECT is((SELECT overdue FROM privacy.retention_status() WHERE table_name = 'ret.ticket'), false,
          'then nothing is overdue: the held ticket is not');
RESET ROLE;

-- A legal hold on the table itself holds every expired row.
SELECT privacy.set_erasure_rule('ret.ticket', 'retain', 'tax audit 2026');
SET LOCAL ROLE governance_dpo;
SELECT results_eq($$ SELECT due, held, legal_hold FROM privacy.retention_plan('ret.ticket') $$,
                  $$ VALUES (0::bigint, 1::bigint, 'tax audit 2026') $$, 'retention_plan names the table''s legal hold');

-- drop_retention removes one table's rule, and nothing else.
SELECT privacy.drop_retention('ret.ticket');
SELECT is_empty($$ SELECT * FROM privacy.retention_rules WHERE table_name = 'ret.ticket'::regclass $$,
                'drop_retention removes the table''s rule');
SELECT results_eq($$ SELECT table_name FROM privacy.retention_plan() $$, $$ VALUES ('ret.visit') $$,
                  'the other rule stays');
SELECT lives_ok($$ SELECT privacy.drop_retention('ret.ticket') $$, 'dropping a rule that is not there is a no-op');
RESET ROLE;
SET LOCAL ROLE governance_auditor;
SELECT results_eq($$ SELECT table_name FROM privacy.retention_status() $$, $$ VALUES ('ret.visit') $$,
                  'retention_status no longer reports the table');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
