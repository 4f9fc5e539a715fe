"""What kind of event: one of the catalogue's kinds, with the words that decided it.

Joint air patrol: Russian and Chinese aircraft together, or words of a joint or combined flight
with aircraft and no ships. Naval transit: ships named, or ship words lead the story. Otherwise
air activity.
"""

from __future__ import annotations

from patrolmap.draft.evidence import Span
from patrolmap.draft.participants import Found
from patrolmap.draft.vocabulary import AIR_WORDS, JOINT_WORDS, SHIP_WORDS

LEDE = 600  # characters: the headline and first paragraph say what the story is about


def event_kind(text: str, aircraft: list[Found], ships: list[Found]) -> tuple[str, Span | None]:
    joint = JOINT_WORDS.search(text)
    lede_air = AIR_WORDS.search(text[:LEDE])
    lede_ships = SHIP_WORDS.search(text[:LEDE])
    both_countries = {"RU", "CN"} <= {a.country for a in aircraft}
    joint_flight = bool(joint and (aircraft or lede_air) and not ships)
    if both_countries or joint_flight:
        span = Span.of(text, joint.start(), joint.end()) if joint else _first(aircraft)
        return "joint-air-patrol", span
    if ships:
        return "naval-transit", _first(ships)
    if lede_ships and (not lede_air or lede_ships.start() < lede_air.start()):
        return "naval-transit", Span.of(text, lede_ships.start(), lede_ships.end())
    if aircraft:
        return "air-activity", _first(aircraft)
    if lede_air:
        return "air-activity", Span.of(text, lede_air.start(), lede_air.end())
    return "air-activity", None


def _first(found: list[Found]) -> Span:
    return min((f.spans[0] for f in found), key=lambda s: s.start)
