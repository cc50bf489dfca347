-- The tables of a subject graph whose rows row-level security filters for pack's owner
-- (row_security_active: enabled and, for a role with the owner's rights, forced; tenant
-- isolation forces it). A subject with no visible row in them may exist in another
-- tenant: "not found" cannot be told apart from "hidden", and the erasure functions say
-- which of the two it may be. NULL when none.
CREATE OR REPLACE FUNCTION privacy.subject_hidden_by_row_security(graph privacy.erasure_node[])
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.string_agg(DISTINCT g.table_name::text, ', ')
      FROM pg_catalog.unnest(graph) g
     WHERE g.kind IN ('subject', 'link') AND pg_catalog.row_security_active(g.table_name)
$$;

COMMENT ON FUNCTION privacy.subject_hidden_by_row_security(privacy.erasure_node[]) IS
    'Internal: the subject tables of a graph whose rows row-level security filters (tenant isolation), or NULL';
