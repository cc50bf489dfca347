-- HMAC of the context message under the install's secret key: the check that holds
-- wherever the fingerprint cannot (read-only transactions and standbys, where set_context
-- cannot set the sequence, and after a savepoint rollback restored earlier values).
-- PL/pgSQL, which keeps its plan for the session, without SECURITY DEFINER on purpose: it
-- is only called from the definer-rights set_context and session_context (it runs as
-- their owner, under their pinned search_path), and no governance role may execute it,
-- so nobody else can mint a seal.
CREATE OR REPLACE FUNCTION governance.context_seal(actor text, tenant text, roles text, purpose text)
RETURNS text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    key bytea;
BEGIN
    SELECT k.key INTO STRICT key FROM governance.context_key k;
    RETURN pg_catalog.encode(governance.hmac_sha256(governance.context_message(actor, tenant, roles, purpose), key), 'hex');
END
$$;

COMMENT ON FUNCTION governance.context_seal(text, text, text, text) IS
    'Internal: HMAC over the session context, this backend and this transaction';
