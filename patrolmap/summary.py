"""Tabulate joined events for `patrolmap summary`: table, CSV, JSON or a markdown table."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from patrolmap.join import JoinResult

FORMATS = ("table", "csv", "json", "markdown")
COLUMNS = ("id", "start", "kind", "participants", "adiz", "straits", "seas", "route_km", "sources")


def summary_records(result: JoinResult) -> list[dict[str, Any]]:
    """One plain, JSON-ready dict per event, in catalogue order."""
    records = []
    for event in result.catalog.events:
        facts = result.facts[event.id]
        records.append(
            {
                "id": event.id,
                "title": event.title,
                "kind": event.kind,
                "start": event.start.isoformat(),
                "end": event.end.isoformat(),
                "patrol_number": event.patrol_number,
                "countries": list(event.countries),
                "participants": [
                    {"country": p.country, "type": p.type, "count": p.count}
                    for p in event.participants
                ],
                "responders": sorted({r.country for r in event.responders}),
                "adiz": list(facts.adiz),
                "seas": list(facts.seas),
                "straits": list(facts.straits),
                "route_km": facts.route_km,
                "closest_km": facts.closest_km,
                "has_route": facts.has_route,
                "sources": list(event.sources),
            }
        )
    return records


def summary_rows(result: JoinResult) -> list[dict[str, str]]:
    """One row of display text per event (the CSV, markdown and page table cells), by COLUMNS."""
    return [_flat(r) for r in summary_records(result)]


def format_summary(result: JoinResult, fmt: str) -> str:
    """Render the summary in one of FORMATS."""
    if fmt == "json":
        return json.dumps(summary_records(result), indent=2, ensure_ascii=False) + "\n"
    rows = summary_rows(result)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "markdown":
        return _markdown(rows)
    return _table(rows)


def _flat(record: dict[str, Any]) -> dict[str, str]:
    participants = "; ".join(
        f"{p['country']} {p['type']}" + (f" ×{p['count']}" if p["count"] is not None else "")
        for p in record["participants"]
    )
    km = record["route_km"]
    return {
        "id": record["id"],
        "start": record["start"]
        + ("" if record["end"] == record["start"] else f"/{record['end']}"),
        "kind": record["kind"],
        "participants": participants,
        "adiz": ", ".join(record["adiz"]),
        "straits": ", ".join(record["straits"]),
        "seas": ", ".join(record["seas"]),
        "route_km": "" if km is None else f"{km:,.0f}",
        "sources": ", ".join(record["sources"]),
    }


def _markdown(rows: list[dict[str, str]]) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _table(rows: list[dict[str, str]]) -> str:
    columns = ("id", "start", "kind", "adiz", "straits", "route_km")
    widths = {c: max([len(c)] + [len(r[c]) for r in rows]) for c in columns}
    head = "  ".join(c.ljust(widths[c]) for c in columns)
    body = ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join([head, *body, f"{len(rows)} events"]) + "\n"
