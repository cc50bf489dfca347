-- Generates access.decide from the stored policies (none on a fresh install: default deny).
-- Re-applied when this file changes; change it (this comment will do) whenever
-- access.compile_policies generates different code, so upgrades regenerate it.
-- Generator version: 2 (the generated function's comment carries the Internal: marker).
SELECT access.compile_policies();
