"""Build the interactive map: a folium Map whose layers the page runtime draws from one data block."""

from __future__ import annotations

import os
from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from patrolmap.catalog.model import Catalog
from patrolmap.join import JoinResult
from patrolmap.render.assets import OfflineMap
from patrolmap.render.ids import deterministic_ids
from patrolmap.render.layers import map_data
from patrolmap.render.page import DATA_ELEMENT_ID
from patrolmap.safety.escape import html_attr
from patrolmap.scene.build import build_scene
from patrolmap.scene.naming import DEFAULT_NAMING, Naming

# Past this many route legs one canvas pans and zooms faster than thousands of SVG paths
# (folium-pitfalls.md, section 6; benchmarks/README.md).
CANVAS_THRESHOLD = 5_000


class PatrolLayers(MacroElement):
    """Hands the map to the page runtime, which draws every layer from the page's data block.

    Only a fixed element id passes through this template: the catalogue's text and geometry go into
    the data block after rendering (page.py), so none of it is ever compiled as a Jinja template.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
    PatrolMap.attach({{ this._parent.get_name() }}, {{ this.data_id|tojson }});
{% endmacro %}"""
    )

    def __init__(self, data_id: str = DATA_ELEMENT_ID):
        super().__init__()
        self._name = "PatrolLayers"
        self.data_id = data_id


class PatrolMap(OfflineMap):
    """A folium Map of a catalogue. `save()` and Jupyter display give the full offline page."""

    def __init__(self, data: dict, *, basemap: str | None = None, page_title: str = ""):
        (south, west), (north, east) = data["bounds"]
        super().__init__(
            location=[(south + north) / 2, (west + east) / 2],
            # No zoom: Leaflet gives the map no view until the runtime fits one (patrolmap.js,
            # once every panel is in place), and draws the layers then, once.
            zoom_start=None,
            tiles=None,
            control_scale=True,
            zoom_control=False,
            prefer_canvas=data["renderer"] == "canvas",
        )
        self.patrolmap_data = data
        self.basemap = basemap
        self.get_root().title = page_title  # type: ignore[attr-defined]  # a branca Figure
        PatrolLayers().add_to(self)

    def page(self, *, offline: bool = True) -> str:
        """The finished, self-contained HTML page of this map."""
        from patrolmap.render.page import page_html

        return page_html(self, offline=offline)

    def save(self, outfile, close_file=True, **kwargs) -> None:  # folium's signature
        """Write the finished page atomically (unlike folium's save, which writes the bare map)."""
        from patrolmap.atomic import write_atomic

        write_atomic(outfile, self.page(offline=kwargs.get("offline", True)))

    def _repr_html_(self, **kwargs) -> str:
        """Jupyter display: the finished page in a sandboxed iframe, working offline."""
        return (
            f'<iframe srcdoc="{html_attr(self.page())}" style="width:100%;height:620px;border:0" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
            'title="patrolmap"></iframe>'
        )


def build_map(
    selection: Catalog | JoinResult,
    *,
    title: str | None = None,
    basemap: str | None = None,
    naming: Naming = DEFAULT_NAMING,
) -> PatrolMap:
    """Return the interactive map of `selection` (a filtered catalogue, joined or not) as a folium Map."""
    scene = build_scene(selection, title=title, naming=naming)
    canvas = len(scene.catalog.routes) > CANVAS_THRESHOLD
    data = map_data(scene, basemap=basemap, canvas=canvas)
    with deterministic_ids():
        return PatrolMap(data, basemap=basemap, page_title=data["title"])  # escaped in map_data


def map_html(selection: Catalog | JoinResult, *, offline: bool = True, **options) -> str:
    """Return the finished HTML page for `selection`: self-contained unless `offline` is False.

    `options` are build_map's (title, basemap, naming)."""
    return build_map(selection, **options).page(offline=offline)


def save_map(
    selection: Catalog | JoinResult,
    path: str | os.PathLike[str] = Path("output") / "patrol_map.html",
    **options,
) -> Path:
    """Render `selection` and write the page to `path` atomically; return the path."""
    from patrolmap.atomic import write_atomic

    return write_atomic(path, map_html(selection, **options))
