-- Subject keys are compared in one form, governance.subject_key (lower case, surrounding
-- white space removed, NFC): an opt-out recorded for 'cust-7' did not stop a sale to
-- 'CUST-7' or 'cust-7 '. The records that only the pack reads store the key in that form
-- from now on (their writers normalise it; the CHECK refuses any writer that does not),
-- and the keys stored before are rewritten to it. This rewrites evidence, the one
-- change to it besides erasure's pseudonymization, so the append-only triggers are off
-- for the length of this statement's transaction (the installer holds every table of the
-- pack locked meanwhile). Requests keep the key as given: it names the application's
-- row to erase or export, matched as the application stores it; they are compared
-- through an index on the normalised expression.
DO $normalise$
DECLARE
    history record;
BEGIN
    FOR history IN SELECT * FROM (VALUES ('consent_records', 'subject_key'), ('opt_outs', 'subject_key'),
                                         ('data_sharing', 'subject_key'), ('phi_access_log', 'patient'))
                                  AS t (table_name, subject_column) LOOP
        EXECUTE pg_catalog.format('ALTER TABLE privacy.%I DISABLE TRIGGER USER', history.table_name);
        EXECUTE pg_catalog.format('UPDATE privacy.%1$I SET %2$I = governance.subject_key(%2$I) WHERE %2$I <> governance.subject_key(%2$I)',
                                  history.table_name, history.subject_column);
        EXECUTE pg_catalog.format('ALTER TABLE privacy.%I ENABLE TRIGGER USER', history.table_name);
        EXECUTE pg_catalog.format('ALTER TABLE privacy.%1$I ADD CONSTRAINT %3$I CHECK (%2$I = governance.subject_key(%2$I))',
                                  history.table_name, history.subject_column, history.table_name || '_key_normalised');
    END LOOP;
END
$normalise$;

CREATE INDEX requests_subject_key_normalised_idx ON privacy.requests (governance.subject_key(subject_key));
