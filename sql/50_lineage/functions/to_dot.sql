CREATE OR REPLACE FUNCTION lineage.to_dot(asset bigint, depth integer DEFAULT 3)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- Graphviz: node ids are asset ids; labels are DOT strings, so backslashes and double
    -- quotes in names (and job names on edges) are escaped and cannot end the string early.
    WITH g AS (SELECT lineage.graph(asset, depth) AS doc),
    label AS (
        SELECT (n ->> 'id') AS id, (n ->> 'depth')::int = 0 AS is_root,
               pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                   (n ->> 'name') || E'\n(' || (n ->> 'asset_type') || ')', '\', '\\'), '"', '\"'), E'\n', '\n') AS text
          FROM g, pg_catalog.jsonb_array_elements(g.doc -> 'nodes') n)
    SELECT pg_catalog.concat_ws(E'\n',
        'digraph lineage {',
        '  rankdir=LR;',
        '  node [shape=box, fontname="Helvetica"];',
        (SELECT pg_catalog.string_agg(pg_catalog.format('  a%s [label="%s"%s];', l.id, l.text,
                                                       CASE WHEN l.is_root THEN ', style=filled, fillcolor="#ffe08a"' ELSE '' END),
                                      E'\n' ORDER BY l.id::bigint) FROM label l),
        (SELECT pg_catalog.string_agg(pg_catalog.format('  a%s -> a%s [label="%s"];', e ->> 'source', e ->> 'target',
                                                       pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                                                           e ->> 'label', '\', '\\'), '"', '\"'), E'\n', '\n')), E'\n')
           FROM g, pg_catalog.jsonb_array_elements(g.doc -> 'edges') e),
        '}')
$$;

COMMENT ON FUNCTION lineage.to_dot(bigint, integer) IS 'The lineage neighbourhood of an asset as a Graphviz DOT digraph';

GRANT EXECUTE ON FUNCTION lineage.to_dot(bigint, integer) TO governance_admin, governance_dpo, governance_auditor, governance_app;
