"""Frequency charts for reports: events per year by kind, ADIZs entered, route length per event.

Each chart is drawn from numbers taken from the summary records (summary.py), so `patrolmap chart
--format json` and `patrolmap summary` cannot disagree. Drawing uses the figures' matplotlib
settings, colours (scene/style.py) and text alternative (figure/save.py write_figure).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from patrolmap.describe import approximate_km, date_text
from patrolmap.join import JoinResult
from patrolmap.scene import style
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, area_names
from patrolmap.scene.text import KIND_GROUPS
from patrolmap.summary import summary_records

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

CHARTS = {
    "years": "Events per year, by kind",
    "adiz": "ADIZs each event's routes entered",
    "length": "Route length per event",
}
TITLE_PT, SUBTITLE_PT, LABEL_PT, FOOTER_PT = 13.0, 8.5, 8.0, 6.5
FOOTER = (
    "ADIZs and lengths are derived from the catalogue's routes, which are approximate "
    "reconstructions from published reports. Made with patrolmap."
)


def chart_numbers(
    joined: JoinResult, chart: str, naming: Naming = DEFAULT_NAMING
) -> dict[str, Any]:
    """The numbers behind `chart` (one of CHARTS), as plain JSON-ready data; ADIZs named under
    `naming`."""
    records = sorted(summary_records(joined), key=lambda r: (r["start"], r["id"]))
    if chart == "years":
        return _years(records)
    routed = [r for r in records if r["has_route"]]
    if chart == "adiz":
        order = list(joined.catalog.adiz["id"])
        entered = sorted({a for r in routed for a in r["adiz"]}, key=order.index)
        names = area_names(joined.catalog, naming, short=True)
        operators = dict(
            zip(joined.catalog.adiz["id"], joined.catalog.adiz["operator"], strict=True)
        )
        return {
            "chart": "adiz",
            "adiz": [{"id": a, "name": names[a], "operator": operators[a]} for a in entered],
            "events": [_event(r, adiz=r["adiz"]) for r in routed],
        }
    if chart == "length":
        return {"chart": "length", "events": [_event(r, route_km=r["route_km"]) for r in routed]}
    raise ValueError(f"unknown chart {chart!r}")


def save_chart(
    joined: JoinResult,
    chart: str,
    path: str | os.PathLike[str],
    *,
    width: float = 8.0,
    height: float = 5.0,
    dpi: int = 200,
    title: str | None = None,
    naming: Naming = DEFAULT_NAMING,
) -> Path:
    """Draw `chart` of `joined` and write it as PNG, SVG or PDF (from the suffix); return the path."""
    from patrolmap.figure.save import figure_style, write_figure

    numbers = chart_numbers(joined, chart, naming)
    heading = title or CHARTS[chart]
    with figure_style():
        fig = _draw(numbers, joined, heading, width, height)
    return write_figure(fig, path, dpi=dpi, title=heading, description=chart_description(numbers))


def chart_description(numbers: dict[str, Any]) -> str:
    """The chart in words, for its text alternative."""
    chart = numbers["chart"]
    if chart == "years":
        parts = []
        for i, year in enumerate(numbers["years"]):
            counts = [
                f"{c[i]} {KIND_GROUPS[k].lower()}" for k, c in numbers["counts"].items() if c[i]
            ]
            parts.append(f"{year}: {', '.join(counts) or 'none'}")
        return f"{CHARTS[chart]}. " + "; ".join(parts) + "."
    names = {a["id"]: a["name"] for a in numbers.get("adiz", [])}
    parts = []
    for e in numbers["events"]:
        when = date_text(dt.date.fromisoformat(e["start"]), dt.date.fromisoformat(e["end"]))
        if chart == "adiz":
            parts.append(f"{when}: {', '.join(names[a] for a in e['adiz']) or 'none'}")
        else:
            parts.append(f"{when}: about {approximate_km(e['route_km'] or 0.0)} km")
    return f"{CHARTS[chart]}. " + ("; ".join(parts) or "No event with a route is selected") + "."


def _years(records: list[dict[str, Any]]) -> dict[str, Any]:
    kinds = [k for k in KIND_GROUPS if any(r["kind"] == k for r in records)]
    years = (
        list(range(int(records[0]["start"][:4]), int(records[-1]["start"][:4]) + 1))
        if records
        else []
    )
    counts = {k: [0] * len(years) for k in kinds}
    for r in records:
        counts[r["kind"]][years.index(int(r["start"][:4]))] += 1
    return {"chart": "years", "years": years, "counts": counts}


def _event(record: dict[str, Any], **values: Any) -> dict[str, Any]:
    keep = ("id", "title", "kind", "start", "end", "countries")
    return {**{k: record[k] for k in keep}, **values}


# --- drawing ---------------------------------------------------------------------------------------


def _draw(
    numbers: dict[str, Any], joined: JoinResult, heading: str, width: float, height: float
) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    plain: dict[str, Any] = {"parse_math": False, "va": "top"}  # "$" in catalogue text is a dollar
    fig.text(0.04, 0.97, heading, fontsize=TITLE_PT, fontweight="bold", **plain)
    fig.text(0.04, 0.91, _subtitle(joined), fontsize=SUBTITLE_PT, color="#455a64", **plain)
    fig.text(0.04, 0.02, FOOTER, fontsize=FOOTER_PT, color="#546e7a", parse_math=False, wrap=True)
    chart = numbers["chart"]
    rows = len(numbers.get("events", []))
    left = 0.08 if chart == "years" else 0.36
    ax = fig.add_axes((left, 0.12, 0.94 - left, 0.72 if chart != "adiz" else 0.62))
    if chart != "years" and not rows:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No event with a route is selected", ha="center", parse_math=False)
        return fig
    {"years": _draw_years, "adiz": _draw_adiz, "length": _draw_length}[chart](ax, numbers)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if chart != "years":
        _fit_row_labels(fig, ax)
    return fig


def _fit_row_labels(fig: Figure, ax: Axes) -> None:
    """Move the plot's left edge so the longest row label fits on the sheet."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # Agg, attached above
    widest = max(t.get_window_extent(renderer).width for t in ax.get_yticklabels())
    left = min(0.6, 0.04 + widest / fig.bbox.width + 0.015)
    box = ax.get_position()
    ax.set_position((left, box.y0, 0.94 - left, box.height))


