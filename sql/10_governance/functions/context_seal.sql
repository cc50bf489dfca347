-- The seal binds the context values to this backend and this transaction (now() is the
-- transaction's start), so a seal cannot be replayed in another session or transaction.
-- The timestamp goes in as epoch seconds: its text form would follow the session's TimeZone.
CREATE OR REPLACE FUNCTION governance.context_seal(actor text, tenant text, roles text, purpose text)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.encode(
               governance.hmac_sha256(
                   pg_catalog.convert_to(
                       pg_catalog.jsonb_build_array(actor, tenant, roles, purpose, pg_catalog.pg_backend_pid(),
                                                    pg_catalog.date_part('epoch', pg_catalog.now()))::text,
                       'UTF8'),
                   k.key),
               'hex')
      FROM governance.context_key k
$$;

COMMENT ON FUNCTION governance.context_seal(text, text, text, text) IS
    'Internal: HMAC over the session context, this backend and this transaction';
-- Only the definer-rights functions of this schema call it; nobody else may mint seals.
