-- The context of this transaction as an array (actor, tenant, roles as text, purpose).
-- It is read on every statement of every isolated query and every audited write, so it
-- is plain SQL that the planner inlines, and it believes the settings as they are
-- wherever a forgery could gain nothing:
--   * set in this transaction by a session that may claim any actor and tenant anyway
--     (governance.context_unsealed): the settings are read as they are;
--   * anything else: governance.sealed_context_values() checks them against the seal
--     set_context made in this transaction, and refuses a forgery (42501).
-- So a gateway that sets governance.* by hand claims what set_context would have let it
-- claim, for this transaction, and nothing more; a bound role cannot claim by hand what
-- it was not bound to. current_actor(), current_tenant(), ... read one value each
-- (governance.context_value).
CREATE OR REPLACE FUNCTION governance.context_values()
RETURNS text[]
LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN governance.context_unsealed()
                THEN NULLIF(ARRAY[NULLIF(pg_catalog.current_setting('governance.actor', true), ''),
                                  NULLIF(pg_catalog.current_setting('governance.tenant', true), ''),
                                  NULLIF(pg_catalog.current_setting('governance.roles', true), ''),
                                  NULLIF(pg_catalog.current_setting('governance.purpose', true), '')],
                            '{NULL,NULL,NULL,NULL}')
                ELSE governance.sealed_context_values() END
$$;

COMMENT ON FUNCTION governance.context_values() IS
    'The actor, tenant, roles (as text) and purpose set by governance.set_context in this transaction, as an array (NULL when unset); a forged context raises 42501 unless the login may claim any context';

GRANT EXECUTE ON FUNCTION governance.context_values()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
