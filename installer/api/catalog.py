"""governance catalog: column classification, and whose table code the pack's owner trusts."""
from __future__ import annotations

from typing import Any

from installer.api.base import API


class CatalogAPI(API):
    def classify(self, table: str, column: str, category: str, sensitivity: str = "confidential") -> None:
        self.conn.execute("SELECT governance.classify(%s::regclass, %s, %s, %s)", (table, column, category, sensitivity))

    def unclassify(self, table: str, column: str) -> bool:
        return self._value("SELECT governance.unclassify(%s::regclass, %s)", (table, column))

    def trust_owner(self, role: str) -> None:
        """As pg-governance's owner only: its definer functions may run the role's table code."""
        self.conn.execute("SELECT governance.trust_owner(%s::regrole)", (role,))

    def distrust_owner(self, role: str) -> bool:
        return self._value("SELECT governance.distrust_owner(%s::regrole)", (role,))

    def relation_trust_problems(self, tables: list[str]) -> list[dict[str, Any]]:
        return self._rows("SELECT named::text, relation::text, object, owner::text, problem "
                          "FROM governance.relation_trust_problems(%s::regclass[])", (tables,))

    def accept_proposals(self, schema: str = "public", min_confidence: str = "medium",
                         categories: list[str] | None = None, tables: list[str] | None = None,
                         exclude: list[str] | None = None, overwrite: bool = False,
                         dry_run: bool = False) -> list[dict[str, Any]]:
        return self._rows("SELECT table_name::text, column_name::text, category, sensitivity, confidence, action, evidence "
                          "FROM governance.accept_proposals(%s, %s, %s, %s::regclass[], %s, %s, %s)",
                          (schema, min_confidence, categories, tables, exclude or [], overwrite, dry_run))

    def records_of_processing(self) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM compliance.records_of_processing "
                          "ORDER BY schema_name, table_name, column_name")
