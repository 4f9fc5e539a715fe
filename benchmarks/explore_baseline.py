"""The obvious alternative to `patrolmap render`: chain GeoDataFrame.explore() over the same layers.

    python benchmarks/explore_baseline.py CATALOG_DIR OUT.html

A plain script as a geopandas user would write it: read the five GeoJSON layers, shift longitudes
into the Pacific frame (patrolmap.geo's one convention, so routes across 180° are drawn the short way, as patrolmap draws
them), draw each layer with a tooltip on one folium map, add a layer control and save. It uses
explore's defaults otherwise: OpenStreetMap tiles and Leaflet, jQuery and Bootstrap from CDNs.
"""

import sys

import folium
import geopandas as gpd

from patrolmap.geo import to_pacific_frame


def pacific(frame):
    return frame.set_geometry(to_pacific_frame(frame.geometry.values), crs=frame.crs)


def read_layers(catalog: str) -> dict:
    """The five GeoJSON layers as GeoDataFrames in the Pacific frame."""
    geo = f"{catalog}/data/geo"
    names = ("adiz", "seas", "straits", "places", "routes")
    return {name: pacific(gpd.read_file(f"{geo}/{name}.geojson")) for name in names}


def draw(layers: dict) -> folium.Map:
    """One folium map with every layer drawn by explore() and a layer control."""
    m = layers["adiz"].explore(
        color="#1f4e9c",
        tooltip=["id", "name", "operator"],
        style_kwds={"fillOpacity": 0.05, "dashArray": "6 4"},
        name="ADIZ",
    )
    layers["seas"].explore(m=m, color="#4a90c2", tooltip=["id", "name"], name="Seas")
    layers["straits"].explore(m=m, color="#b8860b", tooltip=["id", "name"], name="Straits")
    layers["places"].explore(
        m=m,
        color="#333333",
        tooltip=["id", "name", "kind"],
        marker_type="circle_marker",
        marker_kwds={"radius": 4},
        name="Places",
    )
    layers["routes"].explore(
        m=m,
        color="#c0392b",
        tooltip=["id", "event", "name", "vehicles", "date"],
        style_kwds={"weight": 3},
        name="Routes",
    )
    folium.LayerControl().add_to(m)
    return m


def main(catalog: str, out: str) -> None:
    draw(read_layers(catalog)).save(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
