"""patrolmap: layered offline maps of Russian and Chinese military activity around Japan, Korea, Alaska.

The pipeline runs one way: load and validate (`load_catalog`; `validate_catalog` for a full Report)
→ filter (`filter_catalog`) → join (`join_catalog`) → render (`build_map`, `save_map`), figure
(`save_figure`) or export (`embed_html`, `save_snapshot`).

    >>> import patrolmap
    >>> catalog = patrolmap.load_catalog()            # the bundled catalogue
    >>> recent = patrolmap.filter_catalog(catalog, kinds=["joint-air-patrol"])
    >>> patrolmap.join_catalog(recent).frame          # a GeoDataFrame, one row per event
    >>> patrolmap.build_map(recent)                   # a folium.Map; displays inline in Jupyter

Names are imported on first use so that `import patrolmap` and `patrolmap --help` stay fast.
"""

from __future__ import annotations

from patrolmap._lazy import lazy_getattr

__version__ = "0.1.0"

_API = {
    "load_catalog": "patrolmap.catalog.load",
    "validate_catalog": "patrolmap.catalog.validate",
    "Report": "patrolmap.catalog.validate",
    "filter_catalog": "patrolmap.catalog.filter",
    "Catalog": "patrolmap.catalog.model",
    "Event": "patrolmap.catalog.model",
    "Source": "patrolmap.catalog.model",
    "join_catalog": "patrolmap.join",
    "JoinResult": "patrolmap.join",
    "build_map": "patrolmap.render",
    "map_html": "patrolmap.render",
    "save_map": "patrolmap.render",
    "save_figure": "patrolmap.figure.save",
    "embed_html": "patrolmap.export.embed",
    "save_snapshot": "patrolmap.export.snapshot",
    "init_catalog": "patrolmap.catalog.init",
    "PatrolmapError": "patrolmap.errors",
    "CatalogError": "patrolmap.errors",
    "Problem": "patrolmap.errors",
}

__all__ = sorted(_API)


__getattr__ = lazy_getattr(__name__, _API)


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])
