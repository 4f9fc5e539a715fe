"""GeoPackage through pyogrio (GDAL): one layer per kind, typed columns, lists as JSON text.

Dates are DATE columns, counts INTEGER, lengths REAL and text TEXT; participants, sources, disputes and
closest approaches are JSON text (table.flat_rows), since a GeoPackage column holds one value. Geometry
is in RFC 7946 longitudes, cut at 180° like the GeoJSON export; a layer where any feature needed a cut
is written all as Multi*, since GeoPackage readers expect one geometry type per layer.

pyogrio's low-level writer is used, not write_dataframe, because only it takes numpy datetime64[D]
arrays, which GDAL writes as DATE rather than as text or as a DATETIME at midnight.

GDAL stamps each table's `last_change` with the clock; OGR_CURRENT_DATE fixes it, as the KMZ's zip
entry is fixed, so identical input gives identical bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from patrolmap.interchange.geometry import to_rfc7946
from patrolmap.interchange.provenance import Record
from patrolmap.interchange.table import flat_rows

_MULTI = {"LineString": "MultiLineString", "Polygon": "MultiPolygon", "Point": "MultiPoint"}
# The same fixed time as the KMZ's zip entry (interchange/kml.py): the earliest a zip can hold.
FIXED_TIMESTAMP = "1980-01-01T00:00:00.000Z"


def write_gpkg(path: Path, layers: dict[str, list[Record]]) -> None:
    """Write each non-empty layer of `layers` as a table of the GeoPackage at `path`."""
    from pyogrio.raw import write

    with _gdal_option("OGR_CURRENT_DATE", FIXED_TIMESTAMP):
        for layer, records in layers.items():
            if records:
                _write_layer(write, path, layer, records)


@contextmanager
def _gdal_option(name: str, value: str) -> Iterator[None]:
    """Set a GDAL configuration option for the block, then put back what was there."""
    import pyogrio

    before = pyogrio.get_gdal_config_option(name)
    pyogrio.set_gdal_config_options({name: value})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({name: before})


def _write_layer(write: Any, path: Path, layer: str, records: list[Record]) -> None:
    """Add `records` to the GeoPackage at `path` as the table `layer`."""
    geometries = [to_rfc7946(r.geometry) for r in records]
    rows = flat_rows(records)
    fields = list(rows[0])
    columns = [_column([row[f] for row in rows]) for f in fields]
    write(
        path,
        np.array([None if g is None else g.wkb for g in geometries], dtype=object),
        [data for data, _ in columns],
        fields,
        field_mask=[mask for _, mask in columns],
        layer=layer,
        driver="GPKG",
        geometry_type=_geometry_type(geometries),
        crs="EPSG:4326",
        append=path.exists(),
    )


def _column(values: list[Any]) -> tuple[np.ndarray, np.ndarray | None]:
    """One typed array and its null mask: datetime64[D], int64, float64 or text."""
    present = [v for v in values if v is not None]
    mask = np.array([v is None for v in values])
    if present and all(isinstance(v, dt.date) for v in present):
        return np.array([v or "NaT" for v in values], dtype="datetime64[D]"), mask
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return np.array([v or 0 for v in values], dtype=np.int64), mask
    if present and all(isinstance(v, int | float) for v in present):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64), mask
    return np.array(["" if v is None else str(v) for v in values], dtype=object), mask


def _geometry_type(geometries: list[Any]) -> str:
    kinds = {g.geom_type for g in geometries if g is not None}
    if len(kinds) == 1:
        return kinds.pop()
    multi = {_MULTI.get(k, k) for k in kinds}
    return multi.pop() if len(multi) == 1 else "Unknown"
