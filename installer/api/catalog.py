"""governance catalog: column classification."""
from __future__ import annotations

from .base import API


class CatalogAPI(API):
    def classify(self, table: str, column: str, category: str, sensitivity: str = "confidential") -> None:
        self.conn.execute("SELECT governance.classify(%s::regclass, %s, %s, %s)", (table, column, category, sensitivity))

    def unclassify(self, table: str, column: str) -> bool:
        return self._value("SELECT governance.unclassify(%s::regclass, %s)", (table, column))
