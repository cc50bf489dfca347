BEGIN;
SELECT plan(14);
-- Links are appended after commit, in batches; audit.seal() also links the caller's own
-- rows so far, which lets this test (that never commits) see sealed links: three of them.

CREATE TABLE public.accounts (id int PRIMARY KEY, owner text, balance int);
SELECT audit.enable('public.accounts');
INSERT INTO public.accounts VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'cy', 30);
SELECT audit.seal();
UPDATE public.accounts SET balance = balance * 2;
SELECT audit.seal();
SELECT audit.log_event('export', 'download', 'table', 'public.accounts');
SELECT audit.seal();

SELECT is_empty($$ SELECT * FROM audit.verify_chain() $$, 'an untouched chain verifies');
SELECT is((SELECT sum(row_count)::int FROM audit.chain WHERE txid = txid_current()),
          (SELECT count(*)::int FROM audit.changes WHERE txid = txid_current())
          + (SELECT count(*)::int FROM audit.events WHERE txid = txid_current()), 'every row is covered by a link');

CREATE TEMP TABLE mark AS SELECT * FROM audit.checkpoint();
SELECT is_empty(format('SELECT * FROM audit.verify_chain(since => NULL, checkpoint_seq => %s, checkpoint_hash => %L)',
                       (SELECT seq FROM mark), (SELECT hash FROM mark)), 'it matches its own checkpoint');

-- A superuser bypasses the append-only triggers. Each tampering is undone by rolling back
-- a subtransaction, after noting what verify_chain reported (its first problem's kind).
SET LOCAL session_replication_role = replica;
CREATE FUNCTION pg_temp.verdict_after(tampering text[], cp_seq bigint DEFAULT NULL, cp_hash text DEFAULT NULL)
RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    statement text;
    verdict   text;
BEGIN
    BEGIN
        FOREACH statement IN ARRAY tampering LOOP
            EXECUTE statement;
        END LOOP;
        SELECT v.kind INTO verdict FROM audit.verify_chain(NULL, cp_seq, cp_hash) v LIMIT 1;
        RAISE EXCEPTION 'undo';
    EXCEPTION WHEN raise_exception THEN
        RETURN COALESCE(verdict, 'intact');
    END;
END
$f$;

-- The rows of this transaction's statements, in the tables behind the view audit.changes.
CREATE TEMP VIEW mine AS
SELECT r.*, s.op FROM audit.row_changes r JOIN audit.statements s ON s.id = r.statement_id WHERE s.txid = txid_current();
SELECT is(pg_temp.verdict_after(ARRAY[$$ UPDATE audit.row_changes SET new_values = '{"balance": 1}'
                                          WHERE id = (SELECT id FROM mine WHERE op = 'UPDATE' AND row_key = '{"id": 2}') $$]),
          'modified', 'an edited row is reported as modified');
SELECT is(pg_temp.verdict_after(ARRAY[$$ UPDATE audit.statements SET actor = 'mallory' WHERE txid = txid_current() AND op = 'UPDATE' $$]),
          'modified', 'so is an edited statement context');
SELECT is(pg_temp.verdict_after(ARRAY[$$ DELETE FROM audit.row_changes
                                          WHERE id = (SELECT id FROM mine WHERE op = 'INSERT' AND row_key = '{"id": 3}') $$]),
          'gap', 'a deleted row is reported as a gap');
SELECT is(pg_temp.verdict_after(ARRAY[$$ INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key, new_values)
                                          SELECT id + 1, statement_id, occurred_at, row_key, new_values
                                            FROM mine WHERE op = 'INSERT' AND row_key = '{"id": 1}' $$]),
          'fork', 'a row slipped into a sealed statement is a fork');
SELECT is(pg_temp.verdict_after(ARRAY[$$ INSERT INTO audit.row_changes (id, statement_id, occurred_at, row_key)
                                          VALUES (nextval('audit.ids'), -1, now(), '{"id": 9}') $$]),
          'unsealed', 'a row of no statement is reported');
SELECT is(pg_temp.verdict_after(ARRAY[$$ UPDATE audit.row_changes
                                            SET values_hash = audit.values_hash(old_values, new_values), new_values = '{"balance": 1}',
                                                redaction_id = (SELECT max(id) FROM audit.events)
                                          WHERE id = (SELECT id FROM mine WHERE op = 'UPDATE' AND row_key = '{"id": 3}') $$]),
          'modified', 'values changed under the cover of a redaction are reported');
SELECT is(pg_temp.verdict_after(ARRAY[$$ INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                                          VALUES (nextval('audit.ids'), now() - interval '1 hour', 42, 'mallory', 'mallory', 'login', true) $$]),
          'unsealed', 'a row no link covers, older than the sealing bound, is reported');
SELECT is(pg_temp.verdict_after(ARRAY[$$ INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
                                          VALUES (nextval('audit.ids'), now() + interval '10 years', 42, 'mallory', 'mallory', 'login', true) $$]),
          'unsealed', 'and so is one dated in the future to sit out the bound');
SELECT is(pg_temp.verdict_after(ARRAY[$$ DELETE FROM audit.chain WHERE seq = (SELECT max(seq) - 1 FROM audit.chain) $$]),
          'gap', 'a deleted link is a gap');

-- Rewriting the last link consistently (new hashes all the way to the head) passes the
-- internal checks, but not a checkpoint kept outside.
CREATE TEMP TABLE rewrite AS SELECT ARRAY[
    $$ UPDATE audit.events SET resource_id = 'public.other' WHERE event_type = 'export' AND txid = txid_current() $$,
    $$ UPDATE audit.chain l SET tx_hash = r.tx_hash
         FROM (SELECT sha256(string_agg(d.digest, ''::bytea ORDER BY d.id)) AS tx_hash, l2.seq
                 FROM audit.chain l2 JOIN audit.digests d ON d.txid = l2.txid AND d.id > l2.first_id AND d.id <= l2.last_id
                WHERE l2.seq = (SELECT max(seq) FROM audit.chain) GROUP BY l2.seq) r
        WHERE l.seq = r.seq $$,
    $$ UPDATE audit.chain SET hash = audit.link_hash(prev_hash, seq, txid, first_id, last_id, row_count, tx_hash,
                                                     first_at, last_at, sealed_at)
        WHERE seq = (SELECT max(seq) FROM audit.chain) $$,
    $$ UPDATE audit.chain_head SET hash = (SELECT hash FROM audit.chain ORDER BY seq DESC LIMIT 1) $$] AS statements;
SELECT is(pg_temp.verdict_after((SELECT statements FROM rewrite)), 'intact',
          'a consistent rewrite of the last link fools the chain alone');
SELECT is(pg_temp.verdict_after((SELECT statements FROM rewrite), (SELECT seq FROM mark), (SELECT hash FROM mark)),
          'modified', 'but not the checkpoint kept outside the database');

SELECT * FROM finish();
ROLLBACK;
