CREATE OR REPLACE FUNCTION lineage.to_mermaid(asset bigint, depth integer DEFAULT 3)
RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    -- Mermaid flowchart: labels are quoted, with '#' and '"' written as entity codes
    -- (#35; #quot;; in edge labels also '|', #124;) so that a name or job name cannot close the label or start markup; newlines become
    -- <br/>.
    WITH g AS (SELECT lineage.graph(asset, depth) AS doc),
    label AS (
        SELECT (n ->> 'id') AS id, (n ->> 'depth')::int = 0 AS is_root,
               pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                   n ->> 'name', '#', '#35;'), '"', '#quot;'), '<', '#lt;'), '>', '#gt;'), E'\n', '<br/>')
               || ' (' || (n ->> 'asset_type') || ')' AS text
          FROM g, pg_catalog.jsonb_array_elements(g.doc -> 'nodes') n)
    SELECT pg_catalog.concat_ws(E'\n',
        'flowchart LR',
        (SELECT pg_catalog.string_agg(pg_catalog.format('  a%s["%s"]', l.id, l.text), E'\n' ORDER BY l.id::bigint) FROM label l),
        (SELECT pg_catalog.string_agg(pg_catalog.format('  a%s -->|"%s"| a%s', e ->> 'source',
                                                       pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(pg_catalog.replace(
                                                           pg_catalog.replace(pg_catalog.replace(e ->> 'label', '#', '#35;'), '"', '#quot;'),
                                                           '<', '#lt;'), '>', '#gt;'), '|', '#124;'), E'\n', ' '),
                                                       e ->> 'target'), E'\n')
           FROM g, pg_catalog.jsonb_array_elements(g.doc -> 'edges') e),
        (SELECT pg_catalog.format('  style a%s fill:#ffe08a', l.id) FROM label l WHERE l.is_root))
$$;

COMMENT ON FUNCTION lineage.to_mermaid(bigint, integer) IS 'The lineage neighbourhood of an asset as a Mermaid flowchart';

GRANT EXECUTE ON FUNCTION lineage.to_mermaid(bigint, integer) TO governance_admin, governance_dpo, governance_auditor, governance_app;
