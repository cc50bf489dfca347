-- The governed read path for PHI: SELECT * FROM privacy.read_phi(NULL::clinic.visits,
-- patients => ARRAY['p1']). The row type names the table (registered with
-- privacy.register_phi_table); patients restricts the read (NULL: every patient). One
-- statement reads the rows and logs one privacy.phi_access_log row per patient read,
-- with the number of rows, under the declared purpose (governance.set_context) or, in an
-- emergency, a break-glass reason, which flags the access. Without either: an error
-- (42501), nothing read. Application roles get this function, not SELECT on the table.
CREATE OR REPLACE FUNCTION privacy.read_phi(rowtype anyelement, patients text[] DEFAULT NULL,
                                            break_glass_reason text DEFAULT NULL)
RETURNS SETOF anyelement
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'privacy.read_phi';
    reason text := privacy.phi_access_reason(caller, break_glass_reason);
    tbl regclass := (SELECT t.typrelid::regclass FROM pg_catalog.pg_type t
                      WHERE t.oid = pg_catalog.pg_typeof(rowtype) AND t.typrelid <> 0);
    patient_column name;
    patient_type text;
    closed record;
BEGIN
    SELECT p.patient_column, pg_catalog.format_type(a.atttypid, a.atttypmod)
      INTO patient_column, patient_type
      FROM privacy.phi_tables p
      JOIN pg_catalog.pg_attribute a ON a.attrelid = p.table_name AND a.attname = p.patient_column AND NOT a.attisdropped
     WHERE p.table_name = tbl;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: %s is not a registered PHI table', caller,
                                        COALESCE(tbl::text, pg_catalog.pg_typeof(rowtype)::text)),
            HINT = 'Pass NULL::schema.table of a table registered with privacy.register_phi_table.';
    END IF;
    -- Also against a registration written past register_phi_table: the governance tables
    -- hold secrets that no governance role may read.
    PERFORM privacy.require_user_table(caller, tbl);

    -- The table's policies run as the pack's owner while it is read: not with the session's
    -- keys within reach. RETURN QUERY reads every row before the keyring is put back.
    closed := governance.encryption_keyring_close();
    RETURN QUERY EXECUTE pg_catalog.format(
        'WITH r AS MATERIALIZED (SELECT t FROM %1$s t WHERE $1 IS NULL OR t.%2$I = ANY ($1::%3$s[])), '
        '     logged AS (INSERT INTO privacy.phi_access_log (actor, patient, table_name, access_type, reason, break_glass, row_count) '
        '                SELECT $2, (r.t).%2$I::text, %4$L, ''read'', $3, $4, pg_catalog.count(*) '
        '                  FROM r WHERE (r.t).%2$I IS NOT NULL GROUP BY (r.t).%2$I) '
        'SELECT (r.t).* FROM r',
        tbl, patient_column, patient_type, tbl::text)
    USING patients, governance.current_actor(), reason, NULLIF(pg_catalog.btrim(break_glass_reason), '') IS NOT NULL;
    PERFORM governance.encryption_keyring_reopen('privacy.read_phi', closed.keyring, closed.entries);
END
$$;

COMMENT ON FUNCTION privacy.read_phi(anyelement, text[], text) IS
    'Reads a registered PHI table (by row type), logging one access per patient and statement under the declared purpose or a break-glass reason';

GRANT EXECUTE ON FUNCTION privacy.read_phi(anyelement, text[], text) TO governance_admin, governance_dpo, governance_app;