def _subtitle(joined: JoinResult) -> str:
    events = joined.catalog.events
    if not events:
        return "No events selected"
    first, last = min(e.start for e in events), max(e.end for e in events)
    return f"{len(events)} events, {first.isoformat()} to {last.isoformat()}"


def _draw_years(ax: Axes, numbers: dict[str, Any]) -> None:
    from matplotlib.ticker import MaxNLocator

    years, bottom = numbers["years"], [0] * len(numbers["years"])
    for kind, counts in numbers["counts"].items():
        ax.bar(
            years,
            counts,
            bottom=bottom,
            color=style.KIND_COLOURS[kind],
            label=KIND_GROUPS[kind],
            width=0.7,
        )
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    for year, total in zip(years, bottom, strict=True):
        if total:
            ax.text(year, total, f"{total}", ha="center", va="bottom", fontsize=LABEL_PT)
    ax.set_xticks(years, [str(y) for y in years], fontsize=LABEL_PT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="y", labelsize=LABEL_PT)
    ax.set_ylabel("Events", fontsize=LABEL_PT)
    ax.legend(frameon=False, fontsize=LABEL_PT, loc="upper left")


def _row_label(event: dict[str, Any]) -> str:
    title = event["title"] if len(event["title"]) <= 40 else event["title"][:39] + "…"
    return f"{event['start']} · {title}"


def _draw_adiz(ax: Axes, numbers: dict[str, Any]) -> None:
    from matplotlib.patches import Rectangle

    operators = {a["id"]: a["operator"] for a in numbers["adiz"]}
    events, columns = numbers["events"], [a["id"] for a in numbers["adiz"]]
    for row, event in enumerate(events):
        for col, adiz in enumerate(columns):
            entered = adiz in event["adiz"]
            colour = style.adiz_colour(operators.get(adiz)) if entered else "#eceff1"
            ax.add_patch(Rectangle((col + 0.08, row + 0.1), 0.84, 0.8, color=colour, linewidth=0))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(events), 0)
    ax.set_xticks([c + 0.5 for c in range(len(columns))], [a["name"] for a in numbers["adiz"]])
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=LABEL_PT, length=0, labelrotation=20)
    ax.set_yticks([r + 0.5 for r in range(len(events))], [_row_label(e) for e in events])
    ax.tick_params(axis="y", labelsize=LABEL_PT - 0.5, length=0)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)


def _draw_length(ax: Axes, numbers: dict[str, Any]) -> None:
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    events = numbers["events"]
    rows = list(range(len(events)))
    km = [e["route_km"] or 0.0 for e in events]
    colours = [style.FORCE_COLOURS[style.force_key(e["countries"])] for e in events]
    ax.barh(rows, km, color=colours, height=0.7)
    for row, value in zip(rows, km, strict=True):
        ax.text(value, row, f" {value:,.0f}", va="center", fontsize=LABEL_PT - 0.5)
    ax.set_ylim(len(events) - 0.5, -0.5)
    ax.set_yticks(rows, [_row_label(e) for e in events], fontsize=LABEL_PT - 0.5)
    ax.tick_params(axis="x", labelsize=LABEL_PT)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel("Route length, km (geodesic, WGS 84)", fontsize=LABEL_PT)
    handles = [
        Patch(color=style.FORCE_COLOURS[k], label=label)
        for k, label in style.force_legend(e["countries"] for e in events)
    ]
    # Above the plot, so it can cover no bar or value.
    ax.legend(
        handles=handles,
        frameon=False,
        fontsize=LABEL_PT,
        loc="lower right",
        bbox_to_anchor=(1.0, 1.0),
        ncol=len(handles),
    )
