-- The compliance checks' rows moved from policies/ to seeds/, and the generator calls
-- (access.decide, the trail's first partitions) to generated/. Their records under the
-- old names go, so that `status` does not report them as applied but no longer shipped;
-- the files run again under their new names in the same apply (they are idempotent).
DELETE FROM governance.migrations
 WHERE name IN ('60_compliance/policies/checks_ccpa.sql', '60_compliance/policies/checks_gdpr.sql',
                '60_compliance/policies/checks_hipaa.sql', '60_compliance/policies/checks_security.sql',
                '60_compliance/policies/checks_soc2.sql', '30_access/policies/abac_decide.sql',
                '20_audit/policies/partitions.sql');
