-- The erasure log is evidence: nobody rewrites or removes it, not even its owner.
DROP TRIGGER IF EXISTS erasures_append_only ON privacy.erasures;
CREATE TRIGGER erasures_append_only
    BEFORE UPDATE OR DELETE ON privacy.erasures
    FOR EACH ROW EXECUTE FUNCTION governance.refuse_change('append-only', 'Erasure records are evidence of what was done; they are never changed.');

DROP TRIGGER IF EXISTS erasures_no_truncate ON privacy.erasures;
CREATE TRIGGER erasures_no_truncate
    BEFORE TRUNCATE ON privacy.erasures
    FOR EACH STATEMENT EXECUTE FUNCTION governance.refuse_change('append-only', 'Erasure records are evidence of what was done; they are never changed.');
