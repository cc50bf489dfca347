-- Every audit row with its digest: what the sealer hashes at commit and the verifier
-- recomputes. Both tables draw ids from audit.ids, so id orders them together.
CREATE OR REPLACE VIEW audit.digests AS
SELECT c.id, c.txid, c.occurred_at, audit.change_digest(c) AS digest FROM audit.changes c
UNION ALL
SELECT e.id, e.txid, e.occurred_at, audit.event_digest(e) FROM audit.events e;

COMMENT ON VIEW audit.digests IS 'internal: audit rows and the digests the hash chain covers';
