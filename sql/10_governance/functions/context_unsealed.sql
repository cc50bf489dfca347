-- Whether the readers may take this transaction's context as it is set, without checking
-- a seal: it was set in this transaction (the seal setting holds the transaction's start,
-- the mark set_context writes in place of a seal for such a session) by a session whose
-- login may claim any context anyway (the gateway mark, governance.context_gateway). A
-- context set by hand gains such a session nothing; one left at session level by an
-- earlier transaction (a pooled client that ran SET by hand) names another transaction
-- and goes through the seal, which refuses it. A login without the mark that became a
-- gateway by SET ROLE gets a seal from set_context instead (its role may change again),
-- so only the login is tested here: one lookup less on every statement.
-- Plain SQL, inlined into the readers; the mark comes first, so a bound role's statements
-- (whose seal never matches it) skip the catalog lookup.
CREATE OR REPLACE FUNCTION governance.context_unsealed()
RETURNS boolean
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.current_setting('governance.context_seal', true)
               OPERATOR(pg_catalog.=) pg_catalog.encode(pg_catalog.timestamptz_send(pg_catalog.now()), 'hex')
           AND pg_catalog.has_function_privilege(SESSION_USER, 'governance.gateway_mark()'::pg_catalog.regprocedure, 'EXECUTE')
$$;

COMMENT ON FUNCTION governance.context_unsealed() IS
    'True when this transaction''s context was set in it by a session whose login may claim any context: its readers take it as set, without checking a seal';

GRANT EXECUTE ON FUNCTION governance.context_unsealed()
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
