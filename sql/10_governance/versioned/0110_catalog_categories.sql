-- Categories that real schemas need beyond the first eight: where people are, what
-- describes them, what was inferred about them and the identifiers of their devices.
-- Their erasure and masking defaults are documented in docs/catalog.md (one table, the
-- names the masking rules key on).
INSERT INTO governance.data_categories (name, description, special) VALUES
    ('location', 'where a person is or lives, coarser than a postal address: city, region, country, postal code, coordinates', false),
    ('demographic', 'describes a person: age, nationality, marital status, language, job title, department', false),
    ('sensitive_trait', 'racial or ethnic origin, political opinions, religious beliefs, trade union membership, sex life or sexual orientation (GDPR Art. 9)', true),
    ('inferred', 'derived about a person by a model or a rule: scores, segments, propensities, predictions (GDPR Art. 22 profiling)', false),
    ('online_identifier', 'identifies a person''s device or session online: IP address, device, advertising or cookie ID, user agent (GDPR Art. 4(1), Recital 30)', false);

-- The one-argument hint is replaced by one that also knows the table (a column called
-- name names a person only in a table of people): two overloads would make a call with
-- one argument ambiguous.
DROP FUNCTION IF EXISTS governance.pii_name_hint(name);
