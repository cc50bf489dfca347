-- DESIGN.md names own_parent's first argument `tbl`; it shipped as `fk_table`, so calls
-- with named arguments as documented (own_parent(tbl => ..., fk_column => ...)) failed.
-- An argument cannot be renamed by CREATE OR REPLACE: drop it here, and
-- functions/own_parent.sql creates it again under the documented names.
DROP FUNCTION IF EXISTS privacy.own_parent(regclass, name);
