-- The one rule of reads that leave a durable record: data is served only under a grant
-- (privacy.request_phi_access, privacy.request_export) whose transaction has COMMITTED,
-- made by this session user and actor, not expired. A grant written in the reader's own
-- transaction (or one of its savepoints) is still in progress and refused: rolling back
-- would undo the record and keep the data. Returns the grant; raises 42501 otherwise.
CREATE OR REPLACE FUNCTION privacy.disclosure_grant(caller text, candidate privacy.disclosure_grants, request_step text)
RETURNS privacy.disclosure_grants
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    status text;
BEGIN
    IF candidate.id IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: no committed grant for this read', caller),
            HINT = pg_catalog.format('Record the access first and commit it: %s returns the grant; then read in a later transaction.', request_step);
    END IF;
    IF candidate.db_user <> SESSION_USER OR candidate.actor <> governance.current_actor() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: grant %s was made for another user or actor', caller, candidate.id),
            HINT = pg_catalog.format('A grant is used by the session user and actor that asked for it: call %s yourself.', request_step);
    END IF;
    IF candidate.expires_at <= pg_catalog.clock_timestamp() THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: grant %s expired at %s', caller, candidate.id, candidate.expires_at),
            HINT = pg_catalog.format('Ask for a new one with %s (the lifetime is governance.limits ''disclosure_grant_seconds'').', request_step);
    END IF;
    status := pg_catalog.pg_xact_status(candidate.created_xid);
    IF status IS DISTINCT FROM 'committed' THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: grant %s is not committed (%s): its record could still be rolled back',
                                        caller, candidate.id, COALESCE(status, 'unknown')),
            HINT = pg_catalog.format('Commit the transaction that called %s, then read in a later transaction.', request_step);
    END IF;
    RETURN candidate;
END
$$;

COMMENT ON FUNCTION privacy.disclosure_grant(text, privacy.disclosure_grants, text) IS
    'Internal: returns a disclosure grant when it is committed, unexpired and the caller''s; raises 42501 otherwise';
