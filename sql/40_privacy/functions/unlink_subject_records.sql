-- The steps of an erasure that act on the pack's own records of the subject rather than
-- on the application's tables: its predictions are unlinked (lineage.forget_subject, when
-- lineage is installed) and its workflow records pseudonymized
-- (privacy.pseudonymize_subject). gdpr_forget runs them when it erases, and again when
-- it finds the subject already erased, for records written by transactions that raced
-- the first erasure. Neither step is granted on its own: run alone, pseudonymizing the
-- opt-outs of a subject who was not erased lifted them (a refused sale was then
-- accepted), and nothing recorded why. Not granted either: gdpr_forget calls it.
CREATE OR REPLACE FUNCTION privacy.unlink_subject_records(subject_key text, subject_hash text)
RETURNS jsonb
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    unlinked jsonb;
    pseudonymized jsonb;
BEGIN
    -- Lineage never stores an empty key, the workflow functions not even a blank one
    -- (and their steps refuse them): such a key has nothing there to unlink.
    IF subject_key <> '' AND privacy.capability_installed('lineage.forget_subject(text)') THEN
        EXECUTE 'SELECT lineage.forget_subject($1)' INTO unlinked USING subject_key;
    END IF;
    IF pg_catalog.btrim(subject_key) <> '' THEN
        pseudonymized := privacy.pseudonymize_subject(subject_key, subject_hash);
    END IF;
    RETURN pg_catalog.jsonb_build_object('predictions_unlinked', unlinked->'predictions_unlinked',
                                         'pseudonymized', pseudonymized);
END
$$;

COMMENT ON FUNCTION privacy.unlink_subject_records(text, text) IS
    'Internal: erasure''s steps on the pack''s own records of a subject (predictions unlinked, workflow records pseudonymized)';
