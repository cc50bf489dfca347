-- The first monthly partitions of the trail; audit.enable and audit.purge add more.
SELECT audit.add_partitions();
