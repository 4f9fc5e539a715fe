"""Region groups (scene.extent): the one place a selection is split into East Asia and Alaska."""

from __future__ import annotations

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.scene.extent import REGIONS, region_groups, region_of


def test_bundled_catalogue_splits_into_japan_korea_first_then_alaska():
    groups = region_groups(load_catalog())
    assert [g.label for g in groups] == ["Japan & Korea", "Alaska"]
    assert len(groups[0].events) == 18 and groups[1].events == ("patrol-2024-07-24",)
    west, _, east, _ = groups[1].bounds
    assert west > 160 and east > 180  # the Bering Sea, unwrapped past 180°
    for group in groups:
        for lon, lat in ((group.bounds[0], group.bounds[1]), (group.bounds[2], group.bounds[3])):
            assert -90 <= lat <= 90 and 0 <= lon <= 360


def test_a_selection_in_one_region_has_no_groups():
    catalog = filter_catalog(load_catalog(), kinds=["naval-transit"])
    assert region_groups(catalog) == []


def test_region_of_takes_the_first_region_holding_the_point():
    assert region_of(135.0, 37.0) == REGIONS[0]
    assert region_of(160.0, 50.0) == REGIONS[0]  # on the shared edge: the earlier region
    assert region_of(190.0, 60.0) == REGIONS[1]
    assert region_of(20.0, 0.0) is None
