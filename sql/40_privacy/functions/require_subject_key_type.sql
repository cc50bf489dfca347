-- The subject key arrives as text and is compared with key columns of any type; a key
-- that is not a value of one of those types is a clear usage error, not a cast failure
-- deep inside generated SQL. The key is not repeated in the message: it is personal data.
-- An empty key passes: a subject table may use it as a key.
CREATE OR REPLACE FUNCTION privacy.require_subject_key_type(caller text, for_type text, subject_key text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_type text;
BEGIN
    PERFORM governance.require_subject_key(caller, subject_key, empty_allowed => true);
    FOR key_type IN
        SELECT DISTINCT pg_catalog.format_type(a.atttypid, a.atttypmod)
          FROM (SELECT s.table_name, s.key_column FROM privacy.subjects s WHERE s.subject_type = for_type
                UNION ALL
                SELECT l.table_name, l.column_name FROM privacy.linked_tables l
                 WHERE l.subject_type = for_type AND l.subject_column IS NULL) k
          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.table_name AND a.attname = k.key_column
    LOOP
        BEGIN
            EXECUTE pg_catalog.format('SELECT $1::%s', key_type) USING subject_key;
        EXCEPTION WHEN data_exception THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('%s: the subject key is not a valid %s (subject type %s)',
                                            caller, key_type, for_type);
        END;
    END LOOP;
END
$$;

COMMENT ON FUNCTION privacy.require_subject_key_type(text, text, text) IS
    'Internal: raises unless the subject key is given and a value of every key column type of the subject type';
