-- The context of this transaction as an array (actor, tenant, roles as text, purpose),
-- checked once for all four values: the path of governance.context_values for a session
-- whose login is no gateway (governance.context_unsealed), whose claims are limited, and
-- for a context not set in this transaction. Nothing set: NULL. Values present but
-- not sealed by set_context in this transaction: someone set the custom settings by hand
-- to impersonate an actor or tenant, which is refused rather than ignored.
--
-- Definer rights, for the seal's key. Every statement is a plain expression (the seal and
-- its key are inlined into it, no query), and an array comes back cheaper than a
-- composite: a bound role's isolated queries run this once per statement.
CREATE OR REPLACE FUNCTION governance.sealed_context_values()
RETURNS text[]
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    setting text[] := ARRAY[pg_catalog.current_setting('governance.actor', true),
                            pg_catalog.current_setting('governance.tenant', true),
                            pg_catalog.current_setting('governance.roles', true),
                            pg_catalog.current_setting('governance.purpose', true)];
BEGIN
    -- A custom setting that was set locally reads as '' (not NULL) after its transaction;
    -- array_to_string skips the NULLs of settings never set.
    IF pg_catalog.array_to_string(setting, '') = '' THEN
        RETURN NULL;
    END IF;
    IF pg_catalog.current_setting('governance.context_seal', true) IS DISTINCT FROM governance.context_seal(
            COALESCE(setting[1], ''), COALESCE(setting[2], ''), COALESCE(setting[3], ''), COALESCE(setting[4], '')) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'governance context was changed outside governance.set_context()',
            HINT = 'Call governance.set_context() in this transaction instead of setting governance.* directly.';
    END IF;
    RETURN ARRAY[NULLIF(setting[1], ''), NULLIF(setting[2], ''), NULLIF(setting[3], ''), NULLIF(setting[4], '')];
END
$$;

COMMENT ON FUNCTION governance.sealed_context_values() IS
    'The context of this transaction checked against set_context''s seal, as governance.context_values reads it for sessions whose login is no gateway (NULL when unset); a forged context raises 42501';

GRANT EXECUTE ON FUNCTION governance.sealed_context_values()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
