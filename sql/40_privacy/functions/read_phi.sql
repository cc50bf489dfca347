-- The governed read path for PHI, in two steps:
--   SELECT privacy.request_phi_access('clinic.visits', ARRAY['p1']);   -- logs, returns grant 7; COMMIT
--   SELECT * FROM privacy.read_phi(NULL::clinic.visits, 7);            -- a later transaction
-- The row type names the table; the grant (privacy.request_phi_access) says which
-- patients' rows are returned and carries the log, which has committed before any row is
-- read (privacy.disclosure_grant): rolling back the read cannot undo its record. A grant
-- may be read under until it expires, by the session user and actor that asked for it.
-- Application roles get this function, not SELECT on the table.
CREATE OR REPLACE FUNCTION privacy.read_phi(rowtype anyelement, access_grant bigint)
RETURNS SETOF anyelement
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.read_phi';
    tbl regclass := (SELECT t.typrelid::regclass FROM pg_catalog.pg_type t
                      WHERE t.oid = pg_catalog.pg_typeof(rowtype) AND t.typrelid <> 0);
    phi record := privacy.phi_table(caller, tbl);
    granted privacy.disclosure_grants;
    closed record;
BEGIN
    SELECT * INTO granted FROM privacy.disclosure_grants g WHERE g.id = access_grant AND g.kind = 'phi_read';
    granted := privacy.disclosure_grant(caller, granted, 'privacy.request_phi_access(table, patients)');
    IF granted.table_name <> tbl THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: grant %s is for %s, not %s', caller, granted.id, granted.table_name, tbl);
    END IF;

    -- The table's policies run as the pack's owner while it is read: not with the session's
    -- keys within reach. RETURN QUERY reads every row before the keyring is put back.
    closed := governance.encryption_keyring_close();
    -- The table's policies run as the pack's owner while it is read: not with the session's
    -- keys within reach. RETURN QUERY reads every row before the keyring is put back.
    closed := governance.encryption_keyring_close();
    RETURN QUERY EXECUTE pg_catalog.format(
        'SELECT t.* FROM %1$s t WHERE governance.subject_key(t.%2$I::text) IN (SELECT l.patient FROM privacy.phi_access_log l WHERE l.id = ANY ($1))',
        tbl, phi.patient_column)
    USING granted.log_ids;
    PERFORM governance.encryption_keyring_reopen(caller, closed.keyring, closed.entries);
END
$$;

COMMENT ON FUNCTION privacy.read_phi(anyelement, bigint) IS
    'Reads a registered PHI table (by row type) under a committed grant of privacy.request_phi_access: the rows of the patients it logged';

GRANT EXECUTE ON FUNCTION privacy.read_phi(anyelement, bigint) TO governance_admin, governance_dpo, governance_app;

-- The one-step read of earlier releases logged in the reader's transaction, which the
-- reader could roll back after reading. It stays, so that such callers are told the two
-- steps instead of "function does not exist", and reads nothing.
CREATE OR REPLACE FUNCTION privacy.read_phi(rowtype anyelement, patients text[] DEFAULT NULL,
                                            break_glass_reason text DEFAULT NULL)
RETURNS SETOF anyelement
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = 'privacy.read_phi: PHI is read under a committed grant: privacy.read_phi(NULL::table, grant)',
        HINT = 'Call privacy.request_phi_access(table, patients, break_glass_reason) and commit (it logs the access), '
               'then read with privacy.read_phi(NULL::table, grant) in a later transaction.';
END
$$;

COMMENT ON FUNCTION privacy.read_phi(anyelement, text[], text) IS
    'Retired one-step PHI read (its log could be rolled back): refuses with 42501 and names the two steps';

GRANT EXECUTE ON FUNCTION privacy.read_phi(anyelement, text[], text) TO governance_admin, governance_dpo, governance_app;
