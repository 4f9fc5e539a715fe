"""Tabulate joined events for `patrolmap summary`: table, CSV, JSON or a markdown table.

ADIZs, seas and straits are named by the naming policy (scene/naming.py) wherever a person reads
them: the terminal table, markdown and the page's data table show names in their `adiz`, `straits`
and `seas` columns. Where a program reads them, the stable ids stay: CSV keeps the id columns and
adds NAME_COLUMNS after every other column; JSON keeps the id lists and adds a name list beside each.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from typing import Any

from patrolmap.join import JoinResult
from patrolmap.safety.plain import for_terminal, json_for_terminal, markdown_text
from patrolmap.safety.spreadsheet import spreadsheet_cell
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, area_names

FORMATS = ("table", "csv", "json", "markdown")
COLUMNS = (
    "id",
    "start",
    "kind",
    "participants",
    "adiz",
    "straits",
    "seas",
    "route_km",
    "closest_foreign_km",
    "closest_foreign",
    "sources",
)
# Each area column's names under the naming policy, beside its ids: `adiz_names` in CSV and JSON.
NAME_COLUMNS = {"adiz": "adiz_names", "straits": "strait_names", "seas": "sea_names"}
CSV_COLUMNS = (*COLUMNS, *NAME_COLUMNS.values())
# The terminal table leaves out the two long lists (participants, sources) so a row fits a screen;
# csv and markdown carry every column, json every field. The README's command table says the same.
_TABLE_COLUMNS = (
    "id",
    "start",
    "kind",
    "adiz",
    "straits",
    "seas",
    "route_km",
    "closest_foreign_km",
)


def summary_records(result: JoinResult, naming: Naming = DEFAULT_NAMING) -> list[dict[str, Any]]:
    """One plain, JSON-ready dict per event, in catalogue order; areas by id and by name."""
    names = area_names(result.catalog, naming, short=True)
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
                **{
                    key: [names.get(i, i) for i in getattr(facts, column)]
                    for column, key in NAME_COLUMNS.items()
                },
                "route_km": facts.route_km,
                "closest_km": facts.closest_km,
                # Closest approach to the land of each state taking no part, nearest first.
                "closest_foreign": [
                    {
                        "state": a.state,
                        "km": a.km,
                        "place": a.place.name if a.place else None,
                        "place_name": naming.of(a.place) if a.place else None,
                        "claimed_by": list(a.place.claimed_by) if a.place else [],
                    }
                    for a in facts.territory
                ],
                "has_route": facts.has_route,
                "sources": list(event.sources),
            }
        )
    return records


def summary_rows(result: JoinResult, naming: Naming = DEFAULT_NAMING) -> list[dict[str, str]]:
    """One row of display text per event (the markdown and page table cells), by COLUMNS, with
    areas by name."""
    return [_shown(r) for r in summary_records(result, naming)]


def format_summary(result: JoinResult, fmt: str, naming: Naming = DEFAULT_NAMING) -> str:
    """Render the summary in one of FORMATS, areas named under `naming`."""
    records = summary_records(result, naming)
    if fmt == "json":
        return json_for_terminal(json.dumps(records, indent=2, ensure_ascii=False)) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        # Numbers stay numbers, as in json: 5025.8, never the text "5,026". Text cells are made
        # inert for spreadsheets (no formula, no control character), as in `export`'s CSV.
        writer.writerows(
            {**{k: spreadsheet_cell(v) for k, v in _csv_row(r).items()}, **_numbers(r)}
            for r in records
        )
        return out.getvalue()
    rows = [_shown(r) for r in records]
    if fmt == "markdown":
        return _markdown(rows)
    return _table(rows)


def _numbers(record: dict[str, Any]) -> dict[str, float | None]:
    """The numeric cells as numbers, for csv."""
    nearest = record["closest_foreign"][0]["km"] if record["closest_foreign"] else None
    return {"route_km": record["route_km"], "closest_foreign_km": nearest}


def _flat(record: dict[str, Any]) -> dict[str, str]:
    """One record as text: lists joined (areas by id), route km rounded with thousands separators."""
    participants = "; ".join(
        f"{p['country']} {p['type']}" + (f" ×{p['count']}" if p["count"] is not None else "")
        for p in record["participants"]
    )
    km = record["route_km"]
    nearest = record["closest_foreign"][0] if record["closest_foreign"] else None
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
        "closest_foreign_km": "" if nearest is None else f"{nearest['km']:.1f}",
        "closest_foreign": "" if nearest is None else _place(nearest),
        "sources": ", ".join(record["sources"]),
    }


def _shown(record: dict[str, Any]) -> dict[str, str]:
    """`_flat` for a person: the area columns list names instead of ids."""
    return {**_flat(record), **{c: ", ".join(record[key]) for c, key in NAME_COLUMNS.items()}}


def _csv_row(record: dict[str, Any]) -> dict[str, str]:
    """`_flat` with the name columns after the rest, for CSV."""
    return {**_flat(record), **{key: ", ".join(record[key]) for key in NAME_COLUMNS.values()}}


def _place(approach: dict[str, Any]) -> str:
    """`Okinawa Island (JP)`, or the state alone when no named place is near."""
    place = approach["place_name"]
    return f"{place} ({approach['state']})" if place else approach["state"]


def _markdown(rows: list[dict[str, str]]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(markdown_text(r[c]) for c in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _table(rows: list[dict[str, str]]) -> str:
    columns = _TABLE_COLUMNS
    rows = [{c: for_terminal(r[c]) for c in columns} for r in rows]
    widths = {c: max([len(c)] + [display_width(r[c]) for r in rows]) for c in columns}

    def line(cells: dict[str, str]) -> str:
        return "  ".join(
            _pad(cells[c], widths[c], right=c.endswith("_km")) for c in columns
        ).rstrip()

    head = line({c: c for c in columns})
    body = [line(r) for r in rows]
    return "\n".join([head, *body, f"{len(rows)} events"]) + "\n"


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide (CJK) characters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def _pad(text: str, width: int, *, right: bool) -> str:
    fill = " " * (width - display_width(text))
    return fill + text if right else text + fill
