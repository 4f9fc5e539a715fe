"""The scene's words: title, subtitle, caveat, kind names and crews, the same in the page and figures."""

from __future__ import annotations

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.scene.words import WORDS

DEFAULT_TITLE = "Russian and Chinese military activity around Japan, Korea and Alaska"
CAVEAT = WORDS["en"]["caveat"]  # in other languages: scene/words.py
KIND_NAMES = {
    "joint-air-patrol": "joint air patrol",
    "air-activity": "air activity",
    "naval-transit": "naval transit",
}
# The event groups of the page's layer panel, in this order (their words: scene/words.py).
KIND_GROUPS = {
    kind: WORDS["en"][f"group.{kind}"]
    for kind in ("joint-air-patrol", "air-activity", "naval-transit")
}
PLACE_KINDS = {kind: WORDS["en"][f"place.{kind}"] for kind in ("airbase", "island", "reference")}


def titles(catalog: Catalog, title: str | None) -> tuple[str, str]:
    """The heading and the line under it: the event's own title and dates unless `title` is given."""
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    if not events:
        return title or DEFAULT_TITLE, "Reference geography: ADIZs, strait gate lines and places"
    if len(events) == 1:
        event = events[0]
        auto, sub = event.title, " · ".join([event_line(event), *crews(event)])
    else:
        joined = " / ".join(e.title for e in events)
        auto = joined if len(events) <= 3 and len(joined) <= 110 else DEFAULT_TITLE
        first, last = events[0].start, max(e.end for e in events)
        sub = f"{len(events)} events, {first.isoformat()} to {last.isoformat()}"
    routed = set(catalog.routes["event"])
    missing = sum(e.id not in routed for e in events)
    if missing:
        sub += " · no route mapped" if len(events) == 1 else f" · {missing} without a mapped route"
    return title or auto, sub


def event_line(event: Event) -> str:
    """`2019-07-23 · joint air patrol no. 1`."""
    number = f" no. {event.patrol_number}" if event.patrol_number else ""
    return f"{event.date_label()} · {KIND_NAMES.get(event.kind, event.kind)}{number}"


def crews(event: Event) -> list[str]:
    """One `Country: craft ×N, ...` line per participating country."""
    out = []
    for country in event.countries:
        craft = ", ".join(p.label() for p in event.participants if p.country == country)
        out.append(f"{COUNTRY_NAMES.get(country, country)}: {craft}")
    return out


def cited_outlets(catalog: Catalog) -> tuple[str, ...]:
    """The outlets of the sources the selected events cite, first-cited first, each once."""
    outlets: list[str] = []
    for event in catalog.events:
        for sid in event.sources:
            source = catalog.sources.get(sid)
            if source is not None and source.outlet not in outlets:
                outlets.append(source.outlet)
    return tuple(outlets)
