"""privacy erasure and export: subjects, erasure rules, plan, forget, export; PII discovery."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import partial
from typing import Any

from psycopg.types.json import set_json_loads

from .base import API

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

    def erasure_plan(self, subject_key: str, subject_type: str | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.erasure_plan(%s, %s)", (subject_key, subject_type))

    def gdpr_forget(self, subject_key: str, subject_type: str | None = None,
                    request_id: int | None = None) -> dict[str, Any]:
        return self._value("SELECT privacy.gdpr_forget(%s, %s, %s)", (subject_key, subject_type, request_id))

    def request_export(self, subject_key: str, subject_type: str | None = None) -> int:
        """Records the export of a subject's data and returns its grant; commit before gdpr_export."""
        return self._value("SELECT privacy.request_export(%s, %s)", (subject_key, subject_type))

    def gdpr_export(self, subject_key: str, subject_type: str | None = None,
                    tenant: str | None = None) -> dict[str, Any]:
        """The export document; JSON numbers come back as Decimal, exact.

        Both steps: the disclosure is recorded and committed (privacy.request_export), then
        exported; so the connection must not be inside a transaction. tenant: the subject's
        tenant under row-level security, claimed (as the connecting login) in both steps'
        transactions.
        """
        with self._export_steps(subject_key, subject_type, tenant):
            cursor = self.conn.cursor()
            set_json_loads(_exact_json, cursor)
            return cursor.execute("SELECT privacy.gdpr_export(%s, %s)", (subject_key, subject_type)).fetchone()[0]

    def gdpr_export_json(self, subject_key: str, subject_type: str | None = None, tenant: str | None = None) -> str:
        """The export document as the server renders it (indented JSON text), for files; both steps, as gdpr_export."""
        with self._export_steps(subject_key, subject_type, tenant):
            return self._value("SELECT pg_catalog.jsonb_pretty(privacy.gdpr_export(%s, %s))", (subject_key, subject_type))

    @contextmanager
    def _export_steps(self, subject_key: str, subject_type: str | None, tenant: str | None) -> Iterator[None]:
        """Records the export in a committed transaction of its own, then opens the
        transaction the export is read in, each under the tenant when one is named."""
        def claim_tenant() -> None:
            if tenant is not None:
                self.set_context(self.conn.info.user, tenant=tenant)
        self._committed_value("SELECT privacy.request_export(%s, %s)", (subject_key, subject_type), before=claim_tenant)
        with self.conn.transaction():
            claim_tenant()
            yield

    def discover_pii(self, schema: str = "public") -> list[dict[str, Any]]:
        return self._rows("SELECT table_name::text, column_name::text, category, sensitivity, confidence, evidence "
                          "FROM governance.discover_pii(%s)", (schema,))
