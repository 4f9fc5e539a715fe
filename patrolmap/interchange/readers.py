"""Read tracks drawn in other tools: GPX tracks and routes, KML/KMZ lines, GeoJSON lines, CSV lon/lat.

Files from elsewhere are untrusted. XML is parsed with defusedxml, which refuses entity declarations
(no "billion laughs" expansion) and external entities (no file or network reads); a KMZ's KML is
read only up to a size limit, so a zip bomb cannot fill memory. Each track keeps whatever it says about
itself (a name; the event, forces and sources of a patrolmap export), for the importer to use.

A MultiLineString whose parts meet at ±180° (as patrolmap's own exports cut them) is joined back into
one line; other multi-part lines give one track per part.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from patrolmap.errors import PatrolmapError
from patrolmap.interchange.geometry import join_at_antimeridian

MAX_KML_BYTES = 50 * 1024 * 1024
READ_SUFFIXES = (".gpx", ".kml", ".kmz", ".geojson", ".json", ".csv")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x")
_LAT_COLUMNS = ("lat", "latitude", "y")


@dataclass
class Track:
    """One line read from a file: where it was, its name, its vertices, what it says of itself."""

    where: str  # "file", "file:line" or "file: placemark 'name'", for messages
    coords: np.ndarray  # (n, 2) lon, lat as written
    name: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)


def read_tracks(path: str | os.PathLike[str]) -> list[Track]:
    """Every line in the file at `path`; PatrolmapError if it holds none or cannot be read."""
    source = Path(path)
    suffix = source.suffix.lower()
    readers = {
        ".gpx": _read_gpx,
        ".kml": _read_kml,
        ".kmz": _read_kmz,
        ".geojson": _read_geojson,
        ".json": _read_geojson,
        ".csv": _read_csv,
    }
    if suffix not in readers:
        raise PatrolmapError(
            f"{source}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
            "import reads .gpx, .kml, .kmz, .geojson and .csv"
        )
    # A patrolmap export names each feature's layer: only its route legs are tracks to import,
    # not another source's version of a leg (`variant_of`), which would come in as a leg.
    tracks = [
        t
        for t in readers[suffix](source)
        if t.properties.get("layer", "routes") == "routes" and not t.properties.get("variant_of")
    ]
    if not tracks:
        raise PatrolmapError(f"{source}: no track or line found to import")
    for track in tracks:
        _check_coordinates(track)
    return tracks


def _check_coordinates(track: Track) -> None:
    coords = track.coords
    if len(coords) < 2:
        raise PatrolmapError(
            f"{track.where}: a track needs at least two points, found {len(coords)}"
        )
    if not np.isfinite(coords).all():
        raise PatrolmapError(f"{track.where}: a coordinate is not a number")
    lon, lat = coords[:, 0], coords[:, 1]
    if ((lon < -180) | (lon > 360)).any() or ((lat < -90) | (lat > 90)).any():
        raise PatrolmapError(f"{track.where}: a point is outside lon −180…360, lat −90…90")


# --- XML: GPX and KML ----------------------------------------------------------------------------


def _parse_xml(data: bytes, where: str):
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise PatrolmapError(f"{where}: refused: {exc}") from None
    except SafeET.ParseError as exc:
        raise PatrolmapError(f"{where}: not well-formed XML ({exc})") from None


def _local(tag: str) -> str:
    """An element's name without its namespace: GPX 1.0 and 1.1, KML 2.0 to 2.2 alike."""
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str) -> list:
    return [child for child in element if _local(child.tag) == name]


def _child_text(element, name: str) -> str | None:
    found = _children(element, name)
    return found[0].text.strip() if found and found[0].text and found[0].text.strip() else None


def _read_gpx(path: Path) -> list[Track]:
    root = _parse_xml(path.read_bytes(), str(path))
    tracks = []
    for kind, segment_tag, point_tag in (("trk", "trkseg", "trkpt"), ("rte", None, "rtept")):
        for number, item in enumerate(el for el in root if _local(el.tag) == kind):
            name = _child_text(item, "name")
            segments = _children(item, segment_tag) if segment_tag else [item]
            for part, segment in enumerate(segments, start=1):
                points = [_gpx_point(p, path) for p in _children(segment, point_tag)]
                label = name or f"{kind} {number + 1}"
                label += f" (segment {part})" if len(segments) > 1 else ""
                where = f"{path}: {kind} {label!r}"
                tracks.append(Track(where, np.array(points, dtype=float).reshape(-1, 2), label))
    return tracks


def _gpx_point(point, path: Path) -> tuple[float, float]:
    try:
        return float(point.get("lon")), float(point.get("lat"))
    except (TypeError, ValueError):
        raise PatrolmapError(f"{path}: a GPX point has no numeric lat and lon") from None


def _read_kmz(path: Path) -> list[Track]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.lower().endswith(".kml")]
            if not names:
                raise PatrolmapError(f"{path}: the KMZ holds no .kml file")
            # Google Earth reads doc.kml, or else the first KML in the archive.
            entry = archive.getinfo("doc.kml" if "doc.kml" in names else names[0])
            if entry.file_size > MAX_KML_BYTES:
                raise PatrolmapError(f"{path}: {entry.filename} is larger than 50 MB")
            with archive.open(entry) as handle:
                data = handle.read(MAX_KML_BYTES + 1)
    except zipfile.BadZipFile:
        raise PatrolmapError(f"{path}: not a KMZ (zip) file") from None
    if len(data) > MAX_KML_BYTES:
        raise PatrolmapError(f"{path}: {entry.filename} is larger than 50 MB")
    return _kml_tracks(data, path)


