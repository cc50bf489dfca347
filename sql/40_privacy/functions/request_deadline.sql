-- Statutory deadlines, computed on the UTC calendar so they do not depend on the session's
-- TimeZone:
--   GDPR Art. 12(3): one calendar month from receipt (31 January -> 28 or 29 February:
--     timestamp + interval '1 month' clamps to the month's last day), extendable by two
--     further months, counted from the first deadline (the earlier of the two readings).
--   CCPA 1798.130(a)(2): 45 days, extendable once by 45 more.
--   HIPAA 164.524(b)(2): 30 days, extendable once by 30 more.
CREATE OR REPLACE FUNCTION privacy.request_deadline(regulation text, received_at timestamptz,
                                                    extended boolean DEFAULT false)
RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (CASE $1
                WHEN 'gdpr'  THEN ($2 AT TIME ZONE 'UTC') + interval '1 month'
                                  + CASE WHEN $3 THEN interval '2 months' ELSE interval '0' END
                WHEN 'ccpa'  THEN ($2 AT TIME ZONE 'UTC') + CASE WHEN $3 THEN interval '90 days' ELSE interval '45 days' END
                WHEN 'hipaa' THEN ($2 AT TIME ZONE 'UTC') + CASE WHEN $3 THEN interval '60 days' ELSE interval '30 days' END
            END) AT TIME ZONE 'UTC'
$$;

COMMENT ON FUNCTION privacy.request_deadline(text, timestamptz, boolean) IS
    'Statutory due date of a data-subject request received at a time under gdpr, ccpa or hipaa, optionally extended';

GRANT EXECUTE ON FUNCTION privacy.request_deadline(text, timestamptz, boolean)
    TO governance_admin, governance_dpo, governance_auditor, governance_app;
