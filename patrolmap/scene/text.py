"""The scene's words: title, subtitle, caveat, kind names and crews, the same in the page and figures."""

from __future__ import annotations

from patrolmap.catalog.model import EVENT_KINDS, Catalog, Event
from patrolmap.scene.words import WORDS, Words

DEFAULT_TITLE = WORDS["en"]["title.default"]  # in other languages: scene/words.py
CAVEAT = WORDS["en"]["caveat"]
KIND_NAMES = {kind: WORDS["en"][f"kind.{kind}"] for kind in EVENT_KINDS}
# The event groups of the page's layer panel, in this order (their words: scene/words.py).
KIND_GROUPS = {kind: WORDS["en"][f"group.{kind}"] for kind in EVENT_KINDS}
PLACE_KINDS = {kind: WORDS["en"][f"place.{kind}"] for kind in ("airbase", "island", "reference")}
ENGLISH = Words("en")


def titles(catalog: Catalog, title: str | None, words: Words = ENGLISH) -> tuple[str, str]:
    """The heading and the line under it: the event's own title and dates unless `title` is given;
    patrolmap's own words in `words`' language."""
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    if not events:
        return title or words["title.default"], words["title.reference_only"]
    if len(events) == 1:
        event = events[0]
        auto, sub = event.title, " · ".join([event_line(event, words), *crews(event, words)])
    else:
        joined = " / ".join(e.title for e in events)
        auto = joined if len(events) <= 3 and len(joined) <= 110 else standard_title(catalog, words)
        first, last = events[0].start.isoformat(), max(e.end for e in events).isoformat()
        sub = words.format("subtitle.span", count=words.events(len(events)), first=first, last=last)
    routed = set(catalog.routes["event"])
    missing = sum(e.id not in routed for e in events)
    if missing:
        lonely = len(events) == 1
        sub += " · " + (
            words["subtitle.no_route"]
            if lonely
            else words.format("subtitle.without_route", n=missing)
        )
    return title or auto, sub


# The standard title names only the regions the selection's events are in, so a map of events
# around Japan does not say "and Alaska" (REGIONS labels -> words).
REGION_TITLES = {"Japan & Korea": "title.japan_korea", "Alaska": "title.alaska"}


def standard_title(catalog: Catalog, words: Words = ENGLISH) -> str:
    """The standard title for several events: narrowed to one region when every event of the
    selection is known to lie in it, else the title naming all of them."""
    from patrolmap.scene.extent import event_regions

    regions = event_regions(catalog)
    where = set(regions.values())
    only = where.pop() if len(where) == 1 else None
    if only is not None and len(regions) == len(catalog.events):
        return words[REGION_TITLES[only]]
    return words["title.default"]


def event_line(event: Event, words: Words = ENGLISH) -> str:
    """`2019-07-23 · joint air patrol no. 1`."""
    kind = words.get(f"kind.{event.kind}", event.kind)
    if event.patrol_number:
        kind = words.format("kind_number", kind=kind, n=event.patrol_number)
    return f"{event.date_label()} · {kind}"


def crews(event: Event, words: Words = ENGLISH) -> list[str]:
    """One `Country: craft ×N, ...` line per participating country."""
    out = []
    for country in event.countries:
        craft = ", ".join(p.label() for p in event.participants if p.country == country)
        out.append(f"{words.country(country)}: {craft}")
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
