-- CCPA checks.

SELECT compliance.register_check(
    id => 'ccpa.overdue_requests', framework => 'ccpa', severity => 'high',
    control => 'CCPA 1798.130(a)(2) (45 days to respond)',
    title => 'Consumer requests older than 45 days',
    description => 'CCPA requests must be answered within 45 days of receipt.',
    remedy => 'Process each listed request: SELECT privacy.process_request(<id>);',
    requires_relations => ARRAY['privacy.overdue_requests'],
    query => $q$
        SELECT pg_catalog.to_jsonb(r) AS request
          FROM privacy.overdue_requests r
         WHERE pg_catalog.to_jsonb(r) ->> 'regulation' = 'ccpa'
    $q$);

SELECT compliance.register_check(
    id => 'ccpa.unencrypted_personal_information', framework => 'ccpa', severity => 'medium',
    control => 'CCPA 1798.150 (breach of unencrypted personal information)',
    title => 'Restricted financial or credential data stored unencrypted',
    description => 'A breach of unencrypted and unredacted account numbers or credentials gives consumers a private right of action.',
    remedy => 'SELECT governance.encrypt_column(<table>, <column>, <key name>); for each listed column.',
    requires_functions => ARRAY['governance.encrypt(text,text)'],
    query => $q$
        SELECT cc.relid::pg_catalog.regclass::text AS table_name, cc.column_name::text AS column_name,
               cc.category, cc.data_type
          FROM governance.classified_columns cc
         WHERE cc.category IN ('financial', 'credentials') AND cc.sensitivity = 'restricted'
           AND cc.data_type <> 'bytea'
         ORDER BY 1, 2
    $q$);
