-- The transactions whose audit records await their chain link: raw records the sealer
-- has not taken yet (audit.pending) and transactions queued for a link
-- (audit.transactions). What `pg-governance maintain --dry-run` counts.
CREATE OR REPLACE VIEW audit.waiting AS
SELECT w.txid, pg_catalog.min(w.since) AS since
  FROM (SELECT p.txid, p.statement_at AS since FROM audit.pending p
        UNION ALL
        SELECT t.txid, t.started_at FROM audit.transactions t) w
 GROUP BY w.txid;

COMMENT ON VIEW audit.waiting IS 'pg-governance: transactions whose audit records await their chain link';
GRANT SELECT ON audit.waiting TO governance_auditor, governance_admin;
