-- The keys of a JSON document at every depth, with their scalar values (NULL for an
-- object or array): what discover_pii reads in event payloads, where {"user": {"email":
-- ...}} holds an e-mail address under a column called payload. An array's elements carry
-- the key of the array. Bounded (depth 8, 500 entries): one huge document costs no more
-- than any other.
CREATE OR REPLACE FUNCTION governance.jsonb_leaves(doc jsonb)
RETURNS TABLE (key text, value text)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH RECURSIVE walk (key, val, depth) AS (
        SELECT NULL::text, doc, 0
        UNION ALL
        SELECT e.key, e.value, w.depth + 1
          FROM walk w
         CROSS JOIN LATERAL (
               SELECT o.key, o.value
                 FROM pg_catalog.jsonb_each(CASE WHEN pg_catalog.jsonb_typeof(w.val) = 'object' THEN w.val END) o
               UNION ALL
               SELECT w.key, a.value
                 FROM pg_catalog.jsonb_array_elements(CASE WHEN pg_catalog.jsonb_typeof(w.val) = 'array' THEN w.val END) a) e
         WHERE w.depth < 8)
    SELECT w.key, CASE WHEN pg_catalog.jsonb_typeof(w.val) NOT IN ('object', 'array', 'null') THEN w.val #>> '{}' END
      FROM walk w
     WHERE w.key IS NOT NULL
     LIMIT 500
$$;

COMMENT ON FUNCTION governance.jsonb_leaves(jsonb) IS
    'Internal: the keys of a JSON document at every depth (depth 8, 500 entries at most), with their scalar values';
