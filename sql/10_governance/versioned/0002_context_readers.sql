-- The context readers share governance.session_context(), which checks the seal once for
-- all four values; the per-value reader it replaces goes.
DROP FUNCTION IF EXISTS governance.context_setting(text);
