-- Evidence is append-only: UPDATE, DELETE and TRUNCATE are refused for every role, the
-- owner included, unless the statement comes from one of the functions that own the
-- trail (the sealer, audit.redact, audit.purge), which mark their own transaction.
-- A superuser can still disable this trigger; the hash chain is what catches that.
CREATE OR REPLACE FUNCTION audit.refuse_change()
RETURNS trigger
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP <> 'TRUNCATE'
       AND pg_catalog.current_setting('audit.maintenance', true) = pg_catalog.txid_current()::text THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('audit: %s of %I.%I is refused: the audit trail is append-only',
                                    TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME),
        HINT = 'Use audit.redact for lawful erasure and audit.purge for retention.';
END
$$;

COMMENT ON FUNCTION audit.refuse_change() IS 'internal: refuses changes to audit evidence outside the owning functions';
