"""Colours and line styles shared by the interactive map, the legend and the static figures."""

from __future__ import annotations

from collections.abc import Iterable

from patrolmap.catalog.model import COUNTRY_NAMES

# Routes are coloured by who flew or sailed them; Russian-Chinese joint legs get a colour of their
# own, and every other country or combination shares OTHER (its legend entry names each one).
FORCE_COLOURS = {"RU": "#c62828", "CN": "#e0a100", "JOINT": "#6a1b9a", "OTHER": "#455a64"}
FORCE_LABELS = {"RU": "Russia", "CN": "China", "JOINT": "Russia and China together"}

# ADIZs are styled per operating country.
ADIZ_COLOURS = {
    "JP": "#1565c0",
    "KR": "#00838f",
    "CN": "#ef6c00",
    "US": "#2e7d32",
    "CA": "#ad1457",
}
ADIZ_FALLBACK = "#546e7a"

LAND_FILL, LAND_EDGE, SEA_BACKGROUND = "#ece8dc", "#b9b2a0", "#d6e6f0"
SEA_FILL = "#5b8db8"
STRAIT_COLOUR = "#263238"
PLACE_COLOURS = {"airbase": "#37474f", "island": "#8d6e63", "reference": "#78909c"}
MARKER_COLOUR = "#111111"

# Direction arrows: one per this many km of route, at least one and at most MAX_ARROWS_PER_LEG,
# on the interactive map (js/patrolmap.js reads them from the map data) and in figures alike.
ARROW_SPACING_KM = 700.0
MAX_ARROWS_PER_LEG = 4

# Naval tracks are dashed so they read differently from flights in print as well as on screen.
KIND_DASH = {"joint-air-patrol": None, "air-activity": None, "naval-transit": "8 6"}
# Kinds in charts (export/chart.py): joint patrols in the joint-leg colour.
KIND_COLOURS = {
    "joint-air-patrol": FORCE_COLOURS["JOINT"],
    "air-activity": "#78909c",
    "naval-transit": "#4fc3f7",  # sea blue; the colour-vision test rejected a darker blue
}
KIND_LABELS = {
    "joint-air-patrol": "Joint air patrols",
    "air-activity": "Other air activity",
    "naval-transit": "Naval transits",
}


def force_key(forces: Iterable[str]) -> str:
    """The colour key for a leg flown by `forces`: RU, CN, JOINT (Russia and China) or OTHER."""
    unique = set(forces)
    if unique == {"RU", "CN"}:
        return "JOINT"
    if len(unique) == 1 and unique <= {"RU", "CN"}:
        return unique.pop()
    return "OTHER"


def force_label(forces: Iterable[str]) -> str:
    """Who flew or sailed, named truthfully: "Russia", "Russia and United States together"."""
    order = list(COUNTRY_NAMES)
    codes = sorted(set(forces), key=lambda c: (order.index(c) if c in order else len(order), c))
    names = [COUNTRY_NAMES.get(code, code) for code in codes]
    if len(names) < 2:
        return names[0] if names else "Unknown"
    return f"{', '.join(names[:-1])} and {names[-1]} together"


def force_legend(force_lists: Iterable[Iterable[str]]) -> list[tuple[str, str]]:
    """(colour key, label) for each colour the legs of `force_lists` are drawn in, in legend order;
    the OTHER entry names every combination it stands for."""
    combos = {frozenset(forces) for forces in force_lists}
    keys = sorted({force_key(c) for c in combos}, key=list(FORCE_COLOURS).index)
    others = sorted({force_label(c) for c in combos if force_key(c) == "OTHER"})
    return [(k, "; ".join(others) if k == "OTHER" else FORCE_LABELS[k]) for k in keys]


def adiz_colour(operator: str | None) -> str:
    return ADIZ_COLOURS.get(operator or "", ADIZ_FALLBACK)
