"""What a printed map frames (scene.extent.sheet_extents): every selected event, on the main map
or an inset, each box padded as the scene's view is."""

from __future__ import annotations

import shapely

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.scene.build import build_scene
from patrolmap.scene.extent import event_shapes, sheet_extents


def test_every_selected_event_lies_inside_the_main_map_or_an_inset():
    catalog = load_catalog()
    extents = sheet_extents(catalog, build_scene(catalog).view)
    assert [(label, n) for label, n, _ in extents] == [("Japan & Korea", 18), ("Alaska", 1)]
    boxes = [shapely.box(*box) for _, _, box in extents]
    for event_id, shapes in event_shapes(catalog).items():
        drawn = shapely.union_all(shapes)
        holders = [i for i, box in enumerate(boxes) if box.contains(drawn)]
        assert holders, event_id
    # The main map is Japan and Korea, not the whole Pacific: it leaves the Bering Sea out.
    assert extents[0][2][2] < 170


def test_a_selection_in_one_region_is_printed_at_the_scene_view():
    catalog = filter_catalog(load_catalog(), start="2025-12-01")
    scene = build_scene(catalog)
    assert sheet_extents(catalog, scene.view) == [("", len(catalog.events), scene.view)]
