-- Inlined into callers that may not pin search_path: the cast names pg_catalog's text,
-- not a type of that name in pg_temp.
CREATE OR REPLACE FUNCTION governance.current_actor()
RETURNS text
LANGUAGE sql STABLE
AS $$ SELECT COALESCE(governance.context_value(1), SESSION_USER::pg_catalog.text) $$;

COMMENT ON FUNCTION governance.current_actor() IS
    'The actor set by governance.set_context in this transaction, else the session user';

GRANT EXECUTE ON FUNCTION governance.current_actor()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
