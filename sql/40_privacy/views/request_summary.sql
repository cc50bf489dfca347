-- Per month of receipt (UTC): how many requests of each kind came in and how they were
-- answered; what a regulator or a transparency report asks for.
CREATE OR REPLACE VIEW privacy.request_summary AS
SELECT pg_catalog.date_trunc('month', r.received_at AT TIME ZONE 'UTC')::date AS month,
       r.regulation,
       r.request_type,
       pg_catalog.count(*)                                                         AS received,
       pg_catalog.count(*) FILTER (WHERE r.status = 'completed')                   AS completed,
       pg_catalog.count(*) FILTER (WHERE r.status = 'completed'
                                     AND r.completed_at > r.effective_due_at)      AS completed_late,
       pg_catalog.count(*) FILTER (WHERE r.status = 'rejected')                    AS rejected,
       pg_catalog.count(*) FILTER (WHERE r.status NOT IN ('completed', 'rejected')) AS still_open,
       pg_catalog.count(*) FILTER (WHERE r.status NOT IN ('completed', 'rejected')
                                     AND r.effective_due_at < pg_catalog.now())    AS overdue,
       pg_catalog.count(*) FILTER (WHERE r.extended_due_at IS NOT NULL)            AS extended,
       pg_catalog.round(pg_catalog.avg(pg_catalog.date_part('epoch', r.completed_at - r.received_at) / 86400)
                        FILTER (WHERE r.status = 'completed')::numeric, 1)         AS avg_days_to_complete
  FROM privacy.requests r
 GROUP BY 1, 2, 3;

COMMENT ON VIEW privacy.request_summary IS 'Data-subject requests per month of receipt, regulation and type: received, completed (late), rejected, open, overdue';

GRANT SELECT ON privacy.request_summary TO governance_admin, governance_dpo, governance_auditor;
