-- What the sealer makes of raw statement records (audit.pending): one row per changed
-- row, as audit.row_changes stores it. Set-based and read-only: the sealer writes it
-- (audit.materialize), the view audit.changes shows it for records not sealed yet.
--   row_key          the key columns at capture (the whole row without a key)
--   old/new_values   UPDATE: the changed columns only; an UPDATE that changed nothing
--                    (or only excluded columns) gives no row
--   changed_columns  UPDATE only
-- A TRUNCATE gives one row, its row_key naming an emptied partition.
CREATE OR REPLACE FUNCTION audit.pending_changes(records audit.pending[])
RETURNS TABLE (statement_id bigint, id bigint, row_key jsonb, old_values jsonb, new_values jsonb, changed_columns text[])
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH s AS (SELECT * FROM pg_catalog.unnest(records)),
    raw AS (
        SELECT s.id AS statement_id, s.row_id AS id, s.old_row, s.new_row FROM s WHERE s.row_count = 1
        UNION ALL
        SELECT r.statement_id, r.id, r.old_row, r.new_row
          FROM audit.shadow_rows(ARRAY(SELECT s.id FROM s WHERE s.row_count > 1),
                                 ARRAY(SELECT DISTINCT s.relid FROM s WHERE s.row_count > 1)) r
    )
    SELECT r.statement_id, r.id,
           CASE WHEN s.op = 'TRUNCATE' THEN s.row_key
                ELSE audit.key_of(COALESCE(r.old_row, r.new_row), s.key_columns::text[]) END,
           r.old_row OPERATOR(pg_catalog.-) COALESCE(d.same, '{}'), r.new_row OPERATOR(pg_catalog.-) COALESCE(d.same, '{}'),
           d.changed
      FROM raw r
      JOIN s ON s.id = r.statement_id
      LEFT JOIN LATERAL audit.changed_columns(r.old_row, r.new_row) d ON s.op = 'UPDATE'
     WHERE s.op <> 'UPDATE' OR r.old_row <> r.new_row
$$;

COMMENT ON FUNCTION audit.pending_changes(audit.pending[]) IS
    'internal: the changed rows that raw audit records stand for, as audit.row_changes stores them';
GRANT EXECUTE ON FUNCTION audit.pending_changes(audit.pending[]) TO governance_auditor, governance_admin;
GRANT EXECUTE ON FUNCTION audit.key_of(jsonb, text[]), audit.key_of_many(jsonb, text[]),
                          audit.changed_columns(jsonb, jsonb) TO governance_auditor, governance_admin;
