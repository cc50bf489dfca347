-- Sealing leaves the commit (docs/audit.md, Tamper evidence): a commit no longer appends
-- its own chain link under the chain head's row lock, which every other committing
-- writer then queued behind. audit.transactions becomes the queue of transactions whose
-- rows await a link: the first audited statement of a transaction still inserts its row
-- (in the same transaction as the rows), and a batch sealer (audit.link_pending, under an
-- advisory lock) links the committed ones and deletes their rows.
--
-- Every row present now was sealed at its commit by the previous sealer (which kept
-- them): they leave the queue. The old per-commit sealer trigger and its function go;
-- audit.seal() is now the public sealer (functions/seal.sql).
DROP TRIGGER IF EXISTS seal ON audit.transactions;
DROP FUNCTION IF EXISTS audit.seal();

SELECT pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
DELETE FROM audit.transactions t WHERE EXISTS (SELECT FROM audit.chain l WHERE l.first_id = t.first_id);
SELECT pg_catalog.set_config('audit.maintenance', '', true);

COMMENT ON TABLE audit.transactions IS
    'internal: transactions whose audit rows await their chain link (audit.seal); a row leaves when its transaction is linked';

-- The batch sealer finds a batch's items as the ids above its oldest floor: statements
-- already have an id index (0003); events get one (they were found by txid, one
-- transaction at a time).
CREATE INDEX events_id_idx ON audit.events (id);

-- Whether the transaction's commit should try to seal (this session is due), decided by
-- audit.open_link when it queues the transaction: the commit-time trigger's WHEN clause
-- then reads a column (a WHEN clause calling functions costs some 9 us per transaction).
ALTER TABLE audit.transactions ADD COLUMN seal_at_commit boolean NOT NULL DEFAULT false;

-- What waits for a link is part of the trail's state: auditors and the maintenance CLI
-- (`pg-governance maintain --dry-run`) may count it.
GRANT SELECT ON audit.transactions TO governance_auditor, governance_admin;
