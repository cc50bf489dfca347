-- The open-work list at a point in time. Views over it use now(); reports and tests pass
-- another instant ("where will we stand next Monday?") without any settable clock.
CREATE OR REPLACE FUNCTION privacy.open_requests_as_of(as_of timestamptz)
RETURNS TABLE (id bigint, subject_key text, request_type text, regulation text, status text,
               received_at timestamptz, due_at timestamptz, extended boolean, overdue boolean, days_left integer)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
    SELECT r.id, r.subject_key, r.request_type, r.regulation, r.status, r.received_at, r.effective_due_at,
           r.extended_due_at IS NOT NULL, r.effective_due_at < $1,
           pg_catalog.floor(pg_catalog.date_part('epoch', r.effective_due_at - $1) / 86400)::integer
      FROM privacy.requests r
     WHERE r.status NOT IN ('completed', 'rejected') AND r.received_at <= $1
     ORDER BY r.effective_due_at, r.id
$$;

COMMENT ON FUNCTION privacy.open_requests_as_of(timestamptz) IS
    'Requests open at as_of with their effective due date, whether they are overdue and the whole days left (negative when late)';

GRANT EXECUTE ON FUNCTION privacy.open_requests_as_of(timestamptz) TO governance_admin, governance_dpo, governance_auditor;
