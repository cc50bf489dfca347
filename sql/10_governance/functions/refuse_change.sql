-- The one trigger function behind every write the pack refuses on its own tables and
-- views (docs/threat_model.md, "Evidence and who can write it"): evidence is append-only
-- for every role, the owner included (UPDATE, DELETE, TRUNCATE), and the pack's
-- auto-updatable views refuse every write, which would otherwise reach their table with
-- the view owner's rights, past row security (governance.owner_writes_only).
-- One message format, naming the table and the operation; the trigger's arguments give
-- the per-table wording: TG_ARGV[0] what the table is (default 'append-only'),
-- TG_ARGV[1] the hint. The owning functions' own changes get past a trigger's WHEN
-- clause (audit's sealer, erasure's pseudonymization of workflow history), which then
-- never calls this.
CREATE OR REPLACE FUNCTION governance.refuse_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%I.%I is %s: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME,
                                    COALESCE(TG_ARGV[0], 'append-only'), TG_OP),
        HINT = COALESCE(TG_ARGV[1], 'Its rows are evidence: pg-governance''s functions add rows and never change them.');
END
$$;

COMMENT ON FUNCTION governance.refuse_change() IS
    'Internal: trigger refusing a write to the pack''s evidence (append-only) or through its views, naming the table and the operation';
