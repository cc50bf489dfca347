-- Erasure rules per (subject type, table). A rule without a subject type is the table's
-- default for every type; a rule naming a type overrides it for that type's erasures
-- only: a retain on the customer table that protects customers during an employee's
-- erasure must not keep a customer's own data when the customer is erased. A per-type
-- rule on a table shared with another subject type also claims the shared rows for that
-- type (privacy.subject_tables).
ALTER TABLE privacy.erasure_rules
    ADD COLUMN subject_type text REFERENCES privacy.subjects ON DELETE CASCADE;
ALTER TABLE privacy.erasure_rules DROP CONSTRAINT erasure_rules_pkey;
-- One rule per table and type, the type-less default included (NULLs would be distinct
-- in a plain unique constraint, and NULLS NOT DISTINCT needs PostgreSQL 15).
CREATE UNIQUE INDEX erasure_rules_table_type_key
    ON privacy.erasure_rules (table_name, (COALESCE(subject_type, '')));

-- set_erasure_rule gains the optional subject_type argument; an added argument with a
-- default would make a second, ambiguous overload: drop the three-argument one, and
-- functions/set_erasure_rule.sql creates the four-argument one.
DROP FUNCTION IF EXISTS privacy.set_erasure_rule(regclass, text, text);
