-- erasure_plan, gdpr_forget and gdpr_export take the subject's tenant (and gdpr_export
-- what to do with encrypted columns) as trailing arguments with defaults: calls written
-- for the old signatures still resolve, to the new functions. The old ones go first, or
-- every call would be ambiguous between the two. The functions/ files create the new ones.
DROP FUNCTION IF EXISTS privacy.erasure_plan(text, text);
DROP FUNCTION IF EXISTS privacy.gdpr_forget(text, text, bigint);
DROP FUNCTION IF EXISTS privacy.gdpr_export(text, text);
