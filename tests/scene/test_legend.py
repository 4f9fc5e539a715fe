"""The one legend rule: the figure's legend and the map's legend list the same items, which are
exactly what the selection draws (no browser needed)."""

from __future__ import annotations

import html

import pytest
from matplotlib.colors import to_hex
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.figure import draw_figure
from patrolmap.join import join_catalog
from patrolmap.render.layers import map_data
from patrolmap.scene.build import build_scene

SELECTIONS = {
    "one event": ["patrol-2019-07-23"],
    "the Alaska patrol": ["patrol-2024-07-24"],
    "a naval transit": ["kareliya-2025-12"],
    "a route with another source's version": ["liaoning-2025-12"],
    "everything": None,
}


@pytest.fixture(scope="module")
def bundled():
    return load_catalog()


def _selection(catalog, events):
    return join_catalog(catalog if events is None else filter_catalog(catalog, events=events))


def _figure_legend(joined) -> list[tuple[str, str]]:
    legend = draw_figure(joined, width=6, height=4.5).axes[0].get_legend()
    return [
        (t.get_text(), _swatch(h))
        for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
    ]


def _swatch(handle) -> str:
    """The colour a legend key shows: a dot's fill, an area's edge (or fill, when it has none)."""
    if isinstance(handle, Patch):
        edge = handle.get_edgecolor()
        return to_hex(handle.get_facecolor() if edge[3] == 0 else edge, keep_alpha=False)
    assert isinstance(handle, Line2D)
    if handle.get_marker() == "o" and handle.get_linestyle() == "None":
        fill = handle.get_markerfacecolor()
        return to_hex(handle.get_markeredgecolor() if to_hex(fill) == "#ffffff" else fill)
    return to_hex(handle.get_color(), keep_alpha=False)


def _map_legend(joined) -> list[tuple[str, str]]:
    return [
        (html.unescape(i["label"]), i["colour"]) for i in map_data(build_scene(joined))["legend"]
    ]


@pytest.mark.parametrize("name", SELECTIONS)
def test_figure_legend_equals_map_legend(bundled, name):
    joined = _selection(bundled, SELECTIONS[name])
    assert _figure_legend(joined) == _map_legend(joined)


def test_alaska_legend_lists_only_the_adiz_in_view(bundled):
    labels = [label for label, _ in _map_legend(_selection(bundled, ["patrol-2024-07-24"]))]
    assert "United States ADIZ" in labels
    assert not {"Canada ADIZ", "Japan ADIZ", "China ADIZ"} & set(labels)
    assert "Naval track (dashed)" not in labels  # a joint air patrol draws no naval track


def test_every_adiz_the_figure_draws_is_in_its_legend_and_no_other(bundled):
    joined = _selection(bundled, ["patrol-2019-07-23"])
    ax = draw_figure(joined, width=6, height=4.5).axes[0]
    drawn = {p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("adiz-")}
    operators = {"adiz-japan": "Japan", "adiz-korea": "South Korea", "adiz-china-ecs": "China"}
    listed = {t.get_text() for t in ax.get_legend().get_texts() if t.get_text().endswith("ADIZ")}
    assert drawn == set(operators)
    assert listed == {f"{operators[gid]} ADIZ" for gid in drawn}


def test_a_naval_track_is_drawn_dashed_and_listed_as_dashed(bundled):
    joined = _selection(bundled, ["kareliya-2025-12"])
    ax = draw_figure(joined, width=6, height=4.5).axes[0]
    legs = [line for line in ax.lines if (line.get_gid() or "").startswith("route-")]
    assert legs and all(line.get_linestyle() == "--" for line in legs)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Naval track (dashed)" in labels


def test_uncertainty_corridor_is_drawn_and_listed_in_both(bundled):
    joined = _selection(bundled, ["patrol-2019-07-23"])
    ax = draw_figure(joined, width=6, height=4.5).axes[0]
    bands = {p.get_gid() for p in ax.patches if (p.get_gid() or "").endswith("-band")}
    # One merged band per route colour drawn: Russia, China, and the two together.
    assert bands == {"corridor-RU-band", "corridor-CN-band", "corridor-JOINT-band"}
    assert ("approximate: within about 50 km", "#555555") in _map_legend(joined)
    data = map_data(build_scene(joined))
    legs = [
        f
        for g in data["groups"][1:]
        for lay in g["layers"]
        for f in lay["features"]
        if "type" not in f
    ]
    # Every leg of this event is approximate: each carries its band's km and style for the page.
    assert len(legs) == len(joined.catalog.routes)
    band_styles = {data["styles"][f["b"][1]]["fillColor"] for f in legs if f["b"][0] == 50.0}
    assert len(band_styles) == 3 and all(f["b"][0] == 50.0 for f in legs)


def test_a_route_variant_is_drawn_dotted_and_listed_in_both(bundled):
    joined = _selection(bundled, ["liaoning-2025-12"])
    ax = draw_figure(joined, width=6, height=4.5).axes[0]
    (drawn,) = [
        line for line in ax.lines if line.get_gid() == "route-2025-12-liaoning-return-osumi"
    ]
    assert drawn.get_linestyle() == "--"  # matplotlib's name for any custom dash pattern
    _, (on, off) = drawn._dash_pattern  # dots: short strokes, long gaps
    assert on < off
    item = ("Another source's version of a route (dotted)", "#555555")
    assert item in _figure_legend(joined) and item in _map_legend(joined)
    figure_text = {t.get_text() for t in ax.texts}
    assert "ships-net's version" in figure_text  # the figure names the source beside the line
