-- Refuses a feature on a table Citus distributed or replicated, naming what fails there
-- (measured on Citus 13.2, docs/scale-out.md), before anything is changed: a silent wrong
-- answer (isolation that isolates nothing) or application writes that start failing
-- (audit triggers on the workers) are worse than a refusal. feature: one of the keys below.
CREATE OR REPLACE FUNCTION governance.require_local_table(caller text, tbl regclass, feature text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    kind text := governance.citus_table_kind(tbl);
BEGIN
    IF kind = 'local' THEN
        RETURN;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'feature_not_supported',
        MESSAGE = pg_catalog.format('%s: %s is a Citus %s table; %s', caller, tbl, pg_catalog.replace(kind, '_', ' '),
            CASE feature
                WHEN 'audit' THEN 'its audit triggers would run on the workers, where the audit tables do not exist '
                                  '(every write to the table would fail with 42P01)'
                WHEN 'row security' THEN 'Citus creates RESTRICTIVE policies on the shards as PERMISSIVE and refuses '
                                         'subqueries in policies, so the policy would not restrict'
                WHEN 'encryption' THEN 'decryption and the conversion run on the workers, which do not have the keyring '
                                       'the coordinator session unlocked'
                WHEN 'erasure' THEN 'erasure locks the subject''s rows FOR UPDATE across shards and masks them with '
                                    'volatile functions, which Citus refuses'
                ELSE pg_catalog.format('%s is not supported on it', feature) END),
        HINT = 'pg-governance supports Citus tables that stay local to the coordinator only; '
               'docs/scale-out.md describes what a Citus mode needs.';
END
$$;

COMMENT ON FUNCTION governance.require_local_table(text, regclass, text) IS
    'Raises 0A000 naming the Citus limitation when a feature is asked on a distributed, reference or Citus local table';

GRANT EXECUTE ON FUNCTION governance.require_local_table(text, regclass, text)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
