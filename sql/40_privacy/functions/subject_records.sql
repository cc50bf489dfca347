-- The workflow tables that hold records of a data subject, for the functions that find
-- or pseudonymize all of them (gdpr_export, pseudonymize_subject): the column naming the
-- subject, the SQL expression for the key in the one form of governance.subject_key (the
-- column itself where keys are stored normalised, which its plain index serves; requests
-- keep the key as given, since it names the application's row to erase or export, and
-- are matched through an index on the expression), and whether the row has evidence
-- with network identifiers.
CREATE OR REPLACE FUNCTION privacy.subject_records(
    OUT table_name text, OUT subject_column name, OUT stored_key text, OUT has_evidence boolean)
RETURNS SETOF record
LANGUAGE sql IMMUTABLE
AS $$
    VALUES ('consent_records', 'subject_key'::name, 'r.subject_key', true),
           ('requests', 'subject_key', 'governance.subject_key(r.subject_key)', false),
           ('opt_outs', 'subject_key', 'r.subject_key', true),
           ('data_sharing', 'subject_key', 'r.subject_key', false),
           ('phi_access_log', 'patient', 'r.patient', false)
$$;

COMMENT ON FUNCTION privacy.subject_records() IS
    'Internal: the workflow tables holding records of a data subject, with how each stores the subject''s key';
