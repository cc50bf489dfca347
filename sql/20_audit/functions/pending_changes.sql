-- What the sealer makes of the raw statement records it can see (audit.pending): one row
-- per changed row, as audit.row_changes stores it. Set-based and read-only: the sealer
-- writes it (audit.materialize), the view audit.changes shows it for records not sealed
-- yet. Plain SQL without SET clauses, so that the planner inlines it into both.
--   row_key          the key columns at capture (the whole row without a key)
--   old/new_values   UPDATE: the changed columns only; an UPDATE that changed nothing
--                    (or only excluded columns) gives no row
--   changed_columns  UPDATE only
-- A TRUNCATE gives one row, its row_key naming an emptied partition; a statement of no
-- rows gives none.
CREATE OR REPLACE FUNCTION audit.pending_changes()
RETURNS TABLE (statement_id bigint, id bigint, row_key jsonb, old_values jsonb, new_values jsonb, changed_columns text[])
LANGUAGE sql STABLE
AS $$
    SELECT r.statement_id, r.id,
           CASE WHEN s.op = 'TRUNCATE' THEN s.row_key
                ELSE audit.key_of(COALESCE(r.old_row, r.new_row), s.key_columns::text[]) END,
           r.old_row OPERATOR(pg_catalog.-) COALESCE(d.same, '{}'), r.new_row OPERATOR(pg_catalog.-) COALESCE(d.same, '{}'),
           d.changed
      FROM (SELECT p.id AS statement_id, p.row_id AS id, p.old_row, p.new_row FROM audit.pending p WHERE p.row_count = 1
            UNION ALL
            SELECT x.statement_id, x.id, x.old_row, x.new_row
              FROM audit.shadow_rows(ARRAY(SELECT p.id FROM audit.pending p WHERE p.row_count > 1),
                                     ARRAY(SELECT DISTINCT p.relid FROM audit.pending p WHERE p.row_count > 1)) x) r
      JOIN audit.pending s ON s.id = r.statement_id
      LEFT JOIN LATERAL audit.changed_columns(r.old_row, r.new_row) d ON s.op = 'UPDATE'
     WHERE s.op <> 'UPDATE' OR r.old_row <> r.new_row
$$;

COMMENT ON FUNCTION audit.pending_changes() IS
    'The changed rows that the visible raw audit records stand for, as audit.row_changes stores them';
GRANT EXECUTE ON FUNCTION audit.pending_changes() TO governance_auditor, governance_admin;
GRANT EXECUTE ON FUNCTION audit.key_of(jsonb, text[]), audit.key_of_many(jsonb, text[]),
                          audit.changed_columns(jsonb, jsonb) TO governance_auditor, governance_admin;
