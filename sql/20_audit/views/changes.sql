-- audit.changes as documented (DESIGN.md, docs/audit.md): one row per changed row with
-- its statement's context. Stored in two tables since migration 0003 (the context once
-- per statement in audit.statements, the rows in audit.row_changes); rows captured
-- before that are in audit.changes_v1; rows captured and not sealed yet are read from
-- their raw records (audit.pending, audit.pending_changes). Read-only: changes go through audit.redact and
-- audit.purge only (policies/append_only.sql).
CREATE OR REPLACE VIEW audit.changes AS
SELECT r.id, s.occurred_at, s.statement_at, s.txid, s.actor, s.db_user, s.tenant, s.client_addr,
       s.application_name, s.table_name, s.op, r.row_key, r.old_values, r.new_values, r.changed_columns,
       r.values_hash, r.redaction_id
  FROM audit.row_changes r
  JOIN audit.statements s ON s.id = r.statement_id
UNION ALL
SELECT c.id, c.occurred_at, c.statement_at, c.txid, c.actor, c.db_user, c.tenant, c.client_addr,
       c.application_name, c.table_name, c.op, c.row_key, c.old_values, c.new_values, c.changed_columns,
       c.values_hash, c.redaction_id
  FROM audit.changes_v1 c
UNION ALL
-- Captured, not sealed yet: the raw records as the sealer will write them.
SELECT r.id, p.occurred_at, p.statement_at, p.txid, p.actor, p.db_user, p.tenant, p.client_addr,
       p.application_name, p.table_name, p.op, r.row_key, r.old_values, r.new_values, r.changed_columns,
       NULL::bytea, NULL::bigint
  FROM audit.pending p
  JOIN audit.pending_changes() r ON r.statement_id = p.id;

COMMENT ON VIEW audit.changes IS 'pg-governance: one row per changed row, with the context of its statement';
GRANT SELECT ON audit.changes TO governance_auditor, governance_admin;
