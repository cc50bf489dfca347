-- Records an accepted risk: until it expires, a failing check is reported as a warning
-- that carries the waiver. Waivers are evidence of a decision and are never edited; a
-- waiver ends by expiring (record a new one to extend it).
CREATE OR REPLACE FUNCTION compliance.waive(
    check_id    text,
    reason      text,
    approved_by text,
    expires_at  timestamptz)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    new_id bigint;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM compliance.checks k WHERE k.id = waive.check_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('compliance.waive: unknown check %L', waive.check_id),
            HINT = 'Check ids are listed in compliance.checks.';
    END IF;
    IF pg_catalog.btrim(coalesce(reason, '')) = '' OR pg_catalog.btrim(coalesce(approved_by, '')) = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'compliance.waive: a reason and an approver are required';
    END IF;
    IF waive.expires_at IS NULL OR waive.expires_at <= pg_catalog.now() THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = 'compliance.waive: expires_at must be in the future',
            HINT = 'Waivers are temporary: choose the date by which the risk will be fixed or reviewed.';
    END IF;
    INSERT INTO compliance.waivers (check_id, reason, approved_by, expires_at, created_by)
    VALUES (waive.check_id, waive.reason, waive.approved_by, waive.expires_at, governance.current_actor())
    RETURNING id INTO new_id;
    RETURN new_id;
END
$$;

COMMENT ON FUNCTION compliance.waive(text, text, text, timestamptz) IS
    'Accepts the risk of a failing check until expires_at, with a reason and an approver; the waiver is reported';

GRANT EXECUTE ON FUNCTION compliance.waive(text, text, text, timestamptz) TO governance_admin;
