-- The seal binds the context values to this backend and this transaction (now() is the
-- transaction's start), so a seal cannot be replayed in another session or transaction.
-- The timestamp goes in as epoch seconds: its text form would follow the session's TimeZone.
-- The lengths come first so that no two contexts give the same message ('ab','c' versus
-- 'a','bc'); cheaper than a jsonb array, and this runs once per governed statement.
--
-- PL/pgSQL without SECURITY DEFINER on purpose: it is only called from the definer-rights
-- set_context and session_context (it runs as their owner, under their pinned
-- search_path), and no governance role may execute it directly, so nobody else can mint a
-- seal. PL/pgSQL keeps its plan for the session; a SQL function called from a policy is
-- planned again in every statement.
CREATE OR REPLACE FUNCTION governance.context_seal(actor text, tenant text, roles text, purpose text)
RETURNS text
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    key bytea;
BEGIN
    SELECT k.key INTO STRICT key FROM governance.context_key k;
    RETURN pg_catalog.encode(
               governance.hmac_sha256(
                   pg_catalog.convert_to(
                       pg_catalog.concat_ws('/', pg_catalog.pg_backend_pid(), pg_catalog.date_part('epoch', pg_catalog.now()),
                                            pg_catalog.length(actor), pg_catalog.length(tenant),
                                            pg_catalog.length(roles), pg_catalog.length(purpose),
                                            actor || tenant || roles || purpose),
                       'UTF8'),
                   key),
               'hex');
END
$$;

COMMENT ON FUNCTION governance.context_seal(text, text, text, text) IS
    'Internal: HMAC over the session context, this backend and this transaction';
