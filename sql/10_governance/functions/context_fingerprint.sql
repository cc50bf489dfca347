-- 64 bits of SHA-256 over the context message. No secret: what makes it unforgeable is
-- where set_context keeps it (this session's currval of governance.context_fingerprints,
-- which no governance role may set); other values with the same 64 bits would take a
-- second-preimage search.
CREATE OR REPLACE FUNCTION governance.context_fingerprint(actor text, tenant text, roles text, purpose text)
RETURNS bigint
LANGUAGE sql STABLE
AS $$
    SELECT ('x' || pg_catalog.encode(pg_catalog.substr(
               pg_catalog.sha256(governance.context_message(actor, tenant, roles, purpose)), 1, 8), 'hex'))::bit(64)::bigint
$$;

COMMENT ON FUNCTION governance.context_fingerprint(text, text, text, text) IS
    'Internal: 64-bit fingerprint of the session context in this transaction';
