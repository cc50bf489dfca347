-- Generates access.decide from the stored policies (none on a fresh install: default deny).
-- Every apply that changes anything runs it again (generated/), so a new
-- access.compile_policies regenerates the function without editing this file.
SELECT access.compile_policies();
