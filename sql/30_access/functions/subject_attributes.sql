-- What policies see as user.* and resource.*: the stored attributes plus the built-in
-- id (and type). An unknown user or resource has only those.
CREATE OR REPLACE FUNCTION access.user_attributes(user_id text)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT COALESCE((SELECT u.attributes FROM access.users u WHERE u.user_id = user_attributes.user_id), '{}')
           || pg_catalog.jsonb_build_object('id', user_attributes.user_id)
$$;

COMMENT ON FUNCTION access.user_attributes(text) IS 'ABAC: the attributes policies see as user.* (id included)';

-- resource_type is used when the resource has no registered type (RLS rows, new resources).
CREATE OR REPLACE FUNCTION access.resource_attributes(resource_id text, resource_type text DEFAULT NULL)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.jsonb_strip_nulls(pg_catalog.jsonb_build_object(
               'id', resource_attributes.resource_id, 'type', COALESCE(r.resource_type, resource_attributes.resource_type)))
           || COALESCE(r.attributes, '{}')
      FROM (SELECT) one
      LEFT JOIN access.resources r ON r.resource_id = resource_attributes.resource_id
$$;

COMMENT ON FUNCTION access.resource_attributes(text, text) IS 'ABAC: the attributes policies see as resource.* (id and type included)';

GRANT EXECUTE ON FUNCTION access.user_attributes(text), access.resource_attributes(text, text)
    TO governance_admin, governance_auditor;
