-- The public sealer: links every transaction committed so far (and the caller's own rows)
-- into the hash chain. Commits seal opportunistically (policies/seal_at_commit.sql), but
-- only when no other sealer is busy and at most once a second per session; run this from
-- cron, pg_cron or the CLI (every minute, say) so that a quiet database's last
-- transactions are linked too, and before audit.verify_chain for an up-to-date answer.
-- Waits for a sealer that holds the lock, then sees what it linked.
CREATE OR REPLACE FUNCTION audit.seal()
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    -- A snapshot taken before the lock was granted may miss links committed meanwhile.
    IF pg_catalog.current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_transaction_state',
            MESSAGE = pg_catalog.format('audit.seal: needs a READ COMMITTED transaction (this one is %s)',
                                        pg_catalog.current_setting('transaction_isolation')),
            HINT = 'Call it in a transaction of its own, at the default isolation level.';
    END IF;
    RETURN audit.link_pending(true);
END
$$;

COMMENT ON FUNCTION audit.seal() IS
    'Links every committed audit transaction not yet in the hash chain (and the caller''s own rows); returns the number of links appended';

GRANT EXECUTE ON FUNCTION audit.seal() TO governance_admin;
