"""Build the scene of a joined catalogue: every decision about what to draw, made once."""

from __future__ import annotations

import shapely

from patrolmap.catalog.model import Catalog
from patrolmap.join import JoinResult, join_catalog
from patrolmap.scene import labels as label_candidates
from patrolmap.scene.arrows import route_arrows
from patrolmap.scene.corridors import leg_corridor
from patrolmap.scene.extent import focus_shapes, view_box
from patrolmap.scene.legend import legend_items
from patrolmap.scene.model import Feature, Layer, Scene
from patrolmap.scene.naming import DEFAULT_NAMING, Naming
from patrolmap.scene.style import adiz_key, force_key, force_legend
from patrolmap.scene.text import cited_outlets, titles
from patrolmap.scene.variants import route_variants, variant_labels
from patrolmap.scene.words import Words


def joined_catalog(selection: Catalog | JoinResult) -> JoinResult:
    """The joined form of `selection`, joining only when it is not joined yet."""
    return selection if isinstance(selection, JoinResult) else join_catalog(selection)


def build_scene(
    selection: Catalog | JoinResult, *, title: str | None = None, naming: Naming = DEFAULT_NAMING
) -> Scene:
    """Decide what the map of `selection` (a filtered catalogue, joined or not) draws."""
    joined = joined_catalog(selection)
    catalog = joined.catalog
    focus = focus_shapes(catalog)
    bounds = tuple(float(v) for v in shapely.total_bounds(focus))
    view = view_box(bounds)
    focused = not catalog.routes.empty or any(e.markers for e in catalog.events)
    reference = _reference_layers(joined, naming, view, focused)
    routes = catalog.routes.sort_values("id", kind="stable")
    kinds = {e.id: e.kind for e in catalog.events}
    leg_roles = {row.id: _leg_role(row, kinds) for row in routes.itertuples()}
    arrows = route_arrows(routes["id"].tolist(), routes.geometry.to_numpy(), joined.leg_metres)
    corridors = tuple(
        c
        for row in routes.itertuples()
        if (c := leg_corridor(row, "corridor-" + force_key(row.forces))) is not None
    )
    variants = route_variants(catalog)
    words = Words(naming.language)
    heading, subtitle = titles(catalog, title, words)
    layer = {lay.id: lay.features for lay in reference}
    return Scene(
        joined=joined,
        naming=naming,
        title=heading,
        subtitle=subtitle,
        caveat=words["caveat"],
        focus=focus,
        bounds=bounds,  # type: ignore[arg-type]
        view=view,
        reference=reference,
        leg_roles=leg_roles,
        arrows=arrows,
        corridors=corridors,
        labels=(*_labels(joined, naming, view, layer), *variant_labels(variants)),
        legend=legend_items(
            leg_roles,
            force_legend(routes["forces"]),
            bool(variants),
            any(e.markers for e in catalog.events),
            corridors,
            layer["adiz"],
            layer["straits"],
            layer["places"],
            words,
        ),
        outlets=(*cited_outlets(catalog), *_variant_outlets(catalog, variants)),
        variants=variants,
    )


def _variant_outlets(catalog: Catalog, variants) -> tuple[str, ...]:
    """Outlets that give a drawn variant but are not cited by its event: the footer names them too."""
    cited = set(cited_outlets(catalog))
    return tuple(o for o in dict.fromkeys(o for v in variants for o in v.outlets) if o not in cited)


def _leg_role(row, kinds: dict[str, str]) -> str:
    naval = kinds.get(row.event) == "naval-transit"
    return f"{'naval' if naval else 'route'}-{force_key(row.forces)}"


def _reference_layers(joined: JoinResult, naming: Naming, view, focused: bool) -> tuple[Layer, ...]:
    """ADIZs, seas, straits and places, each marked in view or not.

    In view: the shape meets the selection's view box; places, when events are selected, also
    only those the events name or pass near (within the join's radius).
    """
    catalog = joined.catalog
    box = shapely.box(*view)
    named = {a for e in catalog.events for a in e.areas if a.startswith("place-")}
    near = {p for facts in joined.facts.values() for p in facts.closest_km}
    layers = []
    for layer_id in ("adiz", "seas", "straits", "places"):
        frame = catalog.layers[layer_id].sort_values("id", kind="stable")
        features = []
        for row in frame.itertuples():
            in_view = bool(shapely.intersects(row.geometry, box))
            if layer_id == "places" and focused:
                in_view = in_view and row.id in named | near
            name = naming.name(row.name, row.names, row.disputed_names)
            features.append(
                Feature(row.id, _reference_role(layer_id, row), row.geometry, name, in_view)
            )
        layers.append(Layer(layer_id, layer_id, tuple(features)))
    return tuple(layers)


def _reference_role(layer_id: str, row) -> str:
    if layer_id == "adiz":
        return f"adiz-{adiz_key(row.operator)}"
    if layer_id == "places":
        return f"place-{row.kind}"
    return {"seas": "sea", "straits": "strait"}[layer_id]


def _labels(joined: JoinResult, naming: Naming, view, layer) -> list:
    catalog = joined.catalog
    crossed = {s for facts in joined.facts.values() for s in facts.straits}
    named = {a for e in catalog.events for a in e.areas if a.startswith("place-")}
    shown_places = {f.id for f in layer["places"] if f.in_view}
    places = catalog.places[catalog.places["id"].isin(shown_places)]
    return [
        *label_candidates.date_labels(catalog),
        *label_candidates.strait_labels(catalog.straits, naming, crossed),
        *label_candidates.sea_labels(catalog.seas, naming, view),
        *label_candidates.gazetteer_labels(naming),
        *label_candidates.place_labels(places, naming, named),
    ]
