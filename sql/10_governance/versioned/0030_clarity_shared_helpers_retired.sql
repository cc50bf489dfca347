-- Each helper lives once, in governance: the per-schema copies of the column and
-- subject-key checks (access.require_column, privacy.require_column,
-- lineage.require_subject_key; privacy's key check is now require_subject_key_type) and
-- the five trigger functions that refused writes to evidence (governance.refuse_change
-- replaces them) are retired, and access.prepare_rls went into access.set_rls_policy.
-- The triggers on the retired functions go with them (CASCADE); this run recreates them
-- on governance.refuse_change, in the same transaction: the policies files of each
-- module, audit.add_partitions' partitions by the audit policies, the views' triggers
-- by governance.owner_writes_only() at the end of the run. The files' records go too
-- (as in 0003), so that `status` does not report them as applied but no longer shipped.
DROP FUNCTION IF EXISTS access.require_column(text, regclass, name);
DROP FUNCTION IF EXISTS access.prepare_rls(regclass);
DROP FUNCTION IF EXISTS privacy.require_column(text, regclass, name);
DROP FUNCTION IF EXISTS privacy.require_subject_key(text, text, text);
DROP FUNCTION IF EXISTS lineage.require_subject_key(text, text);
DROP FUNCTION IF EXISTS governance.refuse_view_write() CASCADE;
DROP FUNCTION IF EXISTS audit.refuse_change() CASCADE;
DROP FUNCTION IF EXISTS privacy.refuse_history_change() CASCADE;
DROP FUNCTION IF EXISTS privacy.erasures_refuse_change() CASCADE;
DROP FUNCTION IF EXISTS privacy.dp_append_only() CASCADE;
DROP FUNCTION IF EXISTS compliance.refuse_change() CASCADE;

DELETE FROM governance.migrations
 WHERE name IN ('30_access/functions/require_column.sql', '30_access/functions/prepare_rls.sql',
                '40_privacy/functions/require_column.sql', '40_privacy/functions/require_subject_key.sql',
                '50_lineage/functions/require_subject_key.sql', '10_governance/functions/refuse_view_write.sql',
                '20_audit/functions/refuse_change.sql', '40_privacy/functions/refuse_history_change.sql',
                '40_privacy/functions/erasures_refuse_change.sql', '40_privacy/functions/dp_append_only.sql',
                '60_compliance/functions/refuse_change.sql');
