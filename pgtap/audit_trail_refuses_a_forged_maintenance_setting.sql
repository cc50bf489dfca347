BEGIN;
SELECT plan(9);

-- The owning functions (sealer, audit.redact, audit.purge) mark their transaction in the
-- setting audit.maintenance, which any role can set. A role that may write every table
-- (pg_write_all_data) setting it by hand must still be refused: otherwise it could blank
-- a row's values and point it at any redaction event, which verify_chain would accept.
-- Row-level security shows it no row to change at all (the append-only triggers are the
-- second line, for the owner).
CREATE TABLE public."Forged Ledger" (id int PRIMARY KEY, amount int);
SELECT audit.enable('public."Forged Ledger"');
INSERT INTO public."Forged Ledger" VALUES (1, 10);
SELECT audit.redact('public."Forged Ledger"', '{"id": 99}', 'a redaction event to point at');
SELECT audit.seal();
SELECT audit.log_event('login');  -- queued for sealing: a row in audit.transactions

SELECT tests.create_user('audit_forger', 'pg_write_all_data');
CREATE FUNCTION pg_temp.rows_changed(statement text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer; BEGIN EXECUTE statement; GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$;
CREATE TEMP TABLE trail_before AS
SELECT (SELECT count(*) FROM audit.row_changes WHERE new_values IS NOT NULL) AS rows_with_values,
       (SELECT count(*) FROM audit.statements) AS statements, (SELECT count(*) FROM audit.events) AS events,
       (SELECT count(*) FROM audit.transactions) AS queued, (SELECT seq FROM audit.chain_head) AS head,
       (SELECT count(*) FROM audit.chain) AS links;
CREATE TEMP TABLE forged_target AS SELECT max(e.id) AS redaction_id FROM audit.events e WHERE e.event_type = 'audit.redaction';
GRANT SELECT ON forged_target TO audit_forger;
SET LOCAL ROLE audit_forger;
SELECT set_config('audit.maintenance', txid_current()::text, true);
SELECT is(pg_temp.rows_changed($$ UPDATE audit.row_changes SET new_values = NULL, redaction_id = (SELECT redaction_id FROM forged_target) $$),
          0, 'a forged maintenance setting does not let a writer blank audit rows');
SELECT is(pg_temp.rows_changed($$ DELETE FROM audit.statements $$), 0, 'nor delete statements');
SELECT is(pg_temp.rows_changed($$ DELETE FROM audit.events $$), 0, 'nor delete events');
SELECT is(pg_temp.rows_changed($$ DELETE FROM audit.transactions $$), 0, 'nor take transactions out of the sealing queue');
SELECT is(pg_temp.rows_changed($$ UPDATE audit.chain_head SET seq = 0 $$), 0, 'nor move the chain head');
SELECT is(pg_temp.rows_changed($$ DELETE FROM audit.chain $$), 0, 'nor delete chain links');
RESET ROLE;
SELECT is((SELECT ROW((SELECT count(*) FROM audit.row_changes WHERE new_values IS NOT NULL), (SELECT count(*) FROM audit.statements),
                      (SELECT count(*) FROM audit.events), (SELECT count(*) FROM audit.transactions),
                      (SELECT seq FROM audit.chain_head), (SELECT count(*) FROM audit.chain))::text),
          (SELECT ROW(t.*)::text FROM trail_before t), 'the trail is as it was');

-- The owning functions still change the trail.
SELECT is(audit.redact('public."Forged Ledger"', '{"id": 1}', 'GDPR Art. 17 request 1'), 1::bigint, 'audit.redact still works');
SELECT is(audit.seal(), 1::bigint, 'and the sealer still links and dequeues');

SELECT * FROM finish();
ROLLBACK;
