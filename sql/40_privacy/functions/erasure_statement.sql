-- The statement that erases one table's rows of a subject, returning how many rows it
-- changed and, when $3 is true, their primary keys for audit.redact ([[table, key], ...]).
-- $1 is the subject key; $2 the keys of an own parent's rows, collected while the rows
-- referencing them still existed. NULL when the rule keeps the rows as evidence
-- (retain). Anonymize with no classified column to mask changes nothing in the rows but
-- still returns their keys: their history in the audit trail is the subject's too (the
-- foreign keys that led to them, the values they once had) and is redacted like that
-- of masked rows.
CREATE OR REPLACE FUNCTION privacy.erasure_statement(node privacy.erasure_node)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    masks text := CASE WHEN node.action = 'anonymize'
                       THEN privacy.mask_assignments(node.table_name, COALESCE(node.link_columns, '{}')) END;
    change text;
    row_keys text;
BEGIN
    IF node.action = 'retain' THEN
        RETURN NULL;
    END IF;
    -- Raw columns only: the key is built outside RETURNING (Citus, for one, refuses
    -- non-immutable functions there, and a regclass's text is one).
    row_keys := 'tableoid AS governance_row_table' || COALESCE(
        (SELECT pg_catalog.string_agg(', ' || pg_catalog.quote_ident(c), '') FROM pg_catalog.unnest(privacy.row_key_columns(node.table_name)) c), '');
    IF node.kind = 'own_parent' THEN
        -- Only the rows nothing references any more: a shared address stays.
        change := pg_catalog.format(
            '%s WHERE %s = ANY (ARRAY(SELECT pg_catalog.jsonb_array_elements_text($2))::%s[]) AND %s',
            CASE WHEN node.action = 'delete' THEN pg_catalog.format('DELETE FROM %s AS q', node.table_name)
                 WHEN masks IS NULL THEN pg_catalog.format('SELECT %s FROM %s AS q', row_keys, node.table_name)
                 ELSE pg_catalog.format('UPDATE %s AS q SET %s', node.table_name, masks) END,
            node.parent_key, node.parent_key_type, privacy.unreferenced_condition(node.table_name));
    ELSE
        change := CASE WHEN node.action = 'delete'
                       THEN pg_catalog.format('DELETE FROM %s WHERE %s', node.table_name, node.predicate)
                       WHEN masks IS NULL
                       THEN pg_catalog.format('SELECT %s FROM %s WHERE %s', row_keys, node.table_name, node.predicate)
                       ELSE pg_catalog.format('UPDATE %s SET %s WHERE %s', node.table_name, masks, node.predicate) END;
    END IF;
    RETURN pg_catalog.format(
        'WITH changed AS (%s) '
        'SELECT pg_catalog.count(*), CASE WHEN $3 THEN pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(t, k)) '
        'FILTER (WHERE k IS NOT NULL) END '
        'FROM (SELECT changed.governance_row_table::regclass::text AS t, %s AS k FROM changed) keyed',
        -- A change returns its rows' keys; the read of rows with nothing to mask lists them.
        CASE WHEN node.action = 'anonymize' AND masks IS NULL THEN change ELSE change || ' RETURNING ' || row_keys END,
        privacy.row_key_expression(node.table_name));
END
$$;

COMMENT ON FUNCTION privacy.erasure_statement(privacy.erasure_node) IS
    'Internal: SQL that deletes or anonymizes a table''s rows of a subject per its rule, returning count and row keys; NULL for retained rows';
