BEGIN;
SELECT plan(7);

-- History from three months ago, in a monthly partition of its own and in the default one.
CREATE TABLE audit.statements_2020_01 PARTITION OF audit.statements FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00');
CREATE TABLE audit.row_changes_2020_01 PARTITION OF audit.row_changes FOR VALUES FROM ('2020-01-01 00:00+00') TO ('2020-02-01 00:00+00');
SET LOCAL session_replication_role = replica;   -- write "old" rows as a backfill would (no sealing)
INSERT INTO audit.statements (id, occurred_at, statement_at, txid, actor, db_user, table_name, op, row_count, rows_hash)
VALUES (-1, '2020-01-15 12:00+00', '2020-01-15 12:00+00', 1, 'old', 'old', 'public.t', 'INSERT', 5, '\x');
INSERT INTO audit.row_changes (id, statement_id, occurred_at)
SELECT nextval('audit.ids'), -1, '2020-01-15 12:00+00' FROM generate_series(1, 5);
INSERT INTO audit.events (id, occurred_at, txid, actor, db_user, event_type, success)
VALUES (nextval('audit.ids'), '2019-06-01 00:00+00', 1, 'old', 'old', 'login', true);
RESET session_replication_role;
SELECT audit.log_event('recent');
SELECT audit.seal();  -- links our own rows so far (see audit_chain_detects_tampering)

SELECT throws_ok($$ SELECT audit.purge(now() + interval '1 day') $$, '22023', NULL, 'the future cannot be purged');

SELECT is((audit.purge('2020-02-20 00:00+00') - 'before'),
          '{"rows_removed": 6, "partitions_dropped": ["row_changes_2020_01", "statements_2020_01"]}'::jsonb,
          'purge drops the old month whole and the old rows of the default partition');
SELECT is(to_regclass('audit.row_changes_2020_01'), NULL, 'the partition is gone');
SELECT is((SELECT before FROM audit.purges ORDER BY id DESC LIMIT 1), '2020-02-01 00:00+00'::timestamptz,
          'recorded, rounded down to the start of the month');
SELECT is((SELECT count(*)::int FROM audit.events WHERE event_type = 'recent'), 1, 'recent history stays');
SELECT is((SELECT details ->> 'rows_removed' FROM audit.events WHERE event_type = 'audit.purge'), '6',
          'the purge is an audit event');
SELECT is_empty($$ SELECT * FROM audit.verify_chain() $$,
                'the chain still verifies after the purge');

SELECT * FROM finish();
ROLLBACK;
