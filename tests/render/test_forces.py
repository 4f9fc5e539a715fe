"""Route forces are named truthfully: only a Russia-China leg is "Russia and China together"."""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog
from patrolmap.figure import save_figure
from patrolmap.render import build_map
from patrolmap.scene import style


@pytest.mark.parametrize(
    ("forces", "key", "label"),
    [
        (["RU"], "RU", "Russia"),
        (["CN", "RU"], "JOINT", "Russia and China together"),
        (["RU", "US"], "OTHER", "Russia and United States together"),
        (["US"], "OTHER", "United States"),
        (["CN", "KP", "RU"], "OTHER", "Russia, China and North Korea together"),
    ],
)
def test_each_combination_has_a_truthful_name(forces, key, label):
    assert (style.force_key(forces), style.force_label(forces)) == (key, label)


@pytest.fixture
def russia_us_catalog(make_catalog, parts):
    parts["routes"][0]["properties"]["forces"] = ["RU", "US"]
    parts["routes"][1]["properties"]["forces"] = ["CN", "KP"]
    return load_catalog(make_catalog(parts))


def test_the_map_legend_names_each_combination(russia_us_catalog):
    labels = [i["label"] for i in build_map(russia_us_catalog).patrolmap_data["legend"]]
    # The page's legend words are the figure's (the scene's legend): "Route: ...".
    assert "Route: Russia and China together" not in labels
    assert "Route: China and North Korea together; Russia and United States together" in labels


def test_the_figure_legend_names_each_combination(russia_us_catalog, tmp_path, monkeypatch):
    import matplotlib.legend

    seen = []
    original = matplotlib.legend.Legend.__init__

    def record(self, parent, handles, labels, *args, **kwargs):
        seen.extend(labels)
        original(self, parent, handles, labels, *args, **kwargs)

    monkeypatch.setattr(matplotlib.legend.Legend, "__init__", record)
    save_figure(russia_us_catalog, tmp_path / "f.png", width=6, height=4, dpi=50)
    routes = [label for label in seen if label.startswith("Route:")]
    assert "Route: Russia and China together" not in routes
    assert "Route: China and North Korea together; Russia and United States together" in routes
