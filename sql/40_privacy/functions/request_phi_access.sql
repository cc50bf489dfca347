-- Step one of a governed PHI read: logs the access, then returns the grant that
-- privacy.read_phi(NULL::tbl, grant) reads under once this transaction has COMMITTED.
-- One privacy.phi_access_log row per patient whose rows the grant opens (patients: NULL
-- for every patient of the table now), with their number of rows, under the declared
-- purpose (governance.set_context) or, in an emergency, a break-glass reason, which flags
-- the access. Without either: an error (42501), nothing logged. Because the log commits
-- before any row is read, a reader who rolls back keeps no unlogged data; rows of a
-- patient the grant does not name are never returned under it.
CREATE OR REPLACE FUNCTION privacy.request_phi_access(tbl regclass, patients text[] DEFAULT NULL,
                                                      break_glass_reason text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.request_phi_access';
    reason text := privacy.phi_access_reason(caller, break_glass_reason);
    phi record := privacy.phi_table(caller, tbl);
    who text := governance.current_actor();
    logged bigint[];
    grant_id bigint;
    closed record;
BEGIN
    -- Counting the patients' rows evaluates the table's policies as the pack's owner: not
    -- with the session's keys within reach (as read_phi).
    closed := governance.encryption_keyring_close();
    EXECUTE pg_catalog.format(
        'WITH logged AS (INSERT INTO privacy.phi_access_log (actor, patient, table_name, access_type, reason, break_glass, row_count) '
        '                SELECT $2, governance.subject_key(t.%2$I::text), %4$L, ''read'', $3, $4, pg_catalog.count(*) '
        '                  FROM %1$s t WHERE t.%2$I IS NOT NULL AND ($1 IS NULL OR t.%2$I = ANY ($1::%3$s[])) '
        '                 GROUP BY t.%2$I RETURNING id) '
        'SELECT COALESCE(pg_catalog.array_agg(id), ''{}'') FROM logged',
        tbl, phi.patient_column, phi.patient_type, tbl::text)
      INTO logged
     USING patients, who, reason, NULLIF(pg_catalog.btrim(break_glass_reason), '') IS NOT NULL;
    PERFORM governance.encryption_keyring_reopen(caller, closed.keyring, closed.entries);

    INSERT INTO privacy.disclosure_grants (kind, expires_at, actor, table_name, log_ids)
    VALUES ('phi_read', pg_catalog.clock_timestamp() + pg_catalog.make_interval(secs => governance.limit_value('disclosure_grant_seconds')),
            who, tbl, logged)
    RETURNING id INTO grant_id;
    RETURN grant_id;
END
$$;

COMMENT ON FUNCTION privacy.request_phi_access(regclass, text[], text) IS
    'Logs an access to a PHI table (one log row per patient, purpose or break-glass reason) and returns the grant privacy.read_phi reads under once committed';

GRANT EXECUTE ON FUNCTION privacy.request_phi_access(regclass, text[], text) TO governance_admin, governance_dpo, governance_app;
