-- Where unlocked key material lives for the rest of the transaction: a temporary table of
-- this session, pg_temp.governance_unlocked_keys, owned by the role that owns the
-- encryption functions and granted to nobody, emptied at every commit and rollback
-- (ON COMMIT DELETE ROWS; an aborted insert never existed). Other sessions cannot see
-- temporary tables at all, and the roles of this session cannot read it because they do
-- not own it. A table of the same name that someone else created first would receive the
-- keys, or supply its own, so it is refused twice:
--   - here (unlock and every cache miss come through this function), by its owner, with
--     a clear error;
--   - on the per-value hot paths (encryption_encrypt, encryption_decrypt, blind_index),
--     which compare its kind column with a governance.encryption_keyring_kind value: no
--     other role can create a table with a column of that type, and against any other
--     type the lookup fails to plan, so a planted table is never read.
-- Returns true when the keyring exists and is ours; creates (or renews) it when asked.
CREATE OR REPLACE FUNCTION governance.encryption_keyring(create_missing boolean)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    keyring regclass := pg_catalog.to_regclass('pg_temp.governance_unlocked_keys');
BEGIN
    IF keyring IS NOT NULL THEN
        IF (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = keyring)
           IS DISTINCT FROM (SELECT r.oid FROM pg_catalog.pg_roles r WHERE r.rolname = CURRENT_USER) THEN
            RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
                MESSAGE = 'governance encryption: pg_temp.governance_unlocked_keys was not created by pg-governance; refusing to use it',
                HINT = 'Drop that temporary table (or start a new session) and unlock again.';
        END IF;
        -- An ANALYZE or VACUUM in this session (a database-wide ANALYZE includes the
        -- session's temporary tables) records the keyring as nearly empty; the planner
        -- would then scan it rather than use its indexes, and a transaction loading
        -- thousands of subject keys would turn quadratic. Never analyzed, it is planned
        -- as at least ten pages, with index scans. So unlock (the only caller that asks
        -- to create) starts from a fresh one, except in a read-only transaction.
        -- "Never analyzed" is what the planner tests: reltuples < 0 from PostgreSQL 14
        -- on; 13 stores 0 there and applies the ten-page floor while relpages = 0.
        IF NOT create_missing
           OR (SELECT CASE WHEN pg_catalog.current_setting('server_version_num')::int >= 140000
                           THEN c.reltuples < 0 ELSE c.relpages = 0 END
                 FROM pg_catalog.pg_class c WHERE c.oid = keyring)
           OR pg_catalog.current_setting('transaction_read_only')::boolean THEN
            RETURN true;
        END IF;
        DROP TABLE pg_temp.governance_unlocked_keys;
    ELSIF NOT create_missing THEN
        RETURN false;
    END IF;
    -- Once per session (a read-only transaction can write to it afterwards, but not
    -- create it).
    BEGIN
        CREATE TEMPORARY TABLE governance_unlocked_keys (
            kind         governance.encryption_keyring_kind NOT NULL,
            invoker      text,            -- the role the entry was authorised for
            key_name     text,
            subject_hash bytea,           -- encrypt: '' or the subject's keyed hash
            key_id       integer,
            data_key_id  bigint,
            header       bytea,           -- key id, version, data key id (ciphertext bytes 3 to 18)
            enc_key      bytea NOT NULL,
            mac_key      bytea,
            audited      boolean          -- decryptions are written to audit.events
        ) ON COMMIT DELETE ROWS;
        -- One entry per data key and role: with per-subject keys a transaction can hold
        -- thousands, and a scan per value (or per key loaded, for the kek) would make it
        -- quadratic.
        CREATE UNIQUE INDEX governance_unlocked_keys_kek ON pg_temp.governance_unlocked_keys (kind) WHERE kind = 'kek';
        CREATE UNIQUE INDEX governance_unlocked_keys_encrypt
            ON pg_temp.governance_unlocked_keys (key_name, subject_hash, invoker) WHERE kind = 'encrypt';
        CREATE UNIQUE INDEX governance_unlocked_keys_decrypt
            ON pg_temp.governance_unlocked_keys (header, invoker) WHERE kind = 'decrypt';
    EXCEPTION WHEN read_only_sql_transaction THEN
        RAISE EXCEPTION USING ERRCODE = 'read_only_sql_transaction',
            MESSAGE = 'governance.unlock: the first unlock of a session must run in a read-write transaction',
            HINT = 'It creates the session''s keyring; later read-only transactions of the session can unlock. '
                   'On a hot standby, decrypt on the primary.';
    END;
    RETURN true;
END
$$;

COMMENT ON FUNCTION governance.encryption_keyring(boolean) IS
    'Internal: checks (and creates) the per-session keyring that holds unlocked keys until the transaction ends';
