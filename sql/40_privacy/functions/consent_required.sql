-- Guards a table: while the transaction's declared purpose (governance.current_purpose())
-- is this purpose, rows of subjects without consent for it are not readable. Other
-- purposes, and no purpose, see the rows as before.
--
-- The guard is a RESTRICTIVE row-level security policy named consent_<purpose>, so it
-- narrows whatever permissive policies the table has (tenant isolation, ...). A table
-- without any permissive policy gets one that allows everything, consent_baseline, since
-- restrictive policies alone would hide every row. The purpose is read once per statement
-- ((SELECT ...) is an InitPlan); the consent check, privacy.latest_consent inlined into the
-- policy, runs only for rows read under this purpose. Readers of a guarded table need a
-- governance role (governance_app for applications): the check reads consent decisions.
--
-- Security invoker: changing a table's row security needs its owner, and a definer
-- function would act with the installer's rights on tables that are not its business.
CREATE OR REPLACE FUNCTION privacy.consent_required(tbl regclass, purpose text, subject_column name)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller constant text := 'privacy.consent_required';
    owner_name name;
    member     regclass;
BEGIN
    PERFORM governance.require_local_table(caller, tbl, 'row security');
    IF tbl IS NULL OR subject_column IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'null_value_not_allowed',
            MESSAGE = pg_catalog.format('%s: table and subject column are required', caller);
    END IF;
    SELECT r.rolname INTO owner_name
      FROM pg_catalog.pg_class c JOIN pg_catalog.pg_roles r ON r.oid = c.relowner WHERE c.oid = tbl;
    IF NOT pg_catalog.pg_has_role(current_user, owner_name, 'USAGE') THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('%s: only its owner %I may change the row-level security of %s', caller, owner_name, tbl),
            HINT = pg_catalog.format('Call it as %I, granted governance_dpo or governance_admin for the call (docs/roles.md).',
                                     owner_name);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM privacy.purposes p WHERE p.name = consent_required.purpose) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown purpose %L', caller, purpose),
            HINT = 'Purposes are registered with privacy.register_purpose.';
    END IF;
    PERFORM governance.require_column(caller, tbl, subject_column);

    -- The partitions too: a role granted SELECT on a partition reads it without the
    -- partitioned table's policies.
    FOR member IN SELECT tbl UNION SELECT t.relid FROM pg_catalog.pg_partition_tree(tbl) t LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member AND p.polpermissive) THEN
            EXECUTE pg_catalog.format('CREATE POLICY consent_baseline ON %s AS PERMISSIVE FOR ALL USING (true) WITH CHECK (true)',
                                      member);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = member AND p.polname = 'consent_' || purpose) THEN
            EXECUTE pg_catalog.format('DROP POLICY %I ON %s', 'consent_' || purpose, member);
        END IF;
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON %s AS RESTRICTIVE FOR SELECT USING '
            '((SELECT governance.current_purpose()) IS DISTINCT FROM %L '
            ' OR EXISTS (SELECT 1 FROM privacy.latest_consent((%I)::text, %L) l WHERE l.granted))',
            'consent_' || purpose, member, purpose, subject_column, purpose);
        EXECUTE pg_catalog.format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', member);
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.consent_required(regclass, text, name) IS
    'Hides rows of subjects without consent for a purpose from statements run under that purpose (a restrictive RLS policy consent_<purpose>)';

GRANT EXECUTE ON FUNCTION privacy.consent_required(regclass, text, name) TO governance_admin, governance_dpo;
