"""`inventory`: the records of processing (compliance.records_of_processing) as a table,
CSV or JSON, for the auditor who asks where personal data is and how it is protected."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

# The columns shown, in order; classified_by and classified_at stay in CSV and JSON.
TABLE_COLUMNS = ("schema_name", "table_name", "column_name", "category", "sensitivity", "purposes", "erasure",
                 "retention", "readers", "audited", "encrypted", "isolated")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str, ensure_ascii=False) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = list(rows[0].keys()) if rows else list(TABLE_COLUMNS) + ["classified_by", "classified_at"]
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row[c]) for c in columns])
        return out.getvalue()
    if not rows:
        return "No classified columns: find candidates with SELECT * FROM governance.discover_pii('public');\n"
    cells = [[_cell(row[c]) for c in TABLE_COLUMNS] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(TABLE_COLUMNS)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(TABLE_COLUMNS, widths)).rstrip()]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + f"\n{len(rows)} classified column(s)\n"
