-- Predictions store the subject's key in the one form the pack compares keys in
-- (governance.subject_key), like the privacy workflow records: erasure and export found
-- no prediction logged for 'CUST-7 ' when asked for 'cust-7'.
UPDATE lineage.predictions SET subject_key = NULLIF(governance.subject_key(subject_key), '')
 WHERE subject_key <> governance.subject_key(subject_key);
ALTER TABLE lineage.predictions
    ADD CONSTRAINT predictions_key_normalised CHECK (subject_key = governance.subject_key(subject_key));
