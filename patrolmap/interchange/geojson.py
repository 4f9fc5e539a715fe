"""RFC 7946 GeoJSON: one FeatureCollection holding every exported layer, WGS 84, cut at 180°.

Unlike the catalogue's own files, which keep a shape that crosses 180° in one piece (longitudes jump
from 179 to −179; docs/catalog-format.md), this output follows RFC 7946 §3.1.9: such lines and polygons
are cut into Multi* parts that meet at ±180°, so every tool draws them the short way round. Each
feature's properties name its `layer` and carry the full provenance (provenance.py), lists and
objects as JSON arrays and objects.
"""

from __future__ import annotations

import json
from typing import Any

from shapely.geometry import mapping

from patrolmap.interchange.geometry import to_rfc7946
from patrolmap.interchange.provenance import Record, json_default


def geojson_text(layers: dict[str, list[Record]]) -> str:
    """The FeatureCollection as text: one feature per line, so the file diffs well."""
    features = [_feature(r) for records in layers.values() for r in records]
    lines = [
        json.dumps(f, ensure_ascii=False, allow_nan=False, default=json_default) for f in features
    ]
    body = ",\n".join(lines)
    return '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n"


def _feature(record: Record) -> dict[str, Any]:
    geometry = to_rfc7946(record.geometry)
    return {
        "type": "Feature",
        "id": record.id,
        "properties": {"layer": record.layer, **record.properties},
        "geometry": None if geometry is None else _lists(mapping(geometry)),
    }


def _lists(geo: Any) -> Any:
    """shapely's mapping() nests tuples; JSON wants arrays, and floats stay as written."""
    if isinstance(geo, dict):
        return {k: _lists(v) for k, v in geo.items()}
    if isinstance(geo, tuple | list):
        return [_lists(v) for v in geo]
    return geo
