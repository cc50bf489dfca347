-- Every registered check, or those of one framework and the checks mapped to it
-- (compliance.check_mappings: the security scan's TLS, logging and access checks are SOC 2
-- controls too), in a stable order. A mapped check is reported under the framework asked
-- for and the mapped control; run for all frameworks, each check appears once, under its
-- own. A SQL function (not PL/pgSQL) so that the argument can be called `framework`,
-- like the column.
CREATE OR REPLACE FUNCTION compliance.run_checks(framework text DEFAULT NULL)
RETURNS TABLE (framework text, control text, status text, severity text, evidence jsonb, remedy text,
               check_id text, title text, waiver jsonb)
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
SELECT COALESCE(m.framework, r.framework), COALESCE(m.control, r.control), r.status, r.severity, r.evidence, r.remedy,
       r.check_id, r.title, r.waiver
  FROM compliance.known_framework($1) AS f(name)
 CROSS JOIN compliance.checks k
  LEFT JOIN compliance.check_mappings m ON m.check_id = k.id AND m.framework = f.name
 CROSS JOIN LATERAL compliance.run_check(k) r
 WHERE f.name IS NULL OR k.framework = f.name OR m.framework IS NOT NULL
 ORDER BY COALESCE(m.framework, k.framework), k.id
$$;

COMMENT ON FUNCTION compliance.run_checks(text) IS
    'Runs the compliance checks (all, or one framework: gdpr, ccpa, hipaa, soc2, security, with the checks mapped to it) with the caller''s privileges; one row per check: framework, control, status (pass/fail/warn/not_applicable/skipped), severity, evidence, remedy, check_id, title, waiver';

GRANT EXECUTE ON FUNCTION compliance.run_checks(text) TO governance_admin, governance_dpo, governance_auditor;
