"""The one legend rule: the legend lists exactly what the selection draws, in one order and one wording.

Both renderers take these items as they are: the page writes their words and draws each swatch from
its role's style; a figure makes a matplotlib key from the same style.
"""

from __future__ import annotations

from patrolmap.catalog.model import COUNTRY_NAMES
from patrolmap.scene.model import Corridor, Feature, LegendItem
from patrolmap.scene.text import PLACE_KINDS

# Variants are drawn in their forces' colour like the route; the key says what the dots mean.
VARIANT_LABEL = "Another source's version of a route (dotted)"


def legend_items(
    leg_roles: dict[str, str],
    force_lists: list[tuple[str, str]],
    has_variants: bool,
    has_markers: bool,
    corridors: tuple[Corridor, ...],
    adiz: tuple[Feature, ...],
    straits: tuple[Feature, ...],
    places: tuple[Feature, ...],
) -> tuple[LegendItem, ...]:
    """Legend rows for the drawn legs (`force_lists`: style.force_legend of their forces), route
    variants, markers and corridors, and the in-view reference features."""
    roles = set(leg_roles.values())
    items = [LegendItem(f"route-{key}", "line", f"Route: {label}") for key, label in force_lists]
    if any(r.startswith("naval-") for r in roles):
        items.append(LegendItem("naval", "dash", "Naval track (dashed)"))
    if has_variants:
        items.append(LegendItem("variant", "dotted", VARIANT_LABEL))
    if roles:
        items.append(LegendItem("arrow", "arrow", "Direction of travel"))
    for confidence, km in sorted({(c.confidence, c.km) for c in corridors}, key=lambda ck: ck[1]):
        items.append(LegendItem("corridor", "corridor", f"{confidence}: within about {km:g} km"))
    if has_markers:
        items.append(LegendItem("marker", "marker", "Intercept or notable point"))
    for role in sorted({f.role for f in adiz if f.in_view}):
        operator = role.removeprefix("adiz-")
        name = COUNTRY_NAMES.get(operator, "Other")
        items.append(LegendItem(role, "area", f"{name} ADIZ"))
    if any(f.in_view for f in straits):
        items.append(LegendItem("strait", "gate", "Strait gate line"))
    for kind in PLACE_KINDS:
        if any(f.in_view and f.role == f"place-{kind}" for f in places):
            items.append(LegendItem(f"place-{kind}", "dot", PLACE_KINDS[kind]))
    return tuple(items)
