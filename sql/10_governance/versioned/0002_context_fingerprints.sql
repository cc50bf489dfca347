-- The context readers share governance.session_context(), which checks the context once
-- for all four values; the per-value reader it replaces goes.
DROP FUNCTION IF EXISTS governance.context_setting(text);

-- A fast path for that check. set_context also stores a fingerprint of the context in
-- this session's currval() of a sequence that no governance role may advance (nextval
-- needs USAGE, setval UPDATE): session state that SET cannot forge, read in 0.1 us where
-- the HMAC needs a key lookup. The fingerprint can take any bigint. Unlogged where the
-- server allows it (PostgreSQL 15): nothing of it needs to survive a crash.
DO $sequence$
BEGIN
    EXECUTE pg_catalog.format(
        'CREATE %s SEQUENCE governance.context_fingerprints AS bigint MINVALUE %s NO CYCLE',
        CASE WHEN pg_catalog.current_setting('server_version_num')::integer >= 150000 THEN 'UNLOGGED' ELSE '' END,
        -9223372036854775808);
END
$sequence$;

COMMENT ON SEQUENCE governance.context_fingerprints IS
    'Internal: set_context stores the fingerprint of the session context in this session''s currval()';