def _read_kml(path: Path) -> list[Track]:
    return _kml_tracks(path.read_bytes(), path)


def _kml_tracks(data: bytes, path: Path) -> list[Track]:
    root = _parse_xml(data, str(path))
    tracks = []
    for placemark in (el for el in root.iter() if _local(el.tag) == "Placemark"):
        name = _child_text(placemark, "name")
        lines = [
            _kml_coordinates(el, path) for el in placemark.iter() if _local(el.tag) == "LineString"
        ]
        properties = _kml_data(placemark)
        for part, coords in enumerate(join_at_antimeridian(lines), start=1):
            label = name or placemark.get("id") or "unnamed placemark"
            where = f"{path}: placemark {label!r}" + (f" part {part}" if part > 1 else "")
            tracks.append(Track(where, coords, name, properties))
    return tracks


def _kml_coordinates(line, path: Path) -> np.ndarray:
    text = _child_text(line, "coordinates") or ""
    try:
        points = [[float(v) for v in tuple_.split(",")[:2]] for tuple_ in text.split()]
    except ValueError:
        raise PatrolmapError(f"{path}: a KML coordinate is not a number") from None
    return np.array(points, dtype=float).reshape(-1, 2)


def _kml_data(placemark) -> dict[str, Any]:
    """ExtendedData <Data name=...><value> pairs, with JSON text (lists) decoded."""
    out: dict[str, Any] = {}
    for data in (el for el in placemark.iter() if _local(el.tag) == "Data"):
        key, value = data.get("name"), _child_text(data, "value")
        if key and value is not None:
            out[key] = _maybe_json(value)
    return out


def _maybe_json(value: str) -> Any:
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# --- GeoJSON -------------------------------------------------------------------------------------


def _read_geojson(path: Path) -> list[Track]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise PatrolmapError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise PatrolmapError(f"{path}: not a GeoJSON object")
    if data.get("type") == "FeatureCollection":
        features = data.get("features") or []
    elif data.get("type") == "Feature":
        features = [data]
    else:
        features = [{"type": "Feature", "properties": {}, "geometry": data}]
    tracks = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            continue
        geometry = feature.get("geometry")
        geometry = geometry if isinstance(geometry, dict) else {}
        props = feature.get("properties")
        props = props if isinstance(props, dict) else {}
        name = props.get("name") if isinstance(props.get("name"), str) else None
        label = feature.get("id") or name or f"feature {number}"
        for part, coords in enumerate(_geojson_lines(geometry, path), start=1):
            where = f"{path}: feature {label!r}" + (f" part {part}" if part > 1 else "")
            tracks.append(Track(where, coords, name, dict(props)))
    return tracks


def _geojson_lines(geometry: dict, path: Path) -> list[np.ndarray]:
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    try:
        if kind == "LineString":
            return [_array(coords)]
        if kind == "MultiLineString":
            return join_at_antimeridian([_array(c) for c in coords or ()])
    except (TypeError, ValueError):
        raise PatrolmapError(f"{path}: a {kind} has coordinates that are not numbers") from None
    return []


def _array(coords: Any) -> np.ndarray:
    return np.array([[float(p[0]), float(p[1])] for p in coords], dtype=float).reshape(-1, 2)


# --- CSV -----------------------------------------------------------------------------------------


def _read_csv(path: Path) -> list[Track]:
    """Rows of lon/lat (one track, or one per value of a `track` column), or a `wkt` column."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower(): c for c in reader.fieldnames or []}
    if "wkt" in columns:
        return _csv_wkt(reader, columns["wkt"], path)
    lon = next((columns[c] for c in _LON_COLUMNS if c in columns), None)
    lat = next((columns[c] for c in _LAT_COLUMNS if c in columns), None)
    if lon is None or lat is None:
        raise PatrolmapError(
            f"{path}:1: needs a lon and a lat column (or a wkt column); found "
            + (", ".join(reader.fieldnames or []) or "no header")
        )
    group = columns.get("track") or columns.get("name")
    points: dict[str, list[tuple[float, float]]] = {}
    for row in reader:
        line = reader.line_num
        try:
            point = (float(row[lon]), float(row[lat]))
        except (TypeError, ValueError):
            raise PatrolmapError(f"{path}:{line}: lon and lat must be numbers") from None
        if not all(map(math.isfinite, point)):
            raise PatrolmapError(f"{path}:{line}: lon and lat must be finite numbers")
        points.setdefault((row.get(group) or "") if group else "", []).append(point)
    return [
        Track(f"{path}: track {key!r}" if key else str(path), np.array(pts), key or None)
        for key, pts in points.items()
    ]


def _csv_wkt(reader: csv.DictReader, column: str, path: Path) -> list[Track]:
    """A patrolmap CSV export (`--wkt`): each row's line, with its event, forces and sources."""
    import shapely

    tracks = []
    for row in reader:
        where = f"{path}:{reader.line_num}"
        try:
            geometry = shapely.from_wkt(row[column])
        except shapely.errors.GEOSException:
            raise PatrolmapError(f"{where}: wkt: not well-known text") from None
        if geometry is None or geometry.geom_type not in ("LineString", "MultiLineString"):
            continue
        parts = [np.asarray(g.coords)[:, :2] for g in shapely.get_parts(geometry)]
        properties = {k: _maybe_json(v) for k, v in row.items() if k and v}
        for coords in join_at_antimeridian(parts):
            tracks.append(Track(where, coords, row.get("name") or None, properties))
    return tracks
