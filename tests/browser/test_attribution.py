"""The attribution line as a reader sees it: each credit once."""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map
from patrolmap.render.layers import BASEMAPS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("basemap", sorted(BASEMAPS))
def test_each_credit_shows_once_with_an_online_basemap(make_catalog, tmp_path, open_page, basemap):
    page_file = save_map(load_catalog(make_catalog()), tmp_path / "map.html", basemap=basemap)
    page = open_page(page_file).page
    text = page.locator(".leaflet-control-attribution").inner_text()
    assert text.count("Natural Earth") == 1
    provider = {"osm": "OpenStreetMap", "carto": "CARTO", "esri-ocean": "Esri"}[basemap]
    assert text.count(provider) == 1, text
