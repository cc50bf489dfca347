-- Role-based access control: application roles (not PostgreSQL roles) that inherit from
-- parents, permissions on (resource_type, action), and users assigned to roles. Cycles
-- in role_parents are refused by access.create_role, the only writer.

CREATE TABLE access.roles (
    name        text PRIMARY KEY CHECK (pg_catalog.btrim(name) <> ''),
    description text,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by  text NOT NULL
);

CREATE TABLE access.role_parents (
    role   text NOT NULL REFERENCES access.roles (name) ON DELETE CASCADE,
    parent text NOT NULL REFERENCES access.roles (name) ON DELETE CASCADE,
    PRIMARY KEY (role, parent),
    CHECK (role <> parent)
);
-- Walking the hierarchy downwards (who inherits from a role) needs the reverse lookup.
CREATE INDEX role_parents_parent_idx ON access.role_parents (parent);

-- '*' as resource_type or action is a wildcard (an administrator's "everything").
CREATE TABLE access.permissions (
    name          text PRIMARY KEY CHECK (pg_catalog.btrim(name) <> ''),
    resource_type text NOT NULL CHECK (pg_catalog.btrim(resource_type) <> ''),
    action        text NOT NULL CHECK (pg_catalog.btrim(action) <> ''),
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by    text NOT NULL,
    UNIQUE (resource_type, action)
);

CREATE TABLE access.role_permissions (
    role       text NOT NULL REFERENCES access.roles (name) ON DELETE CASCADE,
    permission text NOT NULL REFERENCES access.permissions (name) ON DELETE CASCADE,
    granted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    granted_by text NOT NULL,
    PRIMARY KEY (role, permission)
);
CREATE INDEX role_permissions_permission_idx ON access.role_permissions (permission);

CREATE TABLE access.user_roles (
    user_id     text NOT NULL CHECK (pg_catalog.btrim(user_id) <> ''),
    role        text NOT NULL REFERENCES access.roles (name) ON DELETE CASCADE,
    assigned_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    assigned_by text NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role_idx ON access.user_roles (role);

INSERT INTO governance.reference_tables (table_name, reason) VALUES
    ('access.roles', 'access configuration'),
    ('access.role_parents', 'access configuration'),
    ('access.permissions', 'access configuration'),
    ('access.role_permissions', 'access configuration'),
    ('access.user_roles', 'access configuration');

GRANT SELECT ON access.roles, access.role_parents, access.permissions, access.role_permissions, access.user_roles
    TO governance_admin, governance_auditor;
