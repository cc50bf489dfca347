-- What the trail stores of a row: excluded columns removed, restricted ones replaced by a
-- keyed hash. Plain SQL without SET clauses so that the planner inlines it into the
-- capture queries: tables with nothing to hide or drop pay one CASE per row.
CREATE OR REPLACE FUNCTION audit.stored_values(j jsonb, restricted text[], excluded text[], hash_key bytea)
RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN pg_catalog.cardinality(restricted) = 0 AND pg_catalog.cardinality(excluded) = 0 THEN j
                ELSE audit.mask_values(j OPERATOR(pg_catalog.-) excluded, restricted, hash_key) END
$$;

COMMENT ON FUNCTION audit.stored_values(jsonb, text[], text[], bytea) IS
    'Internal: a row as the audit trail stores it (excluded columns dropped, restricted ones hashed)';
