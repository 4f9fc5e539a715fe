"""Flat tables of the export model, for GeoPackage and CSV: one column per field, lists as JSON text.

Columns keep their types where the format has them (numbers stay numbers, dates stay dates); a list or
an object (participants, sources, disputed notes, closest approaches) becomes compact JSON text, which
QGIS, pandas and spreadsheets all read without losing any part of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from patrolmap.interchange.geometry import to_rfc7946
from patrolmap.interchange.provenance import Record, json_default
from patrolmap.safety.spreadsheet import spreadsheet_cell

CSV_PER = ("leg", "event")


def flat_value(value: Any) -> Any:
    """A list or dict as JSON text; other values unchanged."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=json_default)
    return value


def flat_rows(records: list[Record]) -> list[dict[str, Any]]:
    """Each record's properties as one flat row (same columns for every record of a layer)."""
    return [{k: flat_value(v) for k, v in r.properties.items()} for r in records]


def csv_text(records: list[Record], *, wkt: bool = False) -> str:
    """Records as CSV: one row each, text cells made inert, optional WKT geometry (RFC 7946 frame)."""
    rows = flat_rows(records)
    if wkt:
        for row, record in zip(rows, records, strict=True):
            geometry = to_rfc7946(record.geometry)
            row["wkt"] = geometry.wkt if geometry is not None else None
    columns = list(rows[0]) if rows else ["id"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writerow({c: spreadsheet_cell(c) for c in columns})
    writer.writerows({c: _csv_cell(row.get(c)) for c in columns} for row in rows)
    return out.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return spreadsheet_cell(str(value))
