"""Uncertainty bands: every leg gets a valid band, even one that folds back across itself, and the
bands computed for all legs at once match the per-leg ellipsoidal buffer they replaced."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import shapely

from patrolmap.catalog import load_catalog
from patrolmap.geo import near_lon
from patrolmap.scene.corridors import buffer_km, corridor_bands, leg_corridor, leg_uncertainty_km

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


def pyproj_band(line, km: float):
    """The band as patrolmap computed it before: each leg buffered in its own ellipsoidal (WGS 84)
    azimuthal equidistant projection through pyproj. The reference for the vectorised one."""
    from pyproj import CRS, Transformer

    centre = line.centroid
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={centre.y} +lon_0={centre.x} +datum=WGS84 +units=m")
    there = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    projected = shapely.transform(line, lambda c: np.column_stack(there.transform(*c.T)))
    band = projected.buffer(km * 1000.0, quad_segs=6)
    lonlat = shapely.transform(band, lambda c: np.column_stack(back.transform(*c.T)))
    lonlat = shapely.transform(
        lonlat, lambda c: np.column_stack([near_lon(c[:, 0], centre.x), c[:, 1]])
    )
    return shapely.make_valid(lonlat)


def test_a_leg_that_folds_back_on_itself_still_gets_a_valid_band_around_all_of_it():
    line = shapely.LineString(FOLDED)
    row = SimpleNamespace(id="folded", confidence="approximate", uncertainty_km=None, geometry=line)
    (band,) = corridor_bands([leg_corridor(row, "corridor-RU")])
    assert band.is_valid and band.geom_type in ("Polygon", "MultiPolygon")
    # Every vertex of the leg lies inside its band, with room to spare (50 km is about 0.45°).
    assert band.contains(line)
    assert band.contains(shapely.Point(FOLDED[7]).buffer(0.2))
    # On the page's grid: every vertex a whole number of 1e-4°.
    grid = shapely.get_coordinates(band) * 1e4
    assert np.abs(grid - np.round(grid)).max() < 1e-6


def test_bands_for_all_legs_at_once_match_the_per_leg_ellipsoidal_buffer():
    # The bundled legs (25-52°N, and the Bering Sea leg across 180° up to 70°N), the folded leg,
    # a north-south leg and one that needs 20 km: the sphere and the ellipsoid give bands whose
    # symmetric difference is under 1% of their area (measured: at most 0.37%).
    routes = load_catalog().routes
    lines = [*routes.geometry, shapely.LineString(FOLDED)]
    km = [leg_uncertainty_km(r) for r in routes.itertuples()] + [50.0]
    lines += [shapely.LineString([(185.0, 52.0), (185.5, 66.0)]), shapely.LineString(FOLDED[:4])]
    km += [50.0, 20.0]
    bands = buffer_km(np.array(lines, dtype=object), np.array(km))
    assert len(bands) == len(lines) > 50
    for band, line, k in zip(bands, lines, km, strict=True):
        reference = pyproj_band(line, k)
        assert band.is_valid
        assert shapely.symmetric_difference(band, reference).area < 0.01 * reference.area
        assert band.contains(line)


def test_no_legs_no_bands():
    assert len(corridor_bands(())) == 0
