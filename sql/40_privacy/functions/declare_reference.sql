-- A reference the schema does not declare (the ORM holds it): child(child_columns) refers
-- to parent(parent_columns). The erasure engine uses it exactly like a foreign key with
-- that ON DELETE (privacy.foreign_keys): plan, forget and export follow it, and
-- gdpr_forget detaches for SET NULL / SET DEFAULT, since the database does not.
-- Declaring it again replaces its referenced columns and ON DELETE.
CREATE OR REPLACE FUNCTION privacy.declare_reference(child regclass, child_columns name[], parent regclass,
                                                     parent_columns name[], on_delete text DEFAULT 'no action')
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    caller constant text := 'privacy.declare_reference';
    action "char" := CASE pg_catalog.lower(on_delete) WHEN 'no action' THEN 'a' WHEN 'restrict' THEN 'r'
                          WHEN 'cascade' THEN 'c' WHEN 'set null' THEN 'n' WHEN 'set default' THEN 'd' END;
    col name;
BEGIN
    PERFORM privacy.require_user_table(caller, child);
    PERFORM privacy.require_user_table(caller, parent);
    IF COALESCE(pg_catalog.cardinality(child_columns), 0) = 0
       OR pg_catalog.cardinality(child_columns) IS DISTINCT FROM pg_catalog.cardinality(parent_columns) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: child_columns and parent_columns must name as many columns, at least one', caller);
    END IF;
    FOREACH col IN ARRAY child_columns LOOP
        PERFORM governance.require_column(caller, child, col);
    END LOOP;
    FOREACH col IN ARRAY parent_columns LOOP
        PERFORM governance.require_column(caller, parent, col);
    END LOOP;
    -- The referenced columns must identify one row, as a foreign key's do.
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_index i
         WHERE i.indrelid = parent AND i.indisunique AND i.indpred IS NULL
           AND i.indnkeyatts = pg_catalog.cardinality(parent_columns)
           AND (i.indkey::smallint[])[0:i.indnkeyatts - 1] <@ ARRAY(
                   SELECT a.attnum FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = parent AND a.attname = ANY (parent_columns))::smallint[]) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: the columns %s of %s are not unique', caller,
                                        pg_catalog.array_to_string(parent_columns, ', '), parent),
            HINT = 'A reference points at a primary key or a unique constraint on exactly those columns.';
    END IF;
    IF action IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('%s: unknown on_delete %L', caller, on_delete),
            HINT = 'Use no action, restrict, cascade, set null or set default.';
    END IF;

    INSERT INTO privacy.declared_references AS d (child, child_columns, parent, parent_columns, on_delete, declared_by)
    VALUES (child, child_columns, parent, parent_columns, action, governance.current_actor())
    ON CONFLICT ON CONSTRAINT declared_references_pkey DO UPDATE
       SET parent_columns = EXCLUDED.parent_columns, on_delete = EXCLUDED.on_delete,
           declared_by = EXCLUDED.declared_by, declared_at = pg_catalog.now();
END
$$;

COMMENT ON FUNCTION privacy.declare_reference(regclass, name[], regclass, name[], text) IS
    'Declares a reference the schema lacks (child columns -> parent columns, with its ON DELETE); erasure plan, forget and export use it like a foreign key';

GRANT EXECUTE ON FUNCTION privacy.declare_reference(regclass, name[], regclass, name[], text) TO governance_admin, governance_dpo;
