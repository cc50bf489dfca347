-- A table may hold a subject's other identity rather than its key (visits and support
-- requests keyed by e-mail): link_table names the subject table's column it holds, any
-- column unique on its own. NULL: the subject's key column, as before.
ALTER TABLE privacy.linked_tables ADD COLUMN subject_column name;

-- The erasure engine's node carries the linked columns of a table, so that anonymizing a
-- linked row also removes the link value itself (otherwise every repeated gdpr_forget
-- would find the row again and the export would still return it).
ALTER TYPE privacy.erasure_node ADD ATTRIBUTE link_columns name[];

-- Added arguments with defaults would make second, ambiguous overloads: drop the old
-- signatures; functions/link_table.sql and functions/mask_assignments.sql create the new.
DROP FUNCTION IF EXISTS privacy.link_table(regclass, name, text);
DROP FUNCTION IF EXISTS privacy.mask_assignments(regclass);
