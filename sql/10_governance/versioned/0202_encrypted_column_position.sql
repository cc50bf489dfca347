-- Where an encrypted column stood in its table. encrypt_column drops the plaintext column
-- and renames the bytea shadow into its place, which PostgreSQL puts at the end of the
-- table; the decrypted view lists the column at this position, so that it reads like the
-- table did (SELECT * keeps its column order).
ALTER TABLE governance.encrypted_columns ADD COLUMN original_position smallint;
COMMENT ON COLUMN governance.encrypted_columns.original_position IS
    'attnum of the plaintext column, where <table>_decrypted lists the column (NULL: registered before 0202)';

-- Conversions still under way have their plaintext column: its position is known.
UPDATE governance.encrypted_columns ec
   SET original_position = a.attnum
  FROM pg_catalog.pg_attribute a
 WHERE ec.state = 'converting' AND a.attrelid = ec.table_name AND a.attname = ec.column_name AND NOT a.attisdropped;
