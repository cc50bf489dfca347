"""privacy erasure and export: subjects, erasure rules, plan, forget, export; PII discovery."""
from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from typing import Any

from psycopg.types.json import set_json_loads

from installer.api.base import API

# Exports keep numbers exact (GDPR Art. 20 portability): numeric 12345678901234567890.1
# must not become a float on the way out.
_exact_json = partial(json.loads, parse_float=Decimal)


class ErasureAPI(API):
    def register_subject(self, subject_type: str, table: str, key_column: str) -> None:
        self.conn.execute("SELECT privacy.register_subject(%s, %s::regclass, %s)", (subject_type, table, key_column))

    def link_table(self, table: str, column: str, subject_type: str, subject_column: str | None = None) -> None:
        self.conn.execute("SELECT privacy.link_table(%s::regclass, %s, %s, %s)",
                          (table, column, subject_type, subject_column))

    def own_parent(self, fk_table: str, fk_column: str) -> None:
        self.conn.execute("SELECT privacy.own_parent(%s::regclass, %s)", (fk_table, fk_column))

    def set_erasure_rule(self, table: str, action: str, reason: str | None = None,
                         subject_type: str | None = None) -> None:
        self.conn.execute("SELECT privacy.set_erasure_rule(%s::regclass, %s, %s, %s)",
                          (table, action, reason, subject_type))

    def declare_reference(self, child: str, child_columns: list[str], parent: str, parent_columns: list[str],
                          on_delete: str = "no action") -> None:
        self.conn.execute("SELECT privacy.declare_reference(%s::regclass, %s::name[], %s::regclass, %s::name[], %s)",
                          (child, child_columns, parent, parent_columns, on_delete))

    # tenant: the subject's tenant under tenant isolation, set for the transaction through
    # governance.set_context's rules (the role must be bound to it).
    def erasure_plan(self, subject_key: str, subject_type: str | None = None,
                     tenant: str | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.erasure_plan(%s, %s, %s)", (subject_key, subject_type, tenant))

    def gdpr_forget(self, subject_key: str, subject_type: str | None = None,
                    request_id: int | None = None, tenant: str | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.gdpr_forget(%s, %s, %s, %s)", (subject_key, subject_type, request_id, tenant))

    def request_export(self, subject_key: str, subject_type: str | None = None) -> int:
        """Records the export of a subject's data and returns its grant; commit before gdpr_export."""
        return self._value("SELECT privacy.request_export(%s, %s)", (subject_key, subject_type))

    def gdpr_export(self, subject_key: str, subject_type: str | None = None, tenant: str | None = None,
                    encrypted: str = "refuse", master_key: str | None = None) -> dict[str, Any]:
        """The export document; JSON numbers come back as Decimal, exact.

        Both steps: the disclosure is recorded and committed (privacy.request_export, its
        audit event under the tenant), then exported; so the connection must not be inside
        a transaction. With master_key the keys are unlocked in the exporting transaction,
        so encrypted columns come out as plaintext (given a decrypt grant); otherwise
        encrypted ('refuse' or 'mark') decides.
        """
        self._request_export(subject_key, subject_type, tenant)
        self._unlock_for_export(master_key)
        cursor = self.conn.cursor()
        set_json_loads(_exact_json, cursor)
        return cursor.execute("SELECT privacy.gdpr_export(%s, %s, %s, %s)",
                              (subject_key, subject_type, tenant, encrypted)).fetchone()[0]

    def gdpr_export_json(self, subject_key: str, subject_type: str | None = None, tenant: str | None = None,
                         encrypted: str = "refuse", master_key: str | None = None) -> str:
        """The export document as the server renders it (indented JSON text), for files; both steps, as gdpr_export."""
        self._request_export(subject_key, subject_type, tenant)
        self._unlock_for_export(master_key)
        return self._value("SELECT pg_catalog.jsonb_pretty(privacy.gdpr_export(%s, %s, %s, %s))",
                           (subject_key, subject_type, tenant, encrypted))

    def _unlock_for_export(self, master_key: str | None) -> None:
        if master_key is not None:
            self.conn.execute("SELECT governance.unlock(%s)", (master_key,))

    def _request_export(self, subject_key: str, subject_type: str | None, tenant: str | None) -> None:
        def in_tenant() -> None:
            if tenant is not None:
                self.conn.execute("SELECT governance.set_context(governance.current_actor(), %s)", (tenant,))
        self._committed_value("SELECT privacy.request_export(%s, %s)", (subject_key, subject_type), before=in_tenant)

    def discover_pii(self, schema: str = "public") -> list[dict[str, Any]]:
        return self._rows("SELECT table_name::text, column_name::text, category, sensitivity, confidence, evidence "
                          "FROM governance.discover_pii(%s)", (schema,))
