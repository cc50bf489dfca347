-- The first monthly partitions of the trail (statements, row changes, events); audit.enable
-- and audit.purge add more. Re-run when the partitioned tables change (migration 0003).
SELECT audit.add_partitions();
