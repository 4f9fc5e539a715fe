"""The figure's projection: a Lambert conformal conic fitted to what the selection shows."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import shapely

from patrolmap.geo import KM_PER_DEGREE, near_lon, pacific_lon, standard_lon
from patrolmap.scene.extent import MIN_SPAN_KM, PAD

CLIP_PAD_DEG = 3.0


@dataclass(frozen=True)
class MapFrame:
    """The projected window of a figure: a Lambert conformal conic fitted to the data's extent.

    `view` is the visible rectangle in projected metres; `clip` a lon/lat box (Pacific frame) a
    little larger than the view, to which shapes are cut before projecting, so nothing far outside
    the view (where the cone stretches without bound) is ever projected.
    """

    crs: object
    view: tuple[float, float, float, float]
    clip: tuple[float, float, float, float]

    @cached_property
    def _forward(self):
        from pyproj import Transformer

        return Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)

    def xy(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """Project lon/lat arrays (Pacific frame) to metres."""
        x, y = self._forward.transform(np.asarray(lon, float), np.asarray(lat, float))
        return np.asarray(x), np.asarray(y)

    @cached_property
    def _back(self):
        from pyproj import Transformer

        return Transformer.from_crs(self.crs, "EPSG:4326", always_xy=True)

    def lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Unproject metres to lon/lat (longitudes as PROJ gives them, -180..180)."""
        lon, lat = self._back.transform(np.asarray(x, float), np.asarray(y, float))
        return np.asarray(lon), np.asarray(lat)

    def outline(self, steps: int = 32) -> shapely.LineString:
        """The view rectangle's edge as a lon/lat line in the Pacific frame, `steps` points a side."""
        ring = shapely.segmentize(self.view_box.exterior, (self.view[2] - self.view[0]) / steps)
        lon, lat = self.lonlat(*np.asarray(ring.coords).T)
        return shapely.LineString(np.column_stack([pacific_lon(lon), lat]))

    def project(self, geoms: Any, *, clip: bool = True, densify: float = 0.25) -> Any:
        """Clip lon/lat geometries to `clip`, add vertices every `densify`°, project them."""
        geoms = np.asarray(geoms, dtype=object)
        if clip:
            geoms = shapely.clip_by_rect(geoms, *self.clip)
        geoms = shapely.segmentize(geoms, densify)
        return shapely.transform(geoms, lambda c: np.column_stack(self.xy(c[:, 0], c[:, 1])))

    @cached_property
    def view_box(self):
        return shapely.box(*self.view)

    def scale_factor(self) -> float:
        """The projection's scale factor at the centre of the view (conformal: one number)."""
        from pyproj import Proj

        lon, lat = self.lonlat(*self.view_box.centroid.coords[0])
        return float(Proj(self.crs).get_factors(lon, lat).meridional_scale)


def map_frame(focus: np.ndarray, *, aspect: float) -> MapFrame:
    """Fit a conformal conic to `focus` (the scene's lon/lat shapes) and frame it at `aspect`.

    The frame holds the focus (the selected routes and markers, or the ADIZs) padded by 15% and
    at least MIN_SPAN_KM across. Standard parallels sit at 1/6 and 5/6 of their latitude span and
    the central meridian at their centre, so a Bering Sea route (177°E to 168°W) is as continuous
    and undistorted as one off Japan.
    """
    from pyproj import CRS

    west, south, east, north = shapely.total_bounds(focus)
    south, north = _grow(south, north, MIN_SPAN_KM / KM_PER_DEGREE)
    span = north - south
    lat_1, lat_2 = south + span / 6, south + 5 * span / 6
    centre = {"lon_0": float(standard_lon((west + east) / 2)), "datum": "WGS84", "units": "m"}
    if abs(lat_1 + lat_2) < 1.0:
        # Parallels (nearly) symmetric about the equator leave no cone (PROJ refuses it); its
        # limit, the conformal cylinder, is Mercator.
        crs = CRS.from_dict({"proj": "merc", **centre})
    else:
        conic = {"proj": "lcc", "lat_1": lat_1, "lat_2": lat_2, "lat_0": (south + north) / 2}
        crs = CRS.from_dict({**conic, **centre})
    xmin, ymin, xmax, ymax = _projected_bounds(focus, crs)
    dx, dy = (xmax - xmin) * PAD, (ymax - ymin) * PAD
    xmin, xmax = _grow(xmin - dx, xmax + dx, MIN_SPAN_KM * 1000)
    ymin, ymax = _grow(ymin - dy, ymax + dy, MIN_SPAN_KM * 1000)
    view = _fit_aspect((xmin, ymin, xmax, ymax), aspect)
    return MapFrame(crs, view, _clip_box(crs, view, (west + east) / 2))


