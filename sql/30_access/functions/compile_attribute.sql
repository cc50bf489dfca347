-- SQL for one attribute reference of a policy: user.<name>, resource.<name> or
-- env.<name>. $1, $2 and $3 are the user, resource and environment objects in both
-- places compiled SQL runs (access.decide and access.explain). NULL: not a valid reference.
CREATE OR REPLACE FUNCTION access.compile_attribute(reference text)
RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('(%s -> %L)',
               CASE m[1] WHEN 'user' THEN '$1' WHEN 'resource' THEN '$2' ELSE '$3' END, m[2])
      FROM pg_catalog.regexp_match(reference, '^(user|resource|env)\.([A-Za-z_][A-Za-z0-9_]*)$') m
     WHERE m IS NOT NULL
       AND (m[1] <> 'env' OR m[2] IN ('hour', 'minute', 'time', 'day_of_week', 'date',
                                      'client_addr', 'tenant', 'actor', 'purpose'))
$$;

COMMENT ON FUNCTION access.compile_attribute(text) IS
    'Internal: the SQL expression reading user.x, resource.x or env.x in compiled policies';
