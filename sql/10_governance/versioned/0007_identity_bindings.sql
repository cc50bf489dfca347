-- Who may claim which actor and tenant in governance.set_context
-- (docs/threat_model.md#identity-who-may-claim-which-actor-and-tenant). Without a row here a role may claim only its own login
-- name and no tenant; a row lists the actors and tenants an administrator assigned to the
-- role, or lets it claim any (a gateway: the connection pool of an application server
-- that authenticated its users). A row applies to the role it names and to every role
-- that inherits that role's privileges.
--
-- The role is kept by OID (regrole shows its current name): renaming keeps the binding, a
-- role dropped and created again under the same name does not inherit it.
CREATE TABLE governance.context_bindings (
    role       regrole PRIMARY KEY,
    any_actor  boolean NOT NULL DEFAULT false,
    actors     text[] NOT NULL DEFAULT '{}' CHECK (pg_catalog.array_position(actors, NULL) IS NULL),
    any_tenant boolean NOT NULL DEFAULT false,
    tenants    text[] NOT NULL DEFAULT '{}' CHECK (pg_catalog.array_position(tenants, NULL) IS NULL),
    bound_by   text NOT NULL,
    bound_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK (NOT (any_actor AND actors <> '{}')),
    CHECK (NOT (any_tenant AND tenants <> '{}'))
);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('governance.context_bindings', 'identity configuration (changes are recorded in audit.events)');

-- Written only by the owner's definer functions: policies/context_bindings_owner_writes.sql.
GRANT SELECT ON governance.context_bindings TO governance_admin, governance_auditor;
