-- Evidence is append-only: UPDATE, DELETE and TRUNCATE are refused for every role, the
-- owner included. The functions that own the trail (the sealer, audit.redact,
-- audit.purge) get past the row triggers' WHEN clause (policies/append_only.sql), which
-- then never calls this. The owner and superusers can still mark a transaction or disable
-- the trigger; the hash chain is what catches that.
CREATE OR REPLACE FUNCTION audit.refuse_change()
RETURNS trigger
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('audit: %s of %I.%I is refused: the audit trail is append-only',
                                    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
        HINT = 'Use audit.redact for lawful erasure and audit.purge for retention.';
END
$$;

COMMENT ON FUNCTION audit.refuse_change() IS 'internal: refuses changes to audit evidence outside the owning functions';
