"""Where the bundled catalogue and basemap live, in a source checkout and once installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def bundled_catalog_dir() -> Path:
    """Return the directory holding the bundled catalogue (`data/` and `seeds/`)."""
    installed = _PACKAGE / "_bundled"
    if (installed / "data" / "events.yaml").is_file():
        return installed
    return _PACKAGE.parent  # a source checkout or an editable install: the repository root


def land_path() -> Path:
    """Return the offline Natural Earth land layer that every map draws under its data."""
    return bundled_catalog_dir() / "data" / "geo" / "land.geojson"


def territory_path() -> Path:
    """Return each state's land and territorial sea, built by scripts/build_territory.py."""
    return bundled_catalog_dir() / "data" / "geo" / "territory.geojson"


def labels_path() -> Path:
    """Return the map labels of countries and key islands (names per language, by zoom)."""
    return bundled_catalog_dir() / "data" / "geo" / "labels.geojson"
