BEGIN;
SELECT plan(8);

-- The owning functions (sealer, audit.redact, audit.purge) mark their transaction in the
-- setting audit.maintenance, which any role can set. A role that may write every table
-- (pg_write_all_data) setting it by hand must still be refused: otherwise it could blank
-- a row's values and point it at any redaction event, which verify_chain would accept.
CREATE TABLE public."Forged Ledger" (id int PRIMARY KEY, amount int);
SELECT audit.enable('public."Forged Ledger"');
INSERT INTO public."Forged Ledger" VALUES (1, 10);
SELECT audit.redact('public."Forged Ledger"', '{"id": 99}', 'a redaction event to point at');
SELECT audit.seal();
SELECT audit.log_event('login');  -- queued for sealing: a row in audit.transactions

SELECT tests.create_writer_of_everything('audit_forger');
CREATE TEMP TABLE forged_target AS SELECT max(e.id) AS redaction_id FROM audit.events e WHERE e.event_type = 'audit.redaction';
GRANT SELECT ON forged_target TO audit_forger;
SET LOCAL ROLE audit_forger;
SELECT set_config('audit.maintenance', txid_current()::text, true);
SELECT throws_ok($$ UPDATE audit.row_changes SET new_values = NULL, redaction_id = (SELECT redaction_id FROM forged_target) $$,
                 '42501', NULL, 'a forged maintenance setting does not let a writer blank audit rows');
SELECT throws_ok($$ DELETE FROM audit.statements $$, '42501', NULL, 'nor delete statements');
SELECT throws_ok($$ DELETE FROM audit.events $$, '42501', NULL, 'nor delete events');
SELECT throws_ok($$ DELETE FROM audit.transactions $$, '42501', NULL, 'nor take transactions out of the sealing queue');
SELECT throws_ok($$ UPDATE audit.chain_head SET seq = 0 $$, '42501', NULL, 'nor move the chain head');
SELECT throws_ok($$ DELETE FROM audit.chain $$, '42501', NULL, 'nor delete chain links');
RESET ROLE;

-- The owning functions still change the trail.
SELECT is(audit.redact('public."Forged Ledger"', '{"id": 1}', 'GDPR Art. 17 request 1'), 1::bigint, 'audit.redact still works');
SELECT is(audit.seal(), 1::bigint, 'and the sealer still links and dequeues');

SELECT * FROM finish();
ROLLBACK;
