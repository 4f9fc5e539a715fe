"""Graticule labels on the conic figures (issue 14): each label names the parallel or meridian that
meets the frame where the label stands."""

from __future__ import annotations

import re

import pytest
from pyproj import Transformer

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.figure import draw_figure
from patrolmap.figure.projection import map_frame
from patrolmap.scene.build import build_scene


def degrees(label: str) -> float:
    """'30°N' -> 30, '150°W' -> -150 (then taken in the Pacific frame), '180°' -> 180."""
    number, hemisphere = re.fullmatch(r"(\d+(?:\.\d+)?)°([NSEW]?)", label).groups()
    return float(number) * (-1 if hemisphere in ("S", "W") else 1)


@pytest.mark.parametrize("events", [None, ["patrol-2019-07-23"], ["patrol-2024-07-24"]])
def test_each_label_names_the_line_that_meets_the_frame_there(events):
    catalog = load_catalog()
    if events:
        catalog = filter_catalog(catalog, events=events)
    fig = draw_figure(catalog)
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
    frame = map_frame(build_scene(catalog).focus, aspect=(xmax - xmin) / (ymax - ymin))
    assert frame.view == pytest.approx((xmin, ymin, xmax, ymax))  # the figure's own projection
    back = Transformer.from_crs(frame.crs, "EPSG:4326", always_xy=True)
    lat_labels = [t.get_text() for t in ax.get_yticklabels()]
    assert lat_labels, "no latitude labels"
    for y, label in zip(ax.get_yticks(), lat_labels, strict=True):
        _, lat = back.transform(xmin, y)  # on the left side of the frame, at the label's height
        assert lat == pytest.approx(degrees(label), abs=0.01), (label, lat)
    for x, label in zip(ax.get_xticks(), [t.get_text() for t in ax.get_xticklabels()], strict=True):
        lon, _ = back.transform(x, ymin)  # on the bottom side, under the label
        assert (lon - degrees(label)) % 360 == pytest.approx(0, abs=0.01) or (
            degrees(label) - lon
        ) % 360 == pytest.approx(0, abs=0.01), (label, lon)
