"""`patrolmap export`: pick the format from the file name, build the records, write the file atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from patrolmap.atomic import check_output_path, write_atomic
from patrolmap.errors import PatrolmapError
from patrolmap.interchange.provenance import Record, export_records
from patrolmap.join import JoinResult

FORMATS = ("kml", "kmz", "gpkg", "geojson", "csv")
_SUFFIXES = {
    ".kml": "kml",
    ".kmz": "kmz",
    ".gpkg": "gpkg",
    ".geojson": "geojson",
    ".json": "geojson",
    ".csv": "csv",
}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    counts: dict[str, int]  # layer -> features written


def format_for(path: Path, fmt: str | None) -> str:
    """The format named by `fmt`, else by the file's suffix."""
    if fmt is not None:
        return fmt
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise PatrolmapError(
            f"{path}: cannot tell the format from the suffix {path.suffix or '(none)'!r}; "
            f"use .kml, .kmz, .gpkg, .geojson or .csv, or --format"
        )
    return found


def export_file(
    joined: JoinResult,
    path: str | os.PathLike[str],
    *,
    fmt: str | None = None,
    layers: tuple[str, ...] | None = None,
    per: str = "leg",
    wkt: bool = False,
) -> ExportResult:
    """Write the joined catalogue to `path` in `fmt` (or the format its suffix names)."""
    target = check_output_path(path)
    fmt = format_for(target, fmt)
    if fmt == "csv":
        return _export_csv(joined, target, layers, per, wkt)
    if per != "leg" or wkt:
        raise PatrolmapError(
            f"{target}: --per and --wkt apply to CSV output only; drop them, or give a .csv file"
        )
    records = export_records(joined, layers)
    counts = {layer: len(rs) for layer, rs in records.items()}
    if fmt == "geojson":
        from patrolmap.interchange.geojson import geojson_text

        write_atomic(target, geojson_text(records))
    elif fmt in ("kml", "kmz"):
        from patrolmap.interchange.kml import kml_text, kmz_bytes

        kml = kml_text(joined, records)
        write_atomic(target, kml if fmt == "kml" else kmz_bytes(kml))
    else:
        _write_gpkg(target, records)
    return ExportResult(target, fmt, counts)


def _export_csv(joined, target, layers, per, wkt) -> ExportResult:
    from patrolmap.interchange.table import csv_text

    if layers is not None:
        raise PatrolmapError(
            f"{target}: --layers does not apply to CSV, which holds one table; "
            "choose its rows with --per leg or --per event"
        )
    layer = "routes" if per == "leg" else "events"
    records = export_records(joined, (layer,))[layer]
    write_atomic(target, csv_text(records, wkt=wkt))
    return ExportResult(target, "csv", {layer: len(records)})


def _write_gpkg(target: Path, records: dict[str, list[Record]]) -> None:
    """GDAL writes a GeoPackage in place, so write it beside the target and rename it over."""
    from patrolmap.interchange.gpkg import write_gpkg

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".gpkg", dir=target.parent)
    os.close(fd)
    try:
        Path(tmp).unlink()  # GDAL creates the file itself
        write_gpkg(Path(tmp), records)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
