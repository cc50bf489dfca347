"""access: RBAC, ABAC and row-level security helpers."""
from __future__ import annotations

from typing import Any

from psycopg.types.json import Jsonb

from installer.api.base import API


class AccessAPI(API):
    # RBAC
    def create_role(self, name: str, description: str | None = None, inherits: list[str] | None = None) -> None:
        self.conn.execute("SELECT access.create_role(%s, %s, %s::text[])", (name, description, inherits or []))

    def create_permission(self, name: str, resource_type: str, action: str) -> None:
        self.conn.execute("SELECT access.create_permission(%s, %s, %s)", (name, resource_type, action))

    def grant_permission(self, role: str, permission: str) -> None:
        self.conn.execute("SELECT access.grant_permission(%s, %s)", (role, permission))

    def revoke_permission(self, role: str, permission: str) -> bool:
        return self._value("SELECT access.revoke_permission(%s, %s)", (role, permission))

    def assign_role(self, user_id: str, role: str) -> None:
        self.conn.execute("SELECT access.assign_role(%s, %s)", (user_id, role))

    def revoke_role(self, user_id: str, role: str) -> bool:
        return self._value("SELECT access.revoke_role(%s, %s)", (user_id, role))

    def check_permission(self, user_id: str, resource_type: str, action: str) -> bool:
        return self._value("SELECT access.check_permission(%s, %s, %s)", (user_id, resource_type, action))

    def effective_roles(self, user_id: str) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT role FROM access.effective_roles(%s) ORDER BY 1", (user_id,))]

    def sync_native_roles(self, dry_run: bool = False) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT * FROM access.sync_native_roles(%s)", (dry_run,))]

    # ABAC
    def set_user_attribute(self, user_id: str, name: str, value: Any) -> None:
        self.conn.execute("SELECT access.set_user_attribute(%s, %s, %s)", (user_id, name, Jsonb(value)))

    def set_resource_attribute(self, resource_id: str, resource_type: str, name: str, value: Any) -> None:
        self.conn.execute("SELECT access.set_resource_attribute(%s, %s, %s, %s)",
                          (resource_id, resource_type, name, Jsonb(value)))

    def create_policy(self, name: str, policy: dict[str, Any]) -> None:
        self.conn.execute("SELECT access.create_policy(%s, %s)", (name, Jsonb(policy)))

    def drop_policy(self, name: str) -> bool:
        return self._value("SELECT access.drop_policy(%s)", (name,))

    def evaluate(self, user_id: str, resource_id: str, action: str) -> bool:
        return self._value("SELECT access.evaluate(%s, %s, %s)", (user_id, resource_id, action))

    def explain(self, user_id: str, resource_id: str, action: str) -> dict[str, Any]:
        return self._value("SELECT access.explain(%s, %s, %s)", (user_id, resource_id, action))

    def set_denial_logging(self, enabled: bool) -> bool:
        return self._value("SELECT access.set_denial_logging(%s)", (enabled,))

    # Row-level security
    def enable_tenant_isolation(self, table: str, tenant_column: str = "tenant_id") -> None:
        self.conn.execute("SELECT access.enable_tenant_isolation(%s::regclass, %s)", (table, tenant_column))

    def enable_policy_rls(self, table: str, resource_type: str, id_column: str) -> None:
        self.conn.execute("SELECT access.enable_policy_rls(%s::regclass, %s, %s)", (table, resource_type, id_column))

    def disable_rls(self, table: str) -> None:
        self.conn.execute("SELECT access.disable_rls(%s::regclass)", (table,))
