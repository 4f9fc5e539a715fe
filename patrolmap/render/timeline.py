"""Map data for the timeline panel, playback and the text alternative (js/timeline.js draws them).

Every text leaves here as escaped HTML (safety.escape), like the rest of the map data.
"""

from __future__ import annotations

from patrolmap.catalog.model import Event
from patrolmap.describe import event_sentences, overview
from patrolmap.join import JoinResult
from patrolmap.safety.escape import html_text
from patrolmap.scene.naming import DEFAULT_NAMING, Naming
from patrolmap.scene.text import KIND_GROUPS
from patrolmap.scene.words import Words
from patrolmap.summary import COLUMNS, summary_rows


def timeline_data(
    joined: JoinResult, events: list[Event], naming: Naming = DEFAULT_NAMING
) -> dict | None:
    """The date range, the kinds (one timeline row each) and one mark per event, in date order.

    Each event carries its sentence (describe.py) and `legs`: the order in which playback draws its
    route legs, as indexes into the legs the runtime drew for it (sorted by route id, layers.py),
    following the order the legs are written in routes.geojson.
    """
    if not events:
        return None
    sentences = event_sentences(joined, naming)
    legs = _leg_order(joined)
    kinds = [k for k in KIND_GROUPS if any(e.kind == k for e in events)]
    words = Words(naming.language)
    return {
        "min": events[0].start.isoformat(),
        "max": max(e.end for e in events).isoformat(),
        "kinds": [{"id": k, "label": html_text(words[f"group.{k}"])} for k in kinds],
        "events": [
            {
                "id": e.id,
                "kind": e.kind,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "title": html_text(e.title),
                "text": html_text(sentences[e.id]),
                "legs": legs.get(e.id, []),
            }
            for e in events
        ],
    }


def text_alternative(joined: JoinResult, naming: Naming = DEFAULT_NAMING) -> dict:
    """The page's text description: an overview sentence and the summary table's rows, areas
    named under `naming` as `patrolmap summary --names` names them."""
    return {
        "overview": html_text(overview(joined.catalog)),
        # Column headings of the page's data table, which mirrors `patrolmap summary` cell for cell.
        "columns": [html_text(Words(naming.language)[f"column.{c}"]) for c in COLUMNS],
        "rows": [[html_text(row[c]) for c in COLUMNS] for row in summary_rows(joined, naming)],
    }


def _leg_order(joined: JoinResult) -> dict[str, list[int]]:
    routes = joined.catalog.routes.reset_index(drop=True)
    drawn = routes.sort_values("id", kind="stable")  # the order layers.py draws them in
    written = drawn.index.to_numpy()  # positions in routes.geojson
    out: dict[str, list[int]] = {}
    # By positions, not one frame per event (4 s at 10,000 events).
    for event_id, rows in drawn.groupby("event", sort=False).indices.items():
        mine = written[rows].tolist()
        out[str(event_id)] = sorted(range(len(mine)), key=lambda i: mine[i])
    return out
