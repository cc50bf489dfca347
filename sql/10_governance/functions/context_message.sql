-- What the seal and the fingerprint of the session context cover: the four values, this
-- backend and this transaction (now() is its start), so neither can be replayed in another
-- session or transaction. The timestamp goes in as epoch seconds (its text form would
-- follow the session's TimeZone); the lengths come first so that no two contexts give the
-- same message ('ab','c' versus 'a','bc').
-- Plain SQL without SECURITY DEFINER, inlined into its callers (set_context and
-- session_context, which pin the search_path); no governance role may execute it.
CREATE OR REPLACE FUNCTION governance.context_message(actor text, tenant text, roles text, purpose text)
RETURNS bytea
LANGUAGE sql STABLE
AS $$
    SELECT pg_catalog.convert_to(
               pg_catalog.concat_ws('/', pg_catalog.pg_backend_pid(), pg_catalog.date_part('epoch', pg_catalog.now()),
                                    pg_catalog.length(actor), pg_catalog.length(tenant),
                                    pg_catalog.length(roles), pg_catalog.length(purpose),
                                    actor || tenant || roles || purpose),
               'UTF8')
$$;

COMMENT ON FUNCTION governance.context_message(text, text, text, text) IS
    'Internal: the bytes that the context seal and fingerprint cover';
