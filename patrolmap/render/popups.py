"""Popup and tooltip HTML. Every catalogue string goes through safety.escape on its way in."""

from __future__ import annotations

from collections.abc import Sequence

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.join import EventFacts, VariantFacts
from patrolmap.safety.escape import html_attr, html_text
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, describe_approach
from patrolmap.scene.style import force_label

CONFIDENCE_TEXT = {
    "high": "published coordinates",
    "medium": "one good source",
    "low": "weakly sourced",
    "approximate": "approximate drawing",
}


def event_popup(
    event: Event, facts: EventFacts, names: dict[str, str], naming: Naming = DEFAULT_NAMING
) -> list[str]:
    """The body of an event's popup, as HTML pieces: what, when, who, derived facts, disputes.

    Pieces rather than one string so that the map data can write a piece many events share
    (a responder, a list of seas) once; the page runtime joins them, wraps them and appends the
    event's sources from the shared table built by `source_items`.
    """
    meta = f"{html_text(event.date_label())} · {html_text(event.kind)}"
    if event.patrol_number:
        meta += f" · patrol no. {event.patrol_number}"
    rows = _who(event) + _facts(facts, names, naming, naval=event.kind == "naval-transit")
    parts = [
        f"<h3>{html_text(event.title)}</h3>",
        f'<p class="pm-meta">{meta}</p>',
        f"<p>{html_text(event.summary)}</p>",
        *([_DL_OPEN, *(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows), "</dl>"] if rows else []),
        _disputes(event),
    ]
    return [p for p in parts if p]


_DL_OPEN = '<dl class="pm-facts">'


def source_items(catalog: Catalog, ids) -> dict[str, str]:
    """Map each cited source id to its list item: outlet, date, headline, linked where known."""
    return {
        sid: _source_item(catalog.sources[sid])
        for sid in sorted(set(ids))
        if sid in catalog.sources
    }


def leg_header(row) -> str:
    """A line above the event popup naming the route leg that was clicked."""
    who = force_label(row.forces)
    vehicles = f" · {html_text(row.vehicles)}" if row.vehicles else ""
    what = "Another version of the route" if getattr(row, "variant_of", None) else "Route leg"
    return (
        f'<p class="pm-leg">{what}: <b>{html_text(row.name)}</b> · {html_text(who)}{vehicles}'
        f"<br>{_confidence(row.confidence, row.confidence_note)}</p>"
    )


def variant_popup(row, facts: VariantFacts, event: Event, names: dict[str, str]) -> list[str]:
    """The body of a route variant's popup (row: its routes row), as HTML pieces: whose version
    it is, which legs it stands in for, and its own facts beside theirs. The event's facts come
    from its route alone; these are shown here and counted nowhere else. `names` holds the
    shown names of areas and route legs by id."""
    naval = event.kind == "naval-transit"
    adiz_label = "Under ADIZs" if naval else "ADIZs entered"
    rows = [
        ("Instead of", _list(facts.instead_of, names)),
        (adiz_label, _versus(facts.adiz, facts.their_adiz, names)),
        ("Straits crossed", _versus(facts.straits, facts.their_straits, names)),
        ("Seas", _versus(facts.seas, facts.their_seas, names)),
        (
            "Length",
            f"about {facts.route_km:,.0f} km as drawn (instead of {facts.their_km:,.0f} km)",
        ),
    ]
    if row.note:
        rows.append(("Note", html_text(row.note)))
    who = html_text(force_label(row.forces))
    return [
        f"<h3>{html_text(row.name)}</h3>",
        f'<p class="pm-meta">{html_text(event.date_label())} · {html_text(event.title)}</p>',
        f'<p class="pm-leg">Another version of the route · {who}<br>'
        f"{_confidence(row.confidence, row.confidence_note)}</p>",
        _dl(rows),
    ]


def _versus(own, theirs, names) -> str:
    """This version's areas, and the route's where they differ."""
    text = _list(own, names)
    if tuple(own) != tuple(theirs):
        text += f" (the route: {_list(theirs, names)})"
    return text


def marker_header(marker) -> str:
    """A line above the event popup naming the marker (a notable point) that was clicked."""
    note = f"<p>{html_text(marker.note)}</p>" if marker.note else ""
    conf = html_text(f"Position: {marker.confidence}")
    return (
        f'<p class="pm-leg"><b>{html_text(marker.label)}</b></p>{note}<p class="pm-note">{conf}</p>'
    )


