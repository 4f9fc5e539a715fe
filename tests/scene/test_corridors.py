"""Uncertainty bands: every leg gets a valid band, even one that folds back across itself."""

from __future__ import annotations

from types import SimpleNamespace

import shapely

from patrolmap.scene.corridors import leg_corridor

# A leg of benchmarks/make_catalog.py's 1,000-event catalogue (seed 0) that runs south, turns and
# comes back north across its own path, east of 180°. Its 50 km band, projected back to lon/lat, is
# an invalid polygon, and snapping that to the page's grid raised a GEOS TopologyException.
FOLDED = [
    (190.3234, 37.3401), (190.7979, 36.3582), (191.2918, 35.3859), (191.6396, 34.3523),
    (192.1524, 33.3899), (192.5257, 32.3653), (192.8909, 31.3377), (193.1919, 30.2895),
    (193.6631, 30.694), (194.0309, 31.7206), (194.5478, 32.6808), (194.8415, 33.5843),
    (194.2646, 34.5097), (193.6321, 35.3981), (192.9532, 36.2516), (192.1278, 36.9643),
    (191.3584, 37.7371), (190.6267, 38.5457), (189.8728, 39.3337), (189.2026, 40.1939),
    (188.5188, 41.0435), (187.978, 41.9905), (187.3425, 42.8767), (186.7804, 43.8112),
    (186.0098, 44.5828), (185.241, 45.3562), (184.453, 46.1101), (183.6403, 46.8373),
    (182.9675, 46.3045),
]  # fmt: skip


def test_a_leg_that_folds_back_on_itself_still_gets_a_valid_band_around_all_of_it():
    line = shapely.LineString(FOLDED)
    row = SimpleNamespace(id="folded", confidence="approximate", uncertainty_km=None, geometry=line)
    band = leg_corridor(row, "corridor-RU").geometry
    assert band.is_valid and band.geom_type in ("Polygon", "MultiPolygon")
    # Every vertex of the leg lies inside its band, with room to spare (50 km is about 0.45°).
    assert band.contains(line)
    assert band.contains(shapely.Point(FOLDED[7]).buffer(0.2))
