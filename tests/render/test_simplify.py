"""Display simplification is one linear grid pass, never shapely's topology-preserving simplify."""

from __future__ import annotations

import numpy as np
import shapely

from patrolmap.catalog import load_catalog
from patrolmap.render import build_map
from patrolmap.render.simplify import simplify_lines


def _noisy_line(n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    return shapely.linestrings(
        np.cumsum(rng.normal(0, 0.0003, (n, 2)), axis=0) + np.array([140, 40])
    )


def test_the_map_never_calls_shapely_simplify(make_catalog, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("shapely.simplify is superlinear on noisy self-crossing lines")

    monkeypatch.setattr(shapely, "simplify", refuse)
    assert build_map(load_catalog(make_catalog())).patrolmap_data


def test_grid_simplification_keeps_ends_and_exact_vertices_within_a_cell():
    lines = np.array([_noisy_line(20_000), _noisy_line(3, seed=1), _noisy_line(2, seed=2)])
    tolerance = 0.001
    out = simplify_lines(lines, tolerance)
    assert len(out) == 3
    for before, after in zip(lines, out, strict=True):
        a, b = shapely.get_coordinates(before), shapely.get_coordinates(after)
        assert (b[0] == a[0]).all() and (b[-1] == a[-1]).all() and len(b) >= 2
        # Every kept vertex is one of the line's own, in order.
        index = {tuple(p): i for i, p in enumerate(a)}
        positions = [index[tuple(p)] for p in b]
        assert positions == sorted(positions)
        # Every dropped vertex lies in the same grid cell as the kept vertex before it.
        assert shapely.hausdorff_distance(before, after) <= tolerance * 2**0.5 + 1e-12
    assert shapely.get_num_coordinates(out[0]) < 0.6 * 20_000


def test_the_work_is_one_pass_over_the_vertices(monkeypatch):
    # Not a timing: count how often numpy is asked to look at all vertices.
    seen = []
    real = shapely.get_coordinates

    def counting(geoms, *args, **kwargs):
        out = real(geoms, *args, **kwargs)
        seen.append(len(out[0] if isinstance(out, tuple) else out))
        return out

    monkeypatch.setattr(shapely, "get_coordinates", counting)
    simplify_lines(np.array([_noisy_line(50_000)]), 0.001)
    assert seen == [50_000]
