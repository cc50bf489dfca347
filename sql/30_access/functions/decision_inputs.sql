-- What policies see as user.* and resource.*: the stored attributes plus the built-in
-- id (and type); an unknown user or resource has only those. resource_type is used when
-- the resource has no registered type (RLS rows, resources not yet described).
-- Plain SQL without SECURITY DEFINER or SET, so that the planner inlines it into its
-- callers (access.decision, access.explain), which are definer functions.
CREATE OR REPLACE FUNCTION access.decision_inputs(user_id text, resource_id text, resource_type text DEFAULT NULL)
RETURNS TABLE (u jsonb, r jsonb)
LANGUAGE sql STABLE
AS $$
    SELECT COALESCE((SELECT x.attributes FROM access.users x WHERE x.user_id = decision_inputs.user_id), '{}')
               || pg_catalog.jsonb_build_object('id', decision_inputs.user_id),
           pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'id', decision_inputs.resource_id, 'type', COALESCE(y.resource_type, decision_inputs.resource_type)))
               || COALESCE(y.attributes, '{}')
      FROM (SELECT) one
      LEFT JOIN access.resources y ON y.resource_id = decision_inputs.resource_id
$$;

COMMENT ON FUNCTION access.decision_inputs(text, text, text) IS
    'Internal: the user.* and resource.* objects of a decision';
