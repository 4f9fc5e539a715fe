"""Graticule labels on the conic figures (issue 14): latitudes up the left and right sides and
longitudes along the bottom, each label naming the parallel or meridian that meets the frame
exactly where the label stands."""

from __future__ import annotations

import re

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.figure import draw_figure
from patrolmap.figure.inset import split_regions
from patrolmap.figure.projection import map_frame
from patrolmap.scene.build import build_scene


def degrees(label: str) -> float:
    """'30°N' -> 30, '150°W' -> -150 (then taken in the Pacific frame), '180°' -> 180."""
    number, hemisphere = re.fullmatch(r"(\d+(?:\.\d+)?)°([NSEW]?)", label).groups()
    return float(number) * (-1 if hemisphere in ("S", "W") else 1)


def same_lon(a: float, b: float) -> bool:
    return min((a - b) % 360, (b - a) % 360) == pytest.approx(0, abs=0.01)


# (events, width, height): one event, the Alaska patrol across 180°, everything (an East Asian
# main map with an inset), and everything on a wide, short sheet, where the conic's parallels
# curve most across the frame.
CASES = [
    (["patrol-2019-07-23"], 10.0, 7.5),
    (["patrol-2024-07-24"], 10.0, 7.5),
    (None, 10.0, 7.5),
    (None, 16.0, 5.0),
]


@pytest.mark.parametrize(("events", "width", "height"), CASES)
def test_each_label_names_the_line_that_meets_the_frame_there(events, width, height):
    catalog = load_catalog()
    if events:
        catalog = filter_catalog(catalog, events=events)
    fig = draw_figure(catalog, width=width, height=height)
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    (xmin, xmax), (ymin, ymax) = ax.get_xlim(), ax.get_ylim()
    focus, _ = split_regions(build_scene(catalog))
    frame = map_frame(focus, aspect=(xmax - xmin) / (ymax - ymin))
    assert frame.view == pytest.approx((xmin, ymin, xmax, ymax))  # the figure's own projection
    right = next(a for a in ax.child_axes if a.get_gid() == "graticule-right")
    sides = {
        "left": (xmin, ax.get_yticks(), ax.get_yticklabels()),
        "right": (xmax, right.get_yticks(), right.get_yticklabels()),
    }
    for side, (x, ticks, labels) in sides.items():
        texts = [t.get_text() for t in labels]
        assert texts and all(t.endswith(("N", "S")) or t == "0°" for t in texts), (side, texts)
        for y, label in zip(ticks, texts, strict=True):
            _, lat = frame.lonlat(x, y)  # on this side of the frame, at the label's height
            assert lat == pytest.approx(degrees(label), abs=0.01), (side, label, lat)
    texts = [t.get_text() for t in ax.get_xticklabels()]
    assert texts and all(not t.endswith(("N", "S")) for t in texts)
    for x, label in zip(ax.get_xticks(), texts, strict=True):
        lon, _ = frame.lonlat(x, ymin)  # on the bottom side, under the label
        assert same_lon(lon, degrees(label)), (label, lon)
    # On a conic the same parallel meets the two sides at different heights than a straight
    # line across would: each side's labels stand where their own line meets it.
    if width / height > 3:
        left_at = dict(zip(sides["left"][2], sides["left"][1], strict=True))
        for label, y in zip(sides["right"][2], sides["right"][1], strict=True):
            match = [v for t, v in left_at.items() if t.get_text() == label.get_text()]
            assert not match or abs(match[0] - y) > 0.01 * (ymax - ymin)
