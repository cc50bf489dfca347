BEGIN;
SELECT plan(9);

SELECT governance.unlock('pgtap master key: 0123456789abcdef0123456789abcdef');
SELECT governance.create_key('email');
SELECT governance.create_key('other');
SELECT tests.create_user('app', 'governance_app');
SELECT tests.create_user('outsider', 'governance_app');
SELECT governance.grant_key('email', 'app');
SELECT governance.grant_key('other', 'app');

SET LOCAL ROLE app;
SELECT is(governance.blind_index('a@example.com', 'email'), governance.blind_index('a@example.com', 'email'),
          'the blind index is deterministic');
SELECT isnt(governance.blind_index('a@example.com', 'email'), governance.blind_index('b@example.com', 'email'),
            'different values index differently');
SELECT isnt(governance.blind_index('a@example.com', 'email'), governance.blind_index('a@example.com', 'other'),
            'each key has its own index key');
SELECT is(length(governance.blind_index('a@example.com', 'email')), 32, 'a 32-byte HMAC-SHA-256');
SELECT is(governance.blind_index(NULL, 'email'), NULL, 'NULL stays NULL');
RESET ROLE;
SELECT governance.rotate_key('email');
SET LOCAL ROLE app;
SELECT is(governance.blind_index('a@example.com', 'email'),
          (SELECT governance.blind_index('a@example.com', 'email')), 'rotation keeps index values valid');
RESET ROLE;
SET LOCAL ROLE outsider;
SELECT throws_ok($$ SELECT governance.blind_index('a@example.com', 'email') $$, '42501', NULL,
                 'a role without a grant cannot compute index values (that would be a guessing oracle)');
RESET ROLE;

SELECT ok(governance.connection_security() ?& ARRAY['session_ssl', 'server_ssl', 'password_encryption', 'hba_readable', 'weak_hba_rules'],
          'connection_security reports SSL, password hashing and pg_hba rules');
SELECT ok((SELECT bool_and(r->>'auth_method' IN ('trust', 'md5', 'password'))
             FROM jsonb_array_elements(governance.connection_security()->'weak_hba_rules') r)
          AND jsonb_array_length(governance.connection_security()->'weak_hba_rules') > 0,
          'the test cluster''s trust lines are reported');

SELECT * FROM finish();
ROLLBACK;
