-- Lawful erasure in the audit trail (GDPR Art. 17): blanks the stored old and new values
-- of every change of the given rows (keys and column names stay, values become null).
-- Each change keeps the hash of the values it had, which is all its chain digest covers
-- of them, so audit.verify_chain still passes. The redaction is an audit event, and each
-- redacted change points to it.
-- row_key is one key ({"id": 42}) or a JSON array of keys ([{"id": 42}, {"id": 43}]):
-- the array form redacts many rows in one pass over the trail.
CREATE OR REPLACE FUNCTION audit.redact(tbl regclass, row_key jsonb, reason text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    recorded_name text;
    row_keys      jsonb := CASE pg_catalog.jsonb_typeof(row_key) WHEN 'array' THEN row_key
                                ELSE pg_catalog.jsonb_build_array(row_key) END;
    floor_id      bigint := audit.link_floor(pg_catalog.txid_current());
    redaction_event bigint := pg_catalog.nextval('audit.ids');
    redacted      bigint;
BEGIN
    IF tbl IS NULL OR row_key IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = 'audit.redact: table and row keys are required';
    END IF;
    IF reason IS NULL OR pg_catalog.btrim(reason) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'audit.redact: a reason is required',
            HINT = 'Give the legal ground, e.g. ''GDPR Art. 17 request 42''.';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_catalog.jsonb_array_elements(row_keys) k WHERE pg_catalog.jsonb_typeof(k) <> 'object') THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'audit.redact: a row key must be a jsonb object such as {"id": 42}, or an array of them';
    END IF;
    -- The trail names a partition's rows by its partitioned table (erasure passes the
    -- partition a row was in).
    recorded_name := audit.qualified_name(COALESCE((
        SELECT a.relid FROM pg_catalog.pg_partition_ancestors(tbl) a
          JOIN pg_catalog.pg_class c ON c.oid = a.relid
         WHERE NOT c.relispartition), tbl));  -- no ancestors: not in a partition tree

    -- Rows still in their raw records are turned into the trail first, so that they are
    -- redacted like the others (and never sealed with their values afterwards).
    PERFORM audit.materialize(true);
    PERFORM pg_catalog.set_config('audit.maintenance', pg_catalog.txid_current()::text, true);
    WITH blanked AS (
        UPDATE audit.row_changes c
           SET values_hash = audit.values_hash(c.old_values, c.new_values),
               old_values = audit.blank_values(c.old_values),
               new_values = audit.blank_values(c.new_values),
               redaction_id = redaction_event
          FROM (SELECT DISTINCT k FROM pg_catalog.jsonb_array_elements(row_keys) AS k) keys
         WHERE c.row_key = keys.k AND c.values_hash IS NULL
           AND EXISTS (SELECT 1 FROM audit.statements s WHERE s.id = c.statement_id AND s.table_name = recorded_name)
        RETURNING 1),
    -- Rows captured before migration 0003.
    blanked_v1 AS (
        UPDATE audit.changes_v1 c
           SET values_hash = audit.values_hash(c.old_values, c.new_values),
               old_values = audit.blank_values(c.old_values),
               new_values = audit.blank_values(c.new_values),
               redaction_id = redaction_event
          FROM (SELECT DISTINCT k FROM pg_catalog.jsonb_array_elements(row_keys) AS k) keys
         WHERE c.row_key = keys.k AND c.table_name = recorded_name AND c.values_hash IS NULL
        RETURNING 1)
    SELECT (SELECT pg_catalog.count(*) FROM blanked) + (SELECT pg_catalog.count(*) FROM blanked_v1) INTO redacted;
    PERFORM pg_catalog.set_config('audit.maintenance', '', true);

    PERFORM audit.append_event(floor_id, redaction_event, 'audit.redaction', 'redact', 'table', recorded_name,
                               pg_catalog.jsonb_build_object('reason', reason, 'row_keys', pg_catalog.jsonb_array_length(row_keys),
                                                             'changes_redacted', redacted),
                               true, NULL);
    RETURN redacted;
END
$$;

COMMENT ON FUNCTION audit.redact(regclass, jsonb, text) IS
    'Blanks the stored values of a row''s history (row_key as in audit.changes, e.g. {"id": 42}, or an array of keys) keeping the chain verifiable; returns the number of changes redacted';

GRANT EXECUTE ON FUNCTION audit.redact(regclass, jsonb, text) TO governance_admin, governance_dpo;
