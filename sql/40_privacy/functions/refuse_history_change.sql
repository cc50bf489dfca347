-- Workflow history (consent decisions, request steps, opt-outs, sharing, PHI accesses)
-- is evidence: nobody rewrites or removes it, not even the owner of the table.
--
-- One change is allowed, the one erasure makes (privacy.pseudonymize_subject): the
-- subject column named by the trigger's argument goes from a key to 'erased:<keyed
-- hash>', and the network identifiers of the evidence (ip, user_agent) are dropped;
-- everything else stays as it was. Tables whose trigger has no argument allow nothing.
CREATE OR REPLACE FUNCTION privacy.refuse_history_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    key_column text := TG_ARGV[0];
    old_row jsonb;
    new_row jsonb;
    kept_evidence jsonb;
BEGIN
    IF TG_OP = 'UPDATE' AND key_column IS NOT NULL THEN
        old_row := pg_catalog.to_jsonb(OLD);
        new_row := pg_catalog.to_jsonb(NEW);
        kept_evidence := CASE WHEN pg_catalog.jsonb_typeof(old_row->'evidence') = 'object'
                              THEN (old_row->'evidence') - 'ip' - 'user_agent' ELSE old_row->'evidence' END;
        IF new_row->>key_column ~ '^erased:[0-9a-f]{64}$' AND old_row->>key_column !~ '^erased:'
           AND (new_row - key_column - 'evidence') = (old_row - key_column - 'evidence')
           AND (new_row->'evidence') IS NOT DISTINCT FROM kept_evidence THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
        MESSAGE = pg_catalog.format('%I.%I is append-only: %s refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP),
        HINT = 'These rows are evidence; record a new decision or event instead.';
END
$$;

COMMENT ON FUNCTION privacy.refuse_history_change() IS
    'Trigger: refuses UPDATE, DELETE and TRUNCATE of workflow history, except the pseudonymization of an erased subject';
