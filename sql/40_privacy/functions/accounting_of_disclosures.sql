-- HIPAA 164.528 gives a patient an accounting of disclosures of their PHI over six years;
-- this returns every logged access since a time, flagging those made for treatment,
-- payment or health care operations (which 164.528(a)(1)(i) leaves out of the formal
-- accounting) and break-glass accesses.
CREATE OR REPLACE FUNCTION privacy.accounting_of_disclosures(patient text,
                                                             since timestamptz DEFAULT pg_catalog.now() - interval '6 years')
RETURNS TABLE (accessed_at timestamptz, actor text, access_type text, table_name text, reason text,
               recipient text, row_count bigint, break_glass boolean, tpo boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT l.accessed_at, l.actor, l.access_type, l.table_name, l.reason, l.recipient, l.row_count, l.break_glass,
           l.reason IN ('treatment', 'payment', 'operations', 'health_care_operations') AND NOT l.break_glass
      FROM privacy.phi_access_log l
     WHERE l.patient = governance.subject_key($1) AND l.accessed_at >= $2
     ORDER BY l.accessed_at, l.id
$$;

COMMENT ON FUNCTION privacy.accounting_of_disclosures(text, timestamptz) IS
    'Every logged access to a patient''s PHI since a time (default six years), with TPO and break-glass flags';

GRANT EXECUTE ON FUNCTION privacy.accounting_of_disclosures(text, timestamptz)
    TO governance_admin, governance_dpo, governance_auditor;
