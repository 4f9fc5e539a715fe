"""Label candidates: seas, straits, countries, key islands, places and event dates, with priorities.

The scene only proposes: each label has a text (after the naming policy), a place, a priority
(lower wins a collision) and the first page zoom it shows at. The page hides labels by zoom and
collision; a figure places those that fit (figure/labels.py).
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import shapely

from patrolmap.geo import pacific_lon
from patrolmap.paths import labels_path
from patrolmap.scene.model import Label
from patrolmap.scene.naming import Naming
from patrolmap.scene.style import FORCE_COLOURS, LABEL_COLOURS, force_key

# Priority by kind (lower first) and the page zoom each kind appears from, unless a label says.
PRIORITY = {"date": 1, "strait": 2, "sea": 3, "country": 4, "island": 5, "place": 6}
MIN_ZOOM = {"sea": 3, "strait": 5, "place": 6, "date": 0}
# Where along each leg (as fractions of its length) an event's date label may stand instead.
DATE_ANCHORS = (0.5, 0.25, 0.75, 1.0, 0.1, 0.9)


@cache
def _gazetteer() -> tuple[dict, ...]:
    """Countries and key islands: names per language and a zoom, from data/geo/labels.geojson."""
    features = json.loads(labels_path().read_text(encoding="utf-8"))["features"]
    return tuple(features)


def sea_labels(seas, naming: Naming, view) -> list[Label]:
    out = []
    for row in seas.sort_values("id").itertuples():
        # The page's label sits at the deepest point of the whole sea; a figure framing part of
        # it tries the deepest points of the part in its view.
        whole = _deep_points(row.geometry, None, keep=1)
        if whole:
            name = naming.name(row.name, row.names, row.disputed_names)
            lon, lat = whole[0]
            kind = "sea"
            near = tuple(_deep_points(row.geometry, view))
            out.append(
                Label(
                    name, kind, lon, lat, PRIORITY[kind], MIN_ZOOM[kind], LABEL_COLOURS[kind], near
                )
            )
    return out


def strait_labels(straits, naming: Naming, crossed: set[str]) -> list[Label]:
    out = []
    for row in straits.sort_values("id").itertuples():
        mid = row.geometry.interpolate(0.5, normalized=True)
        name = naming.name(row.name, row.names, row.disputed_names)
        # Straits a selected route crosses come first; the others give way to them.
        priority = PRIORITY["strait"] if row.id in crossed else PRIORITY["island"]
        out.append(_one(name, "strait", mid.x, mid.y, priority))
    return out


def gazetteer_labels(naming: Naming) -> list[Label]:
    out = []
    for feature in _gazetteer():
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        name = naming.name(props["id"], props["names"])
        kind = props["kind"]
        out.append(
            Label(
                name,
                kind,
                float(pacific_lon(lon)),
                lat,
                PRIORITY[kind],
                props["min_zoom"],
                LABEL_COLOURS[kind],
            )
        )
    return out


def place_labels(places, naming: Naming, named: set[str]) -> list[Label]:
    out = []
    for row in places.sort_values("id").itertuples():
        name = naming.name(row.name, row.names, row.disputed_names)
        priority = PRIORITY["strait"] if row.id in named else PRIORITY["place"]
        out.append(_one(name, "place", row.geometry.x, row.geometry.y, priority))
    return out


def date_labels(catalog) -> list[Label]:
    """Each routed event's date, in its first leg's colour (figures). It stands at the start of
    the first leg; the placement may instead use any of the points along the event's legs
    (`alternatives`), so in a crowded figure every date can find a clear spot beside its route."""
    routes = catalog.routes.sort_values("id")
    geoms = routes.geometry.to_numpy()
    forces = routes["forces"].tolist()
    # Every leg's points along it in one call, and the legs of each event by position: one
    # boolean mask or group frame per event was quadratic (82 s at 10,000 events).
    anchors = np.asarray(DATE_ANCHORS, dtype=float)
    points = shapely.line_interpolate_point(geoms[:, None], anchors[None, :], normalized=True)
    xs, ys = shapely.get_x(points).tolist(), shapely.get_y(points).tolist()
    legs_of = routes.groupby("event", sort=False).indices
    out = []
    for event in sorted(catalog.events, key=lambda e: (e.start, e.id)):
        legs = legs_of.get(event.id)
        if legs is None or len(legs) == 0:
            continue
        first = int(legs[0])
        lon, lat = geoms[first].coords[0]
        colour = FORCE_COLOURS[force_key(forces[first])]
        along = tuple(
            (round(x, 3), round(y, 3))
            for leg in legs.tolist()
            for x, y in zip(xs[leg], ys[leg], strict=True)
        )
        label = Label(event.date_label(), "date", lon, lat, PRIORITY["date"], -1, colour, along)
        out.append(label)
    return out


def _one(text: str, kind: str, lon: float, lat: float, priority: int) -> Label:
    return Label(text, kind, float(lon), float(lat), priority, MIN_ZOOM[kind], LABEL_COLOURS[kind])


def _deep_points(area, view, grid: int = 9, keep: int = 12) -> list[tuple[float, float]]:
    """Points well inside the part of `area` in `view`, deepest first: where a sea's name reads
    as belonging to it."""
    area = (
        area.buffer(0) if view is None else shapely.intersection(area.buffer(0), shapely.box(*view))
    )
    if area.is_empty:
        return []
    xmin, ymin, xmax, ymax = area.bounds
    xs, ys = np.meshgrid(
        np.linspace(xmin, xmax, grid + 2)[1:-1], np.linspace(ymin, ymax, grid + 2)[1:-1]
    )
    points = shapely.points(xs.ravel(), ys.ravel())
    points = points[shapely.contains(area, points)]
    depth = shapely.distance(points, area.boundary)
    return [(round(p.x, 3), round(p.y, 3)) for p in points[np.argsort(-depth)][:keep]]
