-- The first monthly partitions of the trail (statements, row changes, events); audit.enable
-- and audit.purge add more. Every apply that changes anything runs it again (generated/).
SELECT audit.add_partitions();
