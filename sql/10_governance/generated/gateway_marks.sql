-- The gateway marks follow the context bindings (governance.mark_gateway): every bound
-- role, and every role holding a mark, is brought in line at each apply. That marks the
-- gateways bound before marks existed, and undoes a mark granted or revoked by hand.
SELECT governance.mark_gateway(r.role)
  FROM (SELECT b.role::pg_catalog.oid AS role FROM governance.context_bindings b
        UNION
        SELECT a.grantee
          FROM pg_catalog.pg_proc p, pg_catalog.aclexplode(p.proacl) a
         WHERE p.oid = 'governance.gateway_mark()'::pg_catalog.regprocedure
           AND a.privilege_type = 'EXECUTE' AND a.grantee NOT IN (0, p.proowner)) r;