def panel_frames(focuses: list[np.ndarray], *, aspect: float) -> list[MapFrame]:
    """One frame per focus (lon/lat shapes), each centred on its own focus and all at one scale.

    Each frame is a conformal conic touching the globe along its focus's middle parallel, where
    its scale is true, and every view is the same size in metres: so at each panel's centre a
    kilometre is the same length on the page. The size is that of the largest focus, padded by
    PAD and at least MIN_SPAN_KM, at `aspect`.
    """
    from pyproj import CRS

    fits = []
    for focus in focuses:
        west, south, east, north = shapely.total_bounds(focus)
        middle, centre_lon = (south + north) / 2, (west + east) / 2
        crs = CRS.from_dict(
            {
                "proj": "lcc",
                "lat_1": middle,
                "lat_2": middle,
                "lat_0": middle,
                "lon_0": float(standard_lon(centre_lon)),
                "datum": "WGS84",
                "units": "m",
            }
        )
        xmin, ymin, xmax, ymax = _projected_bounds(focus, crs)
        fits.append(
            (crs, (xmin + xmax) / 2, (ymin + ymax) / 2, xmax - xmin, ymax - ymin, centre_lon)
        )
    width = max([max(w, h * aspect) for *_, w, h, _ in fits] or [0.0]) * (1 + 2 * PAD)
    width = max(width, MIN_SPAN_KM * 1000 * max(aspect, 1.0))
    height = width / aspect
    frames = []
    for crs, x, y, _, _, centre_lon in fits:
        view = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        frames.append(MapFrame(crs, view, _clip_box(crs, view, centre_lon)))
    return frames


def _projected_bounds(focus: np.ndarray, crs) -> tuple[float, float, float, float]:
    from pyproj import Transformer

    forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    projected = shapely.transform(
        shapely.segmentize(focus, 0.25), lambda c: np.column_stack(forward.transform(*c.T))
    )
    xmin, ymin, xmax, ymax = shapely.total_bounds(projected)
    return float(xmin), float(ymin), float(xmax), float(ymax)


def _grow(lo: float, hi: float, span: float) -> tuple[float, float]:
    """Widen [lo, hi] about its middle to at least `span`."""
    extra = max(span - (hi - lo), 0.0) / 2
    return float(lo - extra), float(hi + extra)


def _fit_aspect(bounds, aspect: float) -> tuple[float, float, float, float]:
    """Widen the shorter side of `bounds` about its centre until width/height == aspect."""
    xmin, ymin, xmax, ymax = (float(v) for v in bounds)
    w, h = xmax - xmin, ymax - ymin
    if w / h < aspect:
        extra = (h * aspect - w) / 2
        return xmin - extra, ymin, xmax + extra, ymax
    extra = (w / aspect - h) / 2
    return xmin, ymin - extra, xmax, ymax + extra


def _clip_box(crs, view, centre_lon: float) -> tuple[float, float, float, float]:
    """The lon/lat box covering the view rectangle, found by unprojecting its edge."""
    from pyproj import Transformer

    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    ring = shapely.segmentize(shapely.box(*view).exterior, (view[2] - view[0]) / 64)
    lon, lat = back.transform(*np.asarray(ring.coords).T)
    ok = np.isfinite(lon) & np.isfinite(lat)
    lon = near_lon(lon[ok], centre_lon)
    west, east = lon.min() - CLIP_PAD_DEG, lon.max() + CLIP_PAD_DEG
    south, north = lat[ok].min() - CLIP_PAD_DEG, lat[ok].max() + CLIP_PAD_DEG
    if not ok.all() or north > 88.0:  # the view holds the pole: take every meridian near it
        west, east, north = centre_lon - 120.0, centre_lon + 120.0, 89.9
    return float(west), float(max(south, -85.0)), float(east), float(min(north, 89.9))
