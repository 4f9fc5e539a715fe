"""Plain-language descriptions of joined events: the text alternative of the map and figures.

One sentence per event, built from the joined facts (what the geometry shows), not from the curated
summary: "23 Jul 2019: two Tu-95MS and two H-6K; entered the Japan and Korea ADIZs; crossed the
Tsushima Strait; routes about 2,900 km". The page (its text alternative), the figures (SVG
<title>/<desc>, PDF metadata) and the embeds (alt text) all take their text from here, so a reader
without sight gets the same account everywhere.

The text is plain and unescaped: catalogue names pass through it, so each output escapes it.
"""

from __future__ import annotations

import datetime as dt

from patrolmap.catalog.model import Catalog, Event, Participant
from patrolmap.join import EventFacts, JoinResult
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, area_names

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def event_sentences(joined: JoinResult, naming: Naming = DEFAULT_NAMING) -> dict[str, str]:
    """Event id -> its one-sentence description, for every event of `joined`, in date order;
    ADIZs and straits named under `naming` (their short names: scene/naming.py)."""
    names = area_names(joined.catalog, naming, short=True)
    events = sorted(joined.catalog.events, key=lambda e: (e.start, e.id))
    return {e.id: event_sentence(e, joined.facts[e.id], names) for e in events}


def event_sentence(event: Event, facts: EventFacts, names: dict[str, str]) -> str:
    """One event as a sentence: date, who, ADIZs entered, straits crossed, route length."""
    clauses = [_participants(event.participants)]
    if facts.has_route:
        clauses.append(_entered([names.get(a, a) for a in facts.adiz]))
        if facts.straits:
            clauses.append("crossed " + _and(["the " + names.get(s, s) for s in facts.straits]))
        clauses.append(f"routes about {approximate_km(facts.route_km or 0.0)} km")
    else:
        clauses.append("no route drawn")
    return f"{date_text(event.start, event.end)}: " + "; ".join(c for c in clauses if c)


def map_description(joined: JoinResult, naming: Naming = DEFAULT_NAMING) -> str:
    """What a map or figure of `joined` shows, as a paragraph: a count, then one sentence an event."""
    sentences = list(event_sentences(joined, naming).values())
    return " ".join([overview(joined.catalog), *(f"{s}." for s in sentences)])


def overview(catalog: Catalog) -> str:
    """A first sentence: how many events, of which kinds, over which dates."""
    events = catalog.events
    if not events:
        return "No events selected; the map shows reference geography only."
    first = min(e.start for e in events)
    last = max(e.end for e in events)
    n = len(events)
    span = (
        f"on {date_text(first, last)}"
        if n == 1
        else f"from {date_text(first, first)} to {date_text(last, last)}"
    )
    return (
        f"{n} event{'s' * (n != 1)} {span}; "
        "routes are approximate reconstructions from published reports."
    )


def date_text(start: dt.date, end: dt.date) -> str:
    """`23 Jul 2019`, `6–7 Jun 2023`, `30 Nov – 1 Dec 2022` or `31 Dec 2025 – 2 Jan 2026`."""
    last = f"{end.day} {end.strftime('%b')} {end.year}"
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{last}"
    if start.year == end.year:
        return f"{start.day} {start.strftime('%b')} – {last}"
    return f"{start.day} {start.strftime('%b')} {start.year} – {last}"


def approximate_km(km: float) -> str:
    """A length as a reader would say it: to 100 km from 1,000 km up, to 10 km below."""
    step = 100 if km >= 1000 else 10
    return f"{max(step, round(km / step) * step):,}" if km >= 5 else f"{km:.0f}"


def _participants(participants: tuple[Participant, ...]) -> str:
    if not participants:
        return "participants not reported"
    return _and([_count(p) for p in participants])


def _count(p: Participant) -> str:
    if p.count is None:
        return f"an unreported number of {p.type}"
    return f"{_NUMBER_WORDS[p.count] if p.count <= 10 else f'{p.count:,}'} {p.type}"


def _entered(adiz_names: list[str]) -> str:
    if not adiz_names:
        return "entered no ADIZ"
    stems = [n[: -len(" ADIZ")] for n in adiz_names if n.endswith(" ADIZ")]
    if len(stems) == len(adiz_names):  # "the Japan and Korea ADIZs"
        return f"entered the {_and(stems)} ADIZ{'s' * (len(stems) > 1)}"
    return "entered " + _and(["the " + n for n in adiz_names])


def _and(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
