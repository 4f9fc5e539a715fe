"""KML 2.2 for Google Earth: a folder and a time span per event, the map's colours, the map's popups.

Balloons are HTML that Google Earth renders, so they are built by render/popups.py, where every
catalogue string passes through safety.escape on its way in, exactly as on the page. Two things are
particular to Google Earth:

- Its default balloon puts the placemark's <name> into HTML unescaped, and it substitutes `$[...]`
  entities in balloon text. Every style therefore sets a BalloonStyle showing `$[description]` alone
  (the name is in the description, escaped), and html_text has already turned every `$` of catalogue
  text into `&#36;`, so no entity can be formed from it.
- XML 1.0 cannot hold most C0 control characters at all; they are dropped from every text node.

The XML itself is built with ElementTree, which escapes text and attribute values. ExtendedData carries
the same flat provenance fields as the GeoPackage, for tools that read KML as a table (QGIS, GDAL).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from types import SimpleNamespace
from typing import Any

from patrolmap.interchange.geometry import to_rfc7946
from patrolmap.interchange.provenance import Record
from patrolmap.interchange.table import flat_rows
from patrolmap.join import JoinResult
from patrolmap.render import popups
from patrolmap.scene import style
from patrolmap.scene.naming import area_names

KML_NS = "http://www.opengis.net/kml/2.2"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_REFERENCE_TITLES = {
    "adiz": "ADIZs",
    "seas": "Seas",
    "straits": "Straits (gate lines)",
    "places": "Places",
    "territory": "Territory",
}
_DISCLAIMER = (
    "Routes are approximate reconstructions from published text; no government has released the "
    "tracks. Each feature says how sure it is and lists its sources. Made with patrolmap."
)


def kml_text(joined: JoinResult, layers: dict[str, list[Record]]) -> str:
    """The KML document for `layers` (records from provenance.export_records)."""
    root = ET.Element("kml", xmlns=KML_NS)
    document = ET.SubElement(root, "Document")
    _text(document, "name", "patrolmap export")
    _text(document, "description", _DISCLAIMER)
    for style_id, line, fill in _styles(layers):
        document.append(_style(style_id, line, fill))
    reference = [layer for layer in _REFERENCE_TITLES if layers.get(layer)]
    if reference:
        folder = ET.SubElement(document, "Folder")
        _text(folder, "name", "Reference layers")
        for layer in reference:
            folder.append(_reference_folder(joined, layer, layers[layer]))
    for folder in _event_folders(joined, layers):
        document.append(folder)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=False).join(
        ['<?xml version="1.0" encoding="UTF-8"?>\n', "\n"]
    )


def kmz_bytes(kml: str) -> bytes:
    """KMZ: the KML as doc.kml, the first entry of a zip, as Google Earth expects; fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        entry = zipfile.ZipInfo("doc.kml", date_time=(1980, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(entry, kml.encode("utf-8"))
    return out.getvalue()


# --- styles --------------------------------------------------------------------------------------


def _styles(layers: dict[str, list[Record]]) -> list[tuple[str, str | None, str | None]]:
    """(id, line colour, fill colour) of each style the document uses, from scene/style.py."""
    out: list[tuple[str, str | None, str | None]] = [
        (f"force-{key}", colour, None) for key, colour in style.FORCE_COLOURS.items()
    ]
    # Another source's version of a leg: thinner, as on the map (KML has no dotted lines).
    if any(r.properties.get("variant_of") for r in layers.get("routes", [])):
        out += [(f"variant-{key}", colour, None) for key, colour in style.FORCE_COLOURS.items()]
    out.append(("marker", style.MARKER_COLOUR, None))
    operators = sorted({r.properties.get("operator") or "" for r in layers.get("adiz", [])})
    out += [
        (f"adiz-{op or 'other'}", style.adiz_colour(op), style.adiz_colour(op)) for op in operators
    ]
    out.append(("sea", style.SEA_FILL, style.SEA_FILL))
    out.append(("strait", style.STRAIT_COLOUR, None))
    out.append(("territory", style.LAND_EDGE, style.LAND_EDGE))
    out += [(f"place-{kind}", colour, None) for kind, colour in style.PLACE_COLOURS.items()]
    return out


def _style(style_id: str, line: str | None, fill: str | None) -> ET.Element:
    element = ET.Element("Style", id=style_id)
    point = style_id == "marker" or style_id.startswith("place-")
    if point and line:
        icon = ET.SubElement(element, "IconStyle")
        _text(icon, "color", kml_colour(line))
    if line and not point:
        line_style = ET.SubElement(element, "LineStyle")
        _text(line_style, "color", kml_colour(line))
        _text(line_style, "width", "3" if style_id.startswith("force-") else "1.5")
    if fill:
        poly = ET.SubElement(element, "PolyStyle")
        _text(poly, "color", kml_colour(fill, alpha=0x33))
    balloon = ET.SubElement(element, "BalloonStyle")
    _text(balloon, "text", "$[description]")
    return element


def kml_colour(hex_colour: str, alpha: int = 0xFF) -> str:
    """'#c62828' as KML's aabbggrr, 'ff2828c6'."""
    rgb = hex_colour.lstrip("#")
    return f"{alpha:02x}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}".lower()


def _reference_style(record: Record) -> str:
    props = record.properties
    if record.layer == "adiz":
        return f"#adiz-{props.get('operator') or 'other'}"
    if record.layer == "seas":
        return "#sea"
    if record.layer == "places":
        kind = props.get("kind")
        return f"#place-{kind if kind in style.PLACE_COLOURS else 'reference'}"
    return f"#{record.layer.rstrip('s')}"


# --- folders -------------------------------------------------------------------------------------


def _reference_folder(joined: JoinResult, layer: str, records: list[Record]) -> ET.Element:
    folder = ET.Element("Folder")
    _text(folder, "name", _REFERENCE_TITLES[layer])
    for record, flat in zip(records, flat_rows(records), strict=True):
        defaults: dict[str, Any] = {"aliases": [], "confidence_note": None, "note": None}
        row = SimpleNamespace(**{**defaults, **record.properties})
        row.sources = [s["id"] for s in record.properties.get("sources", [])]
        balloon = popups.feature_popup(row, joined.catalog)
        folder.append(_placemark(record, flat, balloon, _reference_style(record)))
    return folder


def _event_folders(joined: JoinResult, layers: dict[str, list[Record]]) -> list[ET.Element]:
    """One folder per event with its TimeSpan and popup, holding its legs and markers."""
    catalog = joined.catalog
    names = area_names(catalog)
    members: dict[str, list[tuple[Record, dict[str, Any]]]] = {}
    for layer in ("routes", "markers"):
        records = layers.get(layer, [])
        for record, flat in zip(records, flat_rows(records), strict=True):
            members.setdefault(record.properties["event"], []).append((record, flat))
    wanted = set(members) | {r.id for r in layers.get("events", [])}
    markers = {e.id: e.markers for e in catalog.events}
    folders = []
    for event in catalog.events:
        if event.id not in wanted:
            continue
        body = "".join(popups.event_popup(event, joined.facts[event.id], names))
        sources = popups.sources_html(event.sources, catalog)
        folder = ET.Element("Folder", id=f"event-{event.id}")  # an xsd:ID starts with a letter
        _text(folder, "name", f"{event.start.isoformat()} · {event.title}")
        ET.SubElement(folder, "Snippet", maxLines="0")
        _text(folder, "description", _balloon(body + sources))
        span = ET.SubElement(folder, "TimeSpan")
        _text(span, "begin", event.start.isoformat())
        _text(span, "end", event.end.isoformat())
        for record, flat in members.get(event.id, []):
            if record.layer == "routes":
                head = popups.leg_header(SimpleNamespace(**record.properties))
                kind = "variant" if record.properties.get("variant_of") else "force"
                look = f"#{kind}-{style.force_key(record.properties['forces'])}"
            else:
                number = int(record.id.rsplit("-", 1)[1])
                head = popups.marker_header(markers[event.id][number - 1])
                look = "#marker"
            folder.append(_placemark(record, flat, _balloon(head + body + sources), look))
        folders.append(folder)
    return folders


def _balloon(html: str) -> str:
    return f'<div class="pm-popup">{html}</div>'


def _placemark(record: Record, flat: dict[str, Any], balloon: str, style_url: str) -> ET.Element:
    placemark = ET.Element("Placemark", id=record.id)
    _text(placemark, "name", record.properties["name"])
    ET.SubElement(placemark, "Snippet", maxLines="0")  # no unescaped preview in the Places panel
    _text(placemark, "description", balloon)
    _text(placemark, "styleUrl", style_url)
    extended = ET.SubElement(placemark, "ExtendedData")
    for key, value in {"layer": record.layer, **flat}.items():
        if value is None:
            continue
        data = ET.SubElement(extended, "Data", name=key)
        _text(data, "value", value.isoformat() if hasattr(value, "isoformat") else str(value))
    geometry = _geometry(to_rfc7946(record.geometry))
    if geometry is not None:
        placemark.append(geometry)
    return placemark


# --- geometry ------------------------------------------------------------------------------------


def _geometry(geometry) -> ET.Element | None:
    if geometry is None or geometry.is_empty:
        return None
    kind = geometry.geom_type
    if kind.startswith("Multi"):
        multi = ET.Element("MultiGeometry")
        multi.extend(part for part in map(_geometry, geometry.geoms) if part is not None)
        return multi
    element = ET.Element(kind)
    if kind == "Point":
        _text(element, "coordinates", _coordinates(geometry.coords))
    elif kind == "LineString":
        _text(element, "tessellate", "1")
        _text(element, "coordinates", _coordinates(geometry.coords))
    elif kind == "Polygon":
        _text(element, "tessellate", "1")
        _ring(element, "outerBoundaryIs", geometry.exterior)
        for interior in geometry.interiors:
            _ring(element, "innerBoundaryIs", interior)
    else:
        raise ValueError(f"cannot write a {kind} as KML")
    return element


def _ring(polygon: ET.Element, boundary: str, ring) -> None:
    linear = ET.SubElement(ET.SubElement(polygon, boundary), "LinearRing")
    _text(linear, "coordinates", _coordinates(ring.coords))


def _coordinates(coords) -> str:
    """lon,lat pairs as Python writes floats: the shortest text that reads back the same number."""
    return " ".join(f"{float(x)!r},{float(y)!r}" for x, y, *_ in coords)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = _NOT_XML.sub("", text)
    return child
