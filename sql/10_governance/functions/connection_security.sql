-- Transport and authentication facts for a compliance check: is this session encrypted,
-- is SSL on, how are passwords hashed, and which pg_hba.conf lines allow trust or md5.
-- pg_hba_file_rules is readable by superusers (and roles granted it) only: when the
-- installing role cannot read it, the report says so instead of failing.
CREATE OR REPLACE FUNCTION governance.connection_security()
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET debug_print_plan = off
AS $$
DECLARE
    report jsonb;
    weak   jsonb;
BEGIN
    SELECT pg_catalog.jsonb_build_object(
               'session_ssl', COALESCE(s.ssl, false),
               'session_ssl_version', s.version,
               'session_cipher', s.cipher,
               'server_ssl', pg_catalog.current_setting('ssl'),
               'password_encryption', pg_catalog.current_setting('password_encryption'),
               'local_connection', pg_catalog.inet_client_addr() IS NULL)
      INTO report
      FROM (SELECT 1) one
      LEFT JOIN pg_catalog.pg_stat_ssl s ON s.pid = pg_catalog.pg_backend_pid();
    BEGIN
        SELECT COALESCE(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'line_number', h.line_number, 'type', h.type, 'database', h.database,
                   'user_name', h.user_name, 'address', h.address, 'auth_method', h.auth_method)
                   ORDER BY h.line_number), '[]')
          INTO weak
          FROM pg_catalog.pg_hba_file_rules h
         WHERE h.auth_method IN ('trust', 'md5', 'password');
        report := report || pg_catalog.jsonb_build_object('hba_readable', true, 'weak_hba_rules', weak);
    EXCEPTION WHEN insufficient_privilege THEN
        report := report || pg_catalog.jsonb_build_object('hba_readable', false, 'weak_hba_rules', NULL);
    END;
    RETURN report;
END
$$;

COMMENT ON FUNCTION governance.connection_security() IS
    'Session SSL, server ssl and password_encryption, and pg_hba.conf rules using trust, md5 or password (where readable)';

GRANT EXECUTE ON FUNCTION governance.connection_security() TO governance_admin, governance_auditor;
