-- `WHERE ...` selecting a table's rows that its retention rule has made due:
-- older than $1 (the cutoff, cast to the time column's type), past $2 (how far an
-- anonymizing rule got; NULL: from the oldest), and not held by a child
-- (privacy.retention_nodes), for a query that aliases the table governance_root.
CREATE OR REPLACE FUNCTION privacy.retention_due(tbl regclass)
RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT pg_catalog.format('WHERE %I < $1::%s AND ($2::text IS NULL OR %I > $2::%s)%s',
                             r.time_column, t.type_name, r.time_column, t.type_name,
                             COALESCE((SELECT pg_catalog.string_agg(pg_catalog.format(
                                          ' AND NOT EXISTS (SELECT 1 FROM %s WHERE %s)', n.table_name,
                                          pg_catalog.replace(n.predicate, '{root}',
                                                             'ctid = governance_root.ctid AND tableoid = governance_root.tableoid')), '')
                                         FROM privacy.retention_nodes(tbl) n
                                        WHERE n.action = 'held' AND r.action = 'delete'), ''))
      FROM privacy.retention_rules r
     CROSS JOIN LATERAL (SELECT pg_catalog.format_type(a.atttypid, NULL) AS type_name FROM pg_catalog.pg_attribute a
                          WHERE a.attrelid = tbl AND a.attname = r.time_column) t
     WHERE r.table_name = tbl
$$;

COMMENT ON FUNCTION privacy.retention_due(regclass) IS
    'Internal: the WHERE clause selecting the rows of a table its retention rule has made due, those held by a child excepted';

