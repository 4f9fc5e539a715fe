"""Route variants: where sources give different versions of a route, the other versions.

An event's route is drawn from its legs; a variant leg (`variant_of` in routes.geojson) is another
source's version of some of them. It is drawn as an alternative (thin and dotted, in its forces'
colour), named after the sources that give it, and never counted in the event's facts.
"""

from __future__ import annotations

from collections.abc import Iterable

from patrolmap.catalog.model import Catalog
from patrolmap.scene.model import Label, Variant
from patrolmap.scene.style import LABEL_COLOURS, force_key

# A figure names each variant's sources beside it; the page shows them on hover and in its popup.
LABEL_PRIORITY = 2  # after the event dates, with the straits a route crosses


def route_variants(catalog: Catalog) -> tuple[Variant, ...]:
    """The selection's variant legs, in id order, each with the outlets that give it."""
    variants = catalog.route_variants.sort_values("id", kind="stable")
    return tuple(
        Variant(
            id=row.id,
            event_id=row.event,
            role="variant-" + force_key(row.forces),
            geometry=row.geometry,
            name=row.name,
            of=tuple(row.variant_of),
            sources=tuple(row.sources),
            outlets=outlets(catalog, row.sources),
        )
        for row in variants.itertuples()
    )


def outlets(catalog: Catalog, source_ids: Iterable[str]) -> tuple[str, ...]:
    """The outlets of `source_ids`, each once, in the order given."""
    names = [catalog.sources[s].outlet for s in source_ids if s in catalog.sources]
    return tuple(dict.fromkeys(names))


def given_by(variant: Variant) -> str:
    """`version given by ships-net`: the words that name a variant's sources."""
    return "version given by " + _and(variant.outlets or variant.sources)


def attribution(variant: Variant) -> str:
    """`Version given by ships-net`, to start a line (the page's tooltip)."""
    words = given_by(variant)
    return words[0].upper() + words[1:]  # not str.capitalize: it would lower-case the outlets


def variant_labels(variants: tuple[Variant, ...]) -> list[Label]:
    """A figure label at the middle of each variant naming its sources (the page has popups)."""
    out = []
    for variant in variants:
        mid = variant.geometry.interpolate(0.5, normalized=True)
        text = _and(variant.outlets or variant.sources) + "'s version"
        out.append(
            Label(text, "variant", mid.x, mid.y, LABEL_PRIORITY, -1, LABEL_COLOURS["variant"])
        )
    return out


def _and(names: Iterable[str]) -> str:
    items = list(names)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
