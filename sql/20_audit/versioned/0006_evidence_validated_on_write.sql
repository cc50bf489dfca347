-- Evidence is validated as it is written (docs/threat_model.md, "Evidence and who can
-- write it"). Only the pack's own functions write the trail now (row-level security, set
-- by the installer on every table of the pack), and what they write is checked again here,
-- so that even the owner's rows cannot carry what the verifier cannot reason about.

-- Times at infinity: the capture path writes the clock's time; a row dated -infinity
-- escaped the sealing bound and made verify_chain fail. NOT VALID: the check applies to
-- every row written from now on without scanning the trail (and without refusing the
-- upgrade of a trail that already holds such a row, which verify_chain reports).
ALTER TABLE audit.events ADD CONSTRAINT events_finite_time CHECK (pg_catalog.isfinite(occurred_at)) NOT VALID;
ALTER TABLE audit.statements ADD CONSTRAINT statements_finite_time
    CHECK (pg_catalog.isfinite(occurred_at) AND pg_catalog.isfinite(statement_at)) NOT VALID;
ALTER TABLE audit.row_changes ADD CONSTRAINT row_changes_finite_time CHECK (pg_catalog.isfinite(occurred_at)) NOT VALID;
ALTER TABLE audit.transactions ADD CONSTRAINT transactions_finite_time CHECK (pg_catalog.isfinite(started_at)) NOT VALID;
ALTER TABLE audit.chain ADD CONSTRAINT chain_finite_time
    CHECK (pg_catalog.isfinite(sealed_at) AND pg_catalog.isfinite(first_at) AND pg_catalog.isfinite(last_at)) NOT VALID;
ALTER TABLE audit.purges ADD CONSTRAINT purges_finite_time CHECK (pg_catalog.isfinite(before)) NOT VALID;

-- Links are numbered by the sealer, from the chain head; their floor ids come from the
-- sequence audit.ids, which any member of pg_write_all_data may setval (PostgreSQL grants
-- it UPDATE on every sequence). A floor drawn twice after such a rewind made the link's
-- insert fail, and with it every later seal of the batch. A link is one transaction's
-- rows above a floor: unique per transaction, which is what the verifier joins on.
ALTER TABLE audit.chain DROP CONSTRAINT chain_first_id_key;
ALTER TABLE audit.chain ADD CONSTRAINT chain_txid_first_id_key UNIQUE (txid, first_id);

-- A purge excuses links from the content check only when its audit.purge event, sealed
-- into the chain, vouches for it (functions/verify_chain.sql).
ALTER TABLE audit.purges ADD COLUMN event_id bigint;
COMMENT ON COLUMN audit.purges.event_id IS 'the audit.purge event that records this purge (and vouches for it in verify_chain)';
-- Purges recorded before this migration: their event is the audit.purge event of the same
-- boundary written in their transaction (no later than the row's purged_at, the transaction
-- start). Their events predate through_seq in the details, which verify_chain then cannot compare.
SELECT pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
UPDATE audit.purges p
   SET event_id = (SELECT e.id FROM audit.events e
                    WHERE e.event_type = 'audit.purge' AND e.occurred_at >= p.purged_at
                      AND (e.details ->> 'before')::timestamptz = p.before
                    ORDER BY e.occurred_at LIMIT 1);
SELECT pg_catalog.set_config('audit.maintenance', '', true);
