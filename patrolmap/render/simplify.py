"""Display simplification of route lines in one linear pass.

shapely.simplify keeps topology by default, and on a noisy line that crosses itself its work grows
faster than the vertex count (a valid 1,000,000-vertex route took 288 s); Douglas-Peucker without
that check is still superlinear in the worst case. For drawing, a grid pass is enough: the plane is
cut into square cells `tolerance` wide, and of each run of consecutive vertices that fall in the same
cell only the first is kept (and every line keeps its last vertex). Kept vertices keep their exact
coordinates, so the drawn line strays from the true one by less than a cell's diagonal.
"""

from __future__ import annotations

import numpy as np


def simplify_lines(lines: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify an array of shapely LineStrings for display, in time linear in their vertices."""
    import shapely

    if len(lines) == 0:
        return lines
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    cells = np.floor(coords / tolerance).astype(np.int64)
    new_line = np.r_[True, owner[1:] != owner[:-1]]
    moved = np.r_[True, (cells[1:] != cells[:-1]).any(axis=1)]
    last = np.r_[new_line[1:], True]
    keep = new_line | moved | last
    return shapely.linestrings(coords[keep], indices=owner[keep])