def feature_popup(
    row, catalog: Catalog, extra: Sequence[tuple[str, str]] = (), *, name: str | None = None
) -> str:
    """The popup of a reference feature (ADIZ, sea, strait, place), headed by `name` (as the naming
    policy shows it) or the catalogue's name."""
    rows = list(extra)
    if row.aliases:
        rows.append(("Also called", html_text(", ".join(row.aliases))))
    rows.append(("Geometry", _confidence(row.confidence, row.confidence_note)))
    if row.note:
        rows.append(("Note", html_text(row.note)))
    return (
        f'<div class="pm-popup"><h3>{html_text(name or row.name)}</h3>{_dl(rows)}'
        f"{sources_html(row.sources, catalog)}</div>"
    )


def _who(event: Event) -> list[tuple[str, str]]:
    rows = []
    for p in event.participants:
        count = f" ×{p.count}" if p.count is not None else " (number not reported)"
        role = f" — {html_text(p.role)}" if p.role else ""
        note = f'<br><span class="pm-note">{html_text(p.count_note)}</span>' if p.count_note else ""
        country = COUNTRY_NAMES.get(p.country, p.country)
        rows.append((html_text(country), f"{html_text(p.type)}{count}{role}{note}"))
    for r in event.responders:
        country = COUNTRY_NAMES.get(r.country, r.country)
        rows.append(
            ("Response", f"{html_text(country)}: {html_text(r.force)} — {html_text(r.action)}")
        )
    return rows


def _facts(
    facts: EventFacts, names: dict[str, str], naming: Naming, naval: bool = False
) -> list[tuple[str, str]]:
    if not facts.has_route:
        return [("Route", "no route drawn for this event")]
    # An ADIZ is airspace: a ship sails under it rather than entering it.
    adiz_label = "Under ADIZs" if naval else "ADIZs entered"
    rows = [
        (adiz_label, _list(facts.adiz, names)),
        ("Straits crossed", _list(facts.straits, names)),
        ("Seas", _list(facts.seas, names)),
        ("Route length", f"about {facts.route_km:,.0f} km as drawn (approximate)"),
    ]
    if facts.closest_km:
        near = ", ".join(
            f"{html_text(names.get(pid, pid))} {km:,.0f} km" for pid, km in facts.closest_km.items()
        )
        rows.append(("Closest approach", near))
    if facts.territory:
        # Foreign land, as drawn: the routes are approximate, so these distances are too.
        foreign = "; ".join(html_text(describe_approach(a, naming)) for a in facts.territory[:3])
        rows.append(("Foreign territory", f"{foreign} (as drawn)"))
    return rows


def _list(ids, names) -> str:
    return html_text(", ".join(names.get(i, i) for i in ids)) if ids else "none"


def _disputes(event: Event) -> str:
    if not event.disputed:
        return ""
    items = "".join(
        f"<li><b>{html_text(d.field)}</b>: {html_text(d.note)}</li>" for d in event.disputed
    )
    return f'<p class="pm-h">Sources disagree</p><ul class="pm-disputed">{items}</ul>'


def _source_item(source) -> str:
    date = f", {source.date.isoformat()}" if source.date else ""
    label = f"{html_text(source.outlet)}{date}: “{html_text(source.headline)}”"
    if source.url:  # only http(s) addresses pass validation
        label = (
            f'<a href="{html_attr(source.url)}" target="_blank" rel="noopener noreferrer">'
            f"{label}</a>"
        )
    return f"<li>{label}</li>"


def sources_html(ids, catalog: Catalog) -> str:
    """The numbered list of sources `ids`, each linked where the register has an address."""
    items = "".join(_source_item(catalog.sources[s]) for s in ids if s in catalog.sources)
    return f'<p class="pm-h">Sources</p><ol class="pm-sources">{items}</ol>'


def _confidence(level: str, note: str | None) -> str:
    if level == "approximate":
        text = "approximate drawing"
    else:
        text = f"{html_text(level)} confidence ({CONFIDENCE_TEXT.get(level, '')})"
    return text + (f" — {html_text(note)}" if note else "")


def _dl(rows: list[tuple[str, str]]) -> str:
    """A definition list; `rows` hold HTML that is already escaped."""
    if not rows:
        return ""
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f"{_DL_OPEN}{body}</dl>"
