-- Withdraws governance.trust_owner; the relations that role owns are refused from then on.
CREATE OR REPLACE FUNCTION governance.distrust_owner(role regrole)
RETURNS boolean
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH gone AS (DELETE FROM governance.trusted_owners t WHERE t.role_oid = role RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM gone)
$$;

COMMENT ON FUNCTION governance.distrust_owner(regrole) IS
    'Owner only: removes a role from governance.trusted_owners; true when it was listed';
