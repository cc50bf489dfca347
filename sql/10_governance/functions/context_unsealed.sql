-- Whether the readers may take this transaction's context as it is set, without checking
-- a seal: it was set in this transaction (the seal setting holds the transaction's mark
-- that set_context writes for such a session, the start of the transaction) by a session
-- that may claim any context anyway (governance.context_gateway). A context set by hand
-- gains such a session nothing; one left at session level by an earlier transaction (a
-- client of a pool that ran SET by hand) names another transaction and goes through the
-- seal, which refuses it. The mark comes first: a bound role's seal never matches it, so
-- its statements skip the catalog lookup.
-- Plain SQL, inlined into the readers.
CREATE OR REPLACE FUNCTION governance.context_unsealed()
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.current_setting('governance.context_seal', true)
               OPERATOR(pg_catalog.=) pg_catalog.encode(pg_catalog.timestamptz_send(pg_catalog.now()), 'hex')
           AND governance.context_gateway()
$$;

COMMENT ON FUNCTION governance.context_unsealed() IS
    'True when this transaction''s context was set in it by a session that may claim any context: its readers take it as set, without checking a seal';

GRANT EXECUTE ON FUNCTION governance.context_unsealed()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
