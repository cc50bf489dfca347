-- HMAC of the session context under the install's secret key. It covers the four values,
-- this backend and this transaction (now() is its start), so a seal cannot be replayed in
-- another session or in a later transaction. The start goes in as UTC text to the
-- microsecond: as float8 epoch seconds its text would follow the session's
-- extra_float_digits, which can round it to the same text for years. The lengths come
-- first so that no two contexts give the same message ('ab','c' versus 'a','bc').
--
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
    RETURN pg_catalog.encode(governance.hmac_sha256(pg_catalog.convert_to(
               pg_catalog.concat_ws('/', pg_catalog.pg_backend_pid(),
                                    pg_catalog.to_char(pg_catalog.timezone('UTC', pg_catalog.now()), 'YYYYMMDDHH24MISSUS'),
                                    pg_catalog.length(actor), pg_catalog.length(tenant),
                                    pg_catalog.length(roles), pg_catalog.length(purpose),
                                    actor || tenant || roles || purpose),
               'UTF8'), key), 'hex');
END
$$;

COMMENT ON FUNCTION governance.context_seal(text, text, text, text) IS
    'Internal: HMAC over the session context, this backend and this transaction';
