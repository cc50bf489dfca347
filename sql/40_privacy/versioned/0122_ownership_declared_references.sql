-- References the schema does not declare (the application's ORM holds them): the DPO
-- declares them, and the erasure engine uses them exactly like foreign keys
-- (privacy.foreign_keys). The database enforces nothing for them, so the engine carries
-- out their ON DELETE itself (detaching for SET NULL / SET DEFAULT).
CREATE TABLE privacy.declared_references (
    child          regclass NOT NULL,
    child_columns  name[] NOT NULL,
    parent         regclass NOT NULL,
    parent_columns name[] NOT NULL,
    on_delete      "char" NOT NULL CHECK (on_delete IN ('a', 'r', 'c', 'n', 'd')),   -- as pg_constraint.confdeltype
    declared_by    text NOT NULL,
    declared_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (child, child_columns, parent),
    CHECK (pg_catalog.cardinality(child_columns) = pg_catalog.cardinality(parent_columns)
           AND pg_catalog.cardinality(child_columns) > 0)
);
INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('privacy.declared_references', 'erasure configuration');
GRANT SELECT ON privacy.declared_references TO governance_admin, governance_dpo, governance_auditor;

-- foreign_keys() gains columns (the referenced columns' numbers; whether the database
-- enforces the reference): a changed result type needs the function dropped first.
DROP FUNCTION IF EXISTS privacy.foreign_keys();
