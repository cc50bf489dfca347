-- HMAC-SHA-256 of the session context under the install's secret key. It covers the four
-- values, this backend and this transaction (now() is its start), so a seal cannot be
-- replayed in another session or in a later transaction. The start goes in as its binary
-- form (microseconds since 2000): as text it would follow the session's DateStyle,
-- TimeZone or extra_float_digits, which can round it to the same text for years. The
-- lengths come first so that no two contexts give the same message ('ab','c' versus
-- 'a','bc').
--
-- Plain SQL over the core sha256() with the key's pads (governance.context_key_pad, an
-- IMMUTABLE call that the planner folds into a constant): the planner inlines it into
-- the definer-rights set_context and sealed_context_values, which run it as their owner,
-- under their pinned search_path, with no key lookup and no pgcrypto call per use.
-- No governance role may execute it (and a caller without EXECUTE gets no inlining
-- either), so nobody else can mint a seal.
CREATE OR REPLACE FUNCTION governance.context_seal(actor text, tenant text, roles text, purpose text)
RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.encode(pg_catalog.sha256(governance.context_key_pad(92) || pg_catalog.sha256(
               governance.context_key_pad(54)
               || pg_catalog.int4send(pg_catalog.pg_backend_pid())
               || pg_catalog.timestamptz_send(pg_catalog.now())
               || pg_catalog.textsend(pg_catalog.concat_ws('/', pg_catalog.length(actor), pg_catalog.length(tenant),
                                                           pg_catalog.length(roles), pg_catalog.length(purpose),
                                                           actor || tenant || roles || purpose)))), 'hex')
$$;

COMMENT ON FUNCTION governance.context_seal(text, text, text, text) IS
    'Internal: HMAC over the session context, this backend and this transaction';
