"""Multi-event figures (issue 14): an Alaska inset beside the East Asian main map, a date label at
each event's route with no two labels overlapping, smaller arrows, and a footer that stays on the
sheet at every resolution."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.figure import draw_figure, save_figure
from patrolmap.figure.layers import ARROW_PT, ARROW_PT_MANY
from patrolmap.figure.projection import map_frame
from patrolmap.figure.sheet import Z
from patrolmap.scene.build import build_scene
from patrolmap.scene.extent import region_groups

ALASKA = "patrol-2024-07-24"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def everything(catalog):
    return draw_figure(catalog)


def axes(fig, gid: str):
    return next(ax for ax in fig.axes if ax.get_gid() == gid)


def route_lines(ax, event_ids, catalog):
    legs = set(catalog.routes[catalog.routes["event"].isin(event_ids)]["id"])
    return [line for line in ax.lines if line.get_gid() in legs]


def inside(ax, line) -> bool:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    x, y = line.get_xdata(), line.get_ydata()
    return bool(x.min() > x0 and x.max() < x1 and y.min() > y0 and y.max() < y1)


def test_the_bundled_selection_splits_into_east_asia_and_alaska(catalog):
    groups = region_groups(catalog)
    assert [g.label for g in groups] == ["Japan & Korea", "Alaska"]
    assert groups[1].events == (ALASKA,)
    assert len(groups[0].events) == len(catalog.events) - 1


def test_main_map_frames_east_asia_and_the_inset_shows_the_alaska_patrol(catalog, everything):
    main, inset = axes(everything, "map"), axes(everything, "inset-0")
    east_asia = [e.id for e in catalog.events if e.id != ALASKA]
    lines = route_lines(main, east_asia, catalog)
    assert len(lines) == len(catalog.routes) - len(catalog.routes[catalog.routes.event == ALASKA])
    assert all(inside(main, line) for line in lines)
    assert not any(inside(main, line) for line in route_lines(main, [ALASKA], catalog))
    alaska = route_lines(inset, [ALASKA], catalog)
    assert alaska and all(inside(inset, line) for line in alaska)
    # Fitted to East Asia alone, the main map covers well under half the whole selection's frame.
    width, height = np.ptp(main.get_xlim()), np.ptp(main.get_ylim())
    whole = map_frame(build_scene(catalog).focus, aspect=width / height).view
    assert width * height < 0.5 * (whole[2] - whole[0]) * (whole[3] - whole[1])


def test_inset_is_labelled_sits_inside_the_main_map_and_has_a_locator(everything):
    renderer = everything.canvas.get_renderer()
    main, inset = axes(everything, "map"), axes(everything, "inset-0")
    titles = [t.get_text() for t in inset.texts if t.get_gid() == "inset-title"]
    assert titles == ["Inset: Alaska"]
    frame, box = main.get_window_extent(renderer), inset.get_window_extent(renderer)
    assert frame.x0 < box.x0 and box.x1 < frame.x1 and frame.y0 < box.y0 and box.y1 < frame.y1
    assert not box.overlaps(main.get_legend().get_window_extent(renderer))
    locator = axes(everything, "locator")
    # Two outlines on the locator: the main map's frame and the inset's.
    assert len(locator.lines) == 2
    assert not locator.get_window_extent(renderer).overlaps(box)


def test_the_inset_is_drawn_from_the_same_scene_without_a_second_join(
    catalog, monkeypatch, tmp_path
):
    import patrolmap.scene.build as build

    joins = []
    real = build.join_catalog
    monkeypatch.setattr(build, "join_catalog", lambda c: joins.append(1) or real(c))
    save_figure(catalog, tmp_path / "all.png", dpi=40)
    assert len(joins) == 1


def test_one_region_has_no_inset(catalog):
    fig = draw_figure(filter_catalog(catalog, kinds="naval-transit"), width=6, height=4.5)
    assert [ax.get_gid() for ax in fig.axes] == ["map"]


def placed_labels(ax):
    return [t for t in ax.texts if t.get_gid() != "halo" and t.get_zorder() == Z["label"]]


def test_every_east_asian_event_has_its_date_at_its_route_and_no_labels_overlap(
    catalog, everything
):
    main = axes(everything, "map")
    renderer = everything.canvas.get_renderer()
    texts = placed_labels(main)
    shown = [t.get_text() for t in texts]
    for event in catalog.events:
        if event.id != ALASKA and not catalog.routes[catalog.routes.event == event.id].empty:
            assert event.date_label() in shown, event.id
    boxes = [t.get_window_extent(renderer) for t in texts]
    for (a, ta), (b, tb) in itertools.combinations(zip(boxes, shown, strict=True), 2):
        assert not a.overlaps(b), (ta, tb)
    # A date stands at its own route: its anchor is on one of its event's legs.
    for text in texts:
        events = [e.id for e in catalog.events if e.date_label() == text.get_text()]
        if not events:
            continue
        legs = set(catalog.routes[catalog.routes.event.isin(events)]["id"])
        vertices = np.concatenate([ln.get_xydata() for ln in main.lines if ln.get_gid() in legs])
        gap = np.hypot(*(vertices - np.asarray(text.xy)).T).min()
        assert gap < 0.01 * np.ptp(main.get_xlim()), text.get_text()


def arrow_sizes(ax) -> set[float]:
    return {ln.get_markersize() for ln in ax.lines if ln.get_zorder() == Z["arrow"]}


def test_arrows_are_smaller_when_many_events_share_the_map(catalog, everything):
    one = draw_figure(filter_catalog(catalog, events="patrol-2019-07-23"))
    # At 10 × 7.5 in the sheet's scale is 1: sizes are the constants themselves.
    assert arrow_sizes(one.axes[0]) == {ARROW_PT}
    assert arrow_sizes(axes(everything, "map")) == {ARROW_PT_MANY}
    assert ARROW_PT_MANY < ARROW_PT


@pytest.mark.parametrize("dpi", [100, 200, 300])
def test_footer_stays_on_an_a4_sheet_at_any_dpi(catalog, dpi):
    fig = draw_figure(catalog, width=8.27, height=11.69, dpi=dpi)
    renderer = fig.canvas.get_renderer()
    assert renderer.dpi == dpi
    right = axes(fig, "map").get_window_extent(renderer).x1
    for text in fig.texts:
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= right + 1, (text.get_gid(), box.x1, right)
    assert {t.get_gid() for t in fig.texts} == {"title", "subtitle", "footer"}
