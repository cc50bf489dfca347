-- pgcrypto may live in any schema (ours when we installed it, `extensions` on Supabase,
-- `public` elsewhere). SECURITY DEFINER code pins its search_path, so it must call
-- pgcrypto schema-qualified: these shims bind to wherever the extension is. They are
-- plain SQL functions without SET clauses, so the planner inlines them.
DO $shims$
DECLARE
    crypto_schema name := (
        SELECT n.nspname
          FROM pg_catalog.pg_extension e
          JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'pgcrypto');
BEGIN
    IF crypto_schema IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'undefined_object',
            MESSAGE = 'pgcrypto is not installed in this database',
            HINT = 'CREATE EXTENSION pgcrypto; (the installer does this when it may)';
    END IF;

    EXECUTE pg_catalog.format($f$
        CREATE OR REPLACE FUNCTION governance.hmac_sha256(data bytea, key bytea)
        RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS 'SELECT %1$I.hmac($1, $2, ''sha256'')'
    $f$, crypto_schema);

    EXECUTE pg_catalog.format($f$
        CREATE OR REPLACE FUNCTION governance.random_bytes(n integer)
        RETURNS bytea LANGUAGE sql VOLATILE STRICT PARALLEL SAFE
        AS 'SELECT %1$I.gen_random_bytes($1)'
    $f$, crypto_schema);
END
$shims$;

COMMENT ON FUNCTION governance.hmac_sha256(bytea, bytea) IS 'Internal: HMAC-SHA-256 through pgcrypto, wherever it is installed';
COMMENT ON FUNCTION governance.random_bytes(integer) IS 'Internal: cryptographically strong random bytes through pgcrypto (at most 1024 per call)';

-- Not for the governance roles (earlier versions granted them): only the pack's
-- definer-rights functions call them, and where pgcrypto lives in the governance schema
-- its own functions are not executable by PUBLIC, so the grant handed out functions that
-- failed with "permission denied for function hmac".
REVOKE EXECUTE ON FUNCTION governance.hmac_sha256(bytea, bytea), governance.random_bytes(integer)
    FROM governance_admin, governance_dpo, governance_auditor, governance_app;
