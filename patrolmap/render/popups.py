"""Popup and tooltip HTML. Every catalogue string goes through safety.escape on its way in.

Field labels are the interface's words (scene/words.py) in the label language; they are escaped
too, like everything that enters the page's HTML."""

from __future__ import annotations

from collections.abc import Sequence

from patrolmap.catalog.model import Catalog, Event
from patrolmap.join import EventFacts, VariantFacts
from patrolmap.safety.escape import html_attr, html_text
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, describe_approach
from patrolmap.scene.style import force_label
from patrolmap.scene.words import Words

ENGLISH = Words("en")


def event_popup(
    event: Event, facts: EventFacts, names: dict[str, str], naming: Naming = DEFAULT_NAMING
) -> list[str]:
    """The body of an event's popup, as HTML pieces: what, when, who, derived facts, disputes.

    Pieces rather than one string so that the map data can write a piece many events share
    (a responder, a list of seas) once; the page runtime joins them, wraps them and appends the
    event's sources from the shared table built by `source_items`.
    """
    words = Words(naming.language)
    meta = f"{html_text(event.date_label())} · {html_text(event.kind)}"
    if event.patrol_number:
        meta += f" · {html_text(words.format('patrol_no', n=event.patrol_number))}"
    rows = _who(event, words) + _facts(
        facts, names, naming, words, naval=event.kind == "naval-transit"
    )
    parts = [
        f"<h3>{html_text(event.title)}</h3>",
        f'<p class="pm-meta">{meta}</p>',
        f"<p>{html_text(event.summary)}</p>",
        *([_DL_OPEN, *(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows), "</dl>"] if rows else []),
        _disputes(event, words),
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


def leg_header(row, words: Words = ENGLISH) -> str:
    """A line above the event popup naming the route leg that was clicked."""
    who = _forces(row.forces, words)
    vehicles = f" · {html_text(row.vehicles)}" if row.vehicles else ""
    what = words["another_version" if getattr(row, "variant_of", None) else "route_leg"]
    return (
        f'<p class="pm-leg">{html_text(what)}: <b>{html_text(row.name)}</b> · '
        f"{html_text(who)}{vehicles}<br>{_confidence(row.confidence, row.confidence_note, words)}</p>"
    )


def variant_popup(
    row, facts: VariantFacts, event: Event, names: dict[str, str], words: Words = ENGLISH
) -> list[str]:
    """The body of a route variant's popup (row: its routes row), as HTML pieces: whose version
    it is, which legs it stands in for, and its own facts beside theirs. The event's facts come
    from its route alone; these are shown here and counted nowhere else. `names` holds the
    shown names of areas and route legs by id."""

    def label(key: str) -> str:
        return html_text(words[key])

    naval = event.kind == "naval-transit"
    length = words.format(
        "variant_length", km=f"{facts.route_km:,.0f}", their=f"{facts.their_km:,.0f}"
    )
    rows = [
        (label("instead_of"), _list(facts.instead_of, names, words)),
        (
            label("under_adiz" if naval else "adiz_entered"),
            _versus(facts.adiz, facts.their_adiz, names, words),
        ),
        (label("straits_crossed"), _versus(facts.straits, facts.their_straits, names, words)),
        (label("seas"), _versus(facts.seas, facts.their_seas, names, words)),
        (label("length"), html_text(length)),
    ]
    if row.note:
        rows.append((label("note"), html_text(row.note)))
    who = html_text(_forces(row.forces, words))
    return [
        f"<h3>{html_text(row.name)}</h3>",
        f'<p class="pm-meta">{html_text(event.date_label())} · {html_text(event.title)}</p>',
        f'<p class="pm-leg">{label("another_version")} · {who}<br>'
        f"{_confidence(row.confidence, row.confidence_note, words)}</p>",
        _dl(rows),
    ]


def _versus(own, theirs, names, words: Words) -> str:
    """This version's areas, and the route's where they differ."""
    text = _list(own, names, words)
    if tuple(own) != tuple(theirs):
        text += " " + html_text(words.format("the_route", areas=_plain_list(theirs, names, words)))
    return text


def _plain_list(ids, names, words: Words) -> str:
    return ", ".join(names.get(i, i) for i in ids) if ids else words["none"]


def _forces(forces, words: Words) -> str:
    """Who flew a leg in the label language; other combinations as force_label's English list."""
    unique = set(forces)
    if unique == {"RU", "CN"}:
        return words["force.JOINT"]
    return words.country(unique.pop()) if len(unique) == 1 else force_label(forces)


def marker_header(marker, words: Words = ENGLISH) -> str:
    """A line above the event popup naming the marker (a notable point) that was clicked."""
    note = f"<p>{html_text(marker.note)}</p>" if marker.note else ""
    level = words.get(f"level.{marker.confidence}", marker.confidence)
    conf = html_text(f"{words['position']}: {level}")
    return (
        f'<p class="pm-leg"><b>{html_text(marker.label)}</b></p>{note}<p class="pm-note">{conf}</p>'
    )


def feature_popup(
    row,
    catalog: Catalog,
    extra: Sequence[tuple[str, str]] = (),
    *,
    name: str | None = None,
    words: Words = ENGLISH,
) -> str:
    """The popup of a reference feature (ADIZ, sea, strait, place), headed by `name` (as the naming
    policy shows it) or the catalogue's name. `extra` rows are (label, HTML), both escaped."""
    rows = list(extra)
    if row.aliases:
        rows.append((html_text(words["also_called"]), html_text(", ".join(row.aliases))))
    geometry = _confidence(row.confidence, row.confidence_note, words)
    rows.append((html_text(words["geometry"]), geometry))
    if row.note:
        rows.append((html_text(words["note"]), html_text(row.note)))
    return (
        f'<div class="pm-popup"><h3>{html_text(name or row.name)}</h3>{_dl(rows)}'
        f"{sources_html(row.sources, catalog, words)}</div>"
    )


def _who(event: Event, words: Words) -> list[tuple[str, str]]:
    rows = []
    unreported = f" {html_text(words['number_not_reported'])}"
    for p in event.participants:
        count = f" ×{p.count}" if p.count is not None else unreported
        role = f" — {html_text(p.role)}" if p.role else ""
        note = f'<br><span class="pm-note">{html_text(p.count_note)}</span>' if p.count_note else ""
        rows.append(
            (html_text(words.country(p.country)), f"{html_text(p.type)}{count}{role}{note}")
        )
    for r in event.responders:
        country = words.country(r.country)
        rows.append(
            (
                html_text(words["response"]),
                f"{html_text(country)}: {html_text(r.force)} — {html_text(r.action)}",
            )
        )
    return rows


def _facts(
    facts: EventFacts, names: dict[str, str], naming: Naming, words: Words, naval: bool = False
) -> list[tuple[str, str]]:
    def label(key: str) -> str:
        return html_text(words[key])

    if not facts.has_route:
        return [(label("route"), label("no_route_event"))]
    # An ADIZ is airspace: a ship sails under it rather than entering it.
    rows = [
        (label("under_adiz" if naval else "adiz_entered"), _list(facts.adiz, names, words)),
        (label("straits_crossed"), _list(facts.straits, names, words)),
        (label("seas"), _list(facts.seas, names, words)),
        (
            label("route_length"),
            html_text(words.format("route_length_value", km=f"{facts.route_km:,.0f}")),
        ),
    ]
    if facts.closest_km:
        near = ", ".join(
            f"{html_text(names.get(pid, pid))} {km:,.0f} km" for pid, km in facts.closest_km.items()
        )
        rows.append((label("closest_approach"), near))
    if facts.territory:
        # Foreign land, as drawn: the routes are approximate, so these distances are too.
        foreign = "; ".join(html_text(describe_approach(a, naming)) for a in facts.territory[:3])
        rows.append((label("foreign_territory"), f"{foreign} {label('as_drawn')}"))
    return rows


def _list(ids, names, words: Words) -> str:
    return html_text(_plain_list(ids, names, words))


def _disputes(event: Event, words: Words) -> str:
    if not event.disputed:
        return ""
    items = "".join(
        f"<li><b>{html_text(d.field)}</b>: {html_text(d.note)}</li>" for d in event.disputed
    )
    heading = html_text(words["sources_disagree"])
    return f'<p class="pm-h">{heading}</p><ul class="pm-disputed">{items}</ul>'


def _source_item(source) -> str:
    date = f", {source.date.isoformat()}" if source.date else ""
    label = f"{html_text(source.outlet)}{date}: “{html_text(source.headline)}”"
    if source.url:  # only http(s) addresses pass validation
        label = (
            f'<a href="{html_attr(source.url)}" target="_blank" rel="noopener noreferrer">'
            f"{label}</a>"
        )
    return f"<li>{label}</li>"


def sources_html(ids, catalog: Catalog, words: Words = ENGLISH) -> str:
    """The numbered list of sources `ids`, each linked where the register has an address."""
    items = "".join(_source_item(catalog.sources[s]) for s in ids if s in catalog.sources)
    heading = html_text(words["sources"])
    return f'<p class="pm-h">{heading}</p><ol class="pm-sources">{items}</ol>'


def _confidence(level: str, note: str | None, words: Words = ENGLISH) -> str:
    text = html_text(words.get(f"confidence.{level}", level))
    return text + (f" — {html_text(note)}" if note else "")


def _dl(rows: list[tuple[str, str]]) -> str:
    """A definition list; `rows` hold HTML that is already escaped."""
    if not rows:
        return ""
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f"{_DL_OPEN}{body}</dl>"
