-- The reason an access to PHI is logged under: the purpose declared with
-- governance.set_context, or the justification of a break-glass access (which warns the
-- caller that it is flagged). Neither: refused.
CREATE OR REPLACE FUNCTION privacy.phi_access_reason(caller text, break_glass_reason text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    reason text := COALESCE(NULLIF(pg_catalog.btrim(break_glass_reason), ''), governance.current_purpose());
BEGIN
    IF reason IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: access to PHI needs a declared purpose', caller),
            HINT = 'Call governance.set_context(actor, purpose => ''treatment'') first, or give a break-glass reason in an emergency.';
    END IF;
    IF NULLIF(pg_catalog.btrim(break_glass_reason), '') IS NOT NULL THEN
        RAISE WARNING USING MESSAGE = pg_catalog.format('%s: break-glass access to PHI by %s, flagged for review',
                                                        caller, governance.current_actor());
    END IF;
    RETURN reason;
END
$$;

COMMENT ON FUNCTION privacy.phi_access_reason(text, text) IS
    'Internal: the break-glass reason, else the declared purpose; raises 42501 when there is neither';
