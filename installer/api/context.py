"""governance core: version, per-database settings and session context."""
from __future__ import annotations

from typing import NamedTuple

from installer.api.base import API


class SessionContext(NamedTuple):
    """governance.session_context(): all four values, one seal check. All None: no context set."""
    actor: str | None
    tenant: str | None
    roles: list[str] | None
    purpose: str | None


class ContextAPI(API):
    def version(self) -> str | None:
        return self._value("SELECT governance.version()")

    def set_setting(self, name: str, value: str | None) -> str | None:
        return self._value("SELECT governance.set_setting(%s, %s)", (name, value))

    def set_context(self, actor: str, tenant: str | None = None, roles: list[str] | None = None,
                    purpose: str | None = None) -> None:
        self.conn.execute("SELECT governance.set_context(%s, %s, %s::text[], %s)", (actor, tenant, roles, purpose))

    def bind_context(self, role_name: str, actors: list[str] | None = None, tenants: list[str] | None = None,
                     any_actor: bool = False, any_tenant: bool = False) -> None:
        self.conn.execute("SELECT governance.bind_context(%s, %s::text[], %s::text[], %s, %s)",
                          (role_name, actors or [], tenants or [], any_actor, any_tenant))

    def allow_any_context(self, role_name: str) -> None:
        self.conn.execute("SELECT governance.allow_any_context(%s)", (role_name,))

    def unbind_context(self, role_name: str) -> bool:
        return self._value("SELECT governance.unbind_context(%s)", (role_name,))

    def session_context(self) -> SessionContext:
        return self._typed_rows(SessionContext, "SELECT * FROM governance.session_context()")[0]

    def context_gateway(self) -> bool:
        """Whether this session may claim any actor and tenant (a gateway, the pack owner or a superuser)."""
        return self._value("SELECT governance.context_gateway()")

    def context_values(self) -> list[str | None] | None:
        """The same four values as one array (roles as text), the cheapest single call."""
        return self._value("SELECT governance.context_values()")

    def current_actor(self) -> str:
        return self._value("SELECT governance.current_actor()")

    def current_tenant(self) -> str | None:
        return self._value("SELECT governance.current_tenant()")

    def current_purpose(self) -> str | None:
        return self._value("SELECT governance.current_purpose()")

    def current_roles(self) -> list[str] | None:
        return self._value("SELECT governance.current_roles()")
