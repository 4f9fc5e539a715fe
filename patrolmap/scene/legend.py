"""The one legend rule: the legend lists exactly what the selection draws, in one order and one wording.

Both renderers take these items as they are: the page writes their words and draws each swatch from
its role's style; a figure makes a matplotlib key from the same style.
"""

from __future__ import annotations

from patrolmap.scene.model import Corridor, Feature, LegendItem
from patrolmap.scene.text import PLACE_KINDS
from patrolmap.scene.words import Words


def legend_items(
    leg_roles: dict[str, str],
    force_lists: list[tuple[str, str]],
    has_variants: bool,
    has_markers: bool,
    corridors: tuple[Corridor, ...],
    adiz: tuple[Feature, ...],
    straits: tuple[Feature, ...],
    places: tuple[Feature, ...],
    words: Words | None = None,
) -> tuple[LegendItem, ...]:
    """Legend rows for the drawn legs (`force_lists`: style.force_legend of their forces), route
    variants, markers and corridors, and the in-view reference features, in `words`' language
    (default English)."""
    w = words or Words()
    roles = set(leg_roles.values())
    items = [
        LegendItem(f"route-{key}", "line", w.format("legend.route", force=_force(w, key, label)))
        for key, label in force_lists
    ]
    if any(r.startswith("naval-") for r in roles):
        items.append(LegendItem("naval", "dash", w["legend.naval"]))
    if has_variants:
        # Drawn in their forces' colour like the route; the key says what the dots mean.
        items.append(LegendItem("variant", "dotted", w["legend.variant"]))
    if roles:
        items.append(LegendItem("arrow", "arrow", w["legend.direction"]))
    for confidence, km in sorted({(c.confidence, c.km) for c in corridors}, key=lambda ck: ck[1]):
        level = w.get(f"level.{confidence}", confidence)
        text = w.format("legend.corridor", confidence=level, km=f"{km:g}")
        items.append(LegendItem("corridor", "corridor", text))
    if has_markers:
        items.append(LegendItem("marker", "marker", w["legend.marker"]))
    for role in sorted({f.role for f in adiz if f.in_view}):
        operator = role.removeprefix("adiz-")
        name = w.get(f"country.{operator}", w["other"])
        items.append(LegendItem(role, "area", w.format("legend.adiz", country=name)))
    if any(f.in_view for f in straits):
        items.append(LegendItem("strait", "gate", w["legend.strait"]))
    for kind in PLACE_KINDS:
        if any(f.in_view and f.role == f"place-{kind}" for f in places):
            items.append(LegendItem(f"place-{kind}", "dot", w[f"place.{kind}"]))
    return tuple(items)


def _force(words: Words, key: str, label: str) -> str:
    """Who drew a colour: Russia, China, both together, or the English list of other combinations."""
    if key == "JOINT":
        return words["force.JOINT"]
    return words.get(f"country.{key}", label)
