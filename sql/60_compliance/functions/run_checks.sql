-- Every registered check, or those of one framework, in a stable order. A SQL function
-- (not PL/pgSQL) so that the argument can be called `framework`, like the column.
CREATE OR REPLACE FUNCTION compliance.run_checks(framework text DEFAULT NULL)
RETURNS TABLE (framework text, control text, status text, severity text, evidence jsonb, remedy text,
               check_id text, title text, waiver jsonb)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT r.*
  FROM compliance.known_framework($1) AS f(name)
 CROSS JOIN compliance.checks k
 CROSS JOIN LATERAL compliance.run_check(k) r
 WHERE f.name IS NULL OR k.framework = f.name
 ORDER BY k.framework, k.id
$$;

COMMENT ON FUNCTION compliance.run_checks(text) IS
    'Runs the compliance checks (all, or one framework: gdpr, ccpa, hipaa, soc2, security) with the caller''s privileges; one row per check: framework, control, status (pass/fail/warn/not_applicable/skipped), severity, evidence, remedy, check_id, title, waiver';

GRANT EXECUTE ON FUNCTION compliance.run_checks(text) TO governance_admin, governance_dpo, governance_auditor;
