"""The one style table: semantic role → colour, width, dash, fill, marker; small adapters per renderer.

Widths and dashes are in CSS pixels at the page's scale; a figure converts them to points
(`Style.mpl`), so the page and the figure cannot drift apart. Colours are chosen per force, per ADIZ
operator and per place kind; every role the scene uses is listed in STYLES.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from patrolmap.catalog.model import COUNTRY_NAMES

# Routes are coloured by who flew or sailed them; Russian-Chinese joint legs get a colour of their
# own, and every other country or combination shares OTHER (its legend entry names each one).
FORCE_COLOURS = {"RU": "#c62828", "CN": "#e0a100", "JOINT": "#6a1b9a", "OTHER": "#455a64"}
FORCE_LABELS = {
    "RU": "Russia",
    "CN": "China",
    "JOINT": "Russia and China together",
    "OTHER": "Other",
}
ADIZ_COLOURS = {"JP": "#1565c0", "KR": "#00838f", "CN": "#ef6c00", "US": "#2e7d32", "CA": "#ad1457"}
ADIZ_FALLBACK = "#546e7a"
PLACE_COLOURS = {"airbase": "#37474f", "island": "#8d6e63", "reference": "#78909c"}
# Kinds in charts (export/chart.py): joint patrols in the joint-leg colour.
KIND_COLOURS = {
    "joint-air-patrol": FORCE_COLOURS["JOINT"],
    "air-activity": "#78909c",
    "naval-transit": "#4fc3f7",  # sea blue; the colour-vision test rejected a darker blue
}
LAND_FILL, LAND_EDGE, SEA_BACKGROUND = "#ece8dc", "#b9b2a0", "#d6e6f0"
SEA_FILL = "#5b8db8"
STRAIT_COLOUR = "#263238"
MARKER_COLOUR = "#111111"
NEUTRAL = "#555555"  # legend keys that stand for every colour (dashes, arrows, corridors)
LABEL_COLOURS = {
    "sea": "#3d6a8c",
    "strait": STRAIT_COLOUR,
    "country": "#5d4037",
    "island": "#4e342e",
    "place": "#263238",
    "variant": "#37474f",
}

# Direction arrows: one per this many km of route, at least one and at most MAX_ARROWS_PER_LEG.
ARROW_SPACING_KM = 700.0
MAX_ARROWS_PER_LEG = 4
# Uncertainty bands are drawn as one translucent layer (each renderer merges overlapping bands
# first), so a strait that many routes cross is not painted over and over.
CORRIDOR_OPACITY = 0.14
# Pixels per point: the page's CSS pixel is 0.75 pt at 96 dpi; widths read the same in print.
PX_TO_PT = 0.75


@dataclass(frozen=True)
class Style:
    """How one role is drawn. `dash` is on/off lengths in px; `fill` None means no fill."""

    colour: str
    width: float = 1.0
    opacity: float = 1.0
    dash: tuple[float, ...] | None = None
    fill: str | None = None
    fill_opacity: float = 0.0
    radius: float = 0.0  # points and markers, px
    stroke: bool = True

    def leaflet(self) -> dict:
        """Leaflet path options."""
        out: dict = {"color": self.colour, "weight": self.width, "opacity": self.opacity}
        if not self.stroke:
            out = {"stroke": False}
        if self.dash:
            out["dashArray"] = " ".join(f"{d:g}" for d in self.dash)
        if self.fill:
            out.update(fillColor=self.fill, fillOpacity=self.fill_opacity)
        else:
            out["fill"] = False
        return out

    def mpl(self, scale: float = 1.0) -> dict:
        """matplotlib line/patch keywords (widths in points, scaled with the figure)."""
        from matplotlib.colors import to_rgba

        out: dict = {}
        if self.stroke:
            out["edgecolor"] = to_rgba(self.colour, self.opacity)
            out["linewidth"] = self.width * PX_TO_PT * scale
            if self.dash:
                # matplotlib scales dash lengths by the line width; Leaflet does not.
                on_off = tuple(d / max(self.width, 0.1) for d in self.dash)
                out["linestyle"] = (0, on_off)
        else:
            out["linewidth"] = 0
            out["edgecolor"] = "none"
        out["facecolor"] = to_rgba(self.fill, self.fill_opacity) if self.fill else "none"
        return out

    def mpl_line(self, scale: float = 1.0) -> dict:
        """matplotlib Line2D keywords: colour, width and dashes of a stroke."""
        patch = self.mpl(scale)
        out = {"color": patch["edgecolor"], "linewidth": patch["linewidth"]}
        if "linestyle" in patch:
            out["linestyle"] = patch["linestyle"]
        return out


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


def adiz_key(operator: str | None) -> str:
    return operator if operator in ADIZ_COLOURS else "other"


def _styles() -> dict[str, Style]:
    table: dict[str, Style] = {}
    for force, colour in FORCE_COLOURS.items():
        table[f"route-{force}"] = Style(colour, width=3, opacity=0.9)
        # Naval tracks are dashed so they read differently from flights in print as well.
        table[f"naval-{force}"] = Style(colour, width=3, opacity=0.9, dash=(8, 6))
        # Another source's version of a leg: thin and dotted, an alternative beside the route.
        table[f"variant-{force}"] = Style(colour, width=2, opacity=0.95, dash=(1, 5))
        # A soft band around a leg drawn from approximate information: where it may have run.
        table[f"corridor-{force}"] = Style(
            colour, stroke=False, fill=colour, fill_opacity=CORRIDOR_OPACITY
        )
    for operator, colour in (*ADIZ_COLOURS.items(), ("other", ADIZ_FALLBACK)):
        table[f"adiz-{operator}"] = Style(
            colour, width=1.6, opacity=0.9, dash=(6, 4), fill=colour, fill_opacity=0.05
        )
    for kind, colour in PLACE_COLOURS.items():
        radius = 4 if kind == "airbase" else 3.5
        table[f"place-{kind}"] = Style(
            "#ffffff", width=1, fill=colour, fill_opacity=1, radius=radius
        )
    table["sea"] = Style(SEA_FILL, stroke=False, fill=SEA_FILL, fill_opacity=0.07)
    table["strait"] = Style(STRAIT_COLOUR, width=3, opacity=0.85, dash=(2, 4))
    table["marker"] = Style(MARKER_COLOUR, width=2.5, fill="#ffffff", fill_opacity=0.9, radius=6)
    table["naval"] = Style(NEUTRAL, width=3, dash=(8, 6))  # the legend's key for "dashed"
    table["variant"] = Style(NEUTRAL, width=2, dash=(1, 5))  # the legend's key for "dotted"
    table["arrow"] = Style(NEUTRAL, width=1)
    table["corridor"] = Style(NEUTRAL, stroke=False, fill=NEUTRAL, fill_opacity=0.25)
    return table


STYLES = _styles()
