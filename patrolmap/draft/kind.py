"""What kind of event: one of the catalogue's kinds, with the words that decided it."""

from __future__ import annotations

from patrolmap.draft.evidence import Span
from patrolmap.draft.participants import Found
from patrolmap.draft.vocabulary import AIR_WORDS, JOINT_WORDS, SHIP_WORDS

LEDE = 600  # characters: the headline and first paragraph say what the story is about


def event_kind(text: str, aircraft: list[Found], ships: list[Found]) -> tuple[str, Span | None]:
    countries = {a.country for a in aircraft if not a.family.endswith("(type not given)")}
    joint = JOINT_WORDS.search(text)
    if aircraft and ({"RU", "CN"} <= countries or joint):
        if joint:
            return "joint-air-patrol", Span.of(text, joint.start(), joint.end())
        return "joint-air-patrol", _first(aircraft)
    lede_ships = SHIP_WORDS.search(text[:LEDE])
    lede_air = AIR_WORDS.search(text[:LEDE])
    if ships or (lede_ships and (not lede_air or lede_ships.start() < lede_air.start())):
        if ships:
            return "naval-transit", _first(ships)
        assert lede_ships is not None
        return "naval-transit", Span.of(text, lede_ships.start(), lede_ships.end())
    if aircraft:
        return "air-activity", _first(aircraft)
    if lede_air:
        return "air-activity", Span.of(text, lede_air.start(), lede_air.end())
    return "air-activity", None


def _first(found: list[Found]) -> Span:
    return min((f.spans[0] for f in found), key=lambda s: s.start)
