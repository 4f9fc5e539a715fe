"""The force palette stays distinguishable for readers with colour-vision deficiencies.

Each palette is simulated under full protanopia, deuteranopia and tritanopia (Machado, Oliveira
and Fernandes 2009, as implemented by colorspacious, severity 100) and every pair of colours must
stay at least MIN_DELTA_E apart in CAM02-UCS (colorspacious.deltaE). About 1 is a just-noticeable
difference between large patches; routes are thin lines read against a map, so the bar is set
well above that. Today the force palette's closest pair, Russia-and-China-together against other
forces under deuteranopia, is about 20.6 apart.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from patrolmap.scene import style

colorspacious = pytest.importorskip("colorspacious")

MIN_DELTA_E = 15.0
DEFICIENCIES = ("protanomaly", "deuteranomaly", "tritanomaly")  # at severity 100: -anopia


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def too_close(palette: dict[str, str], minimum: float = MIN_DELTA_E) -> list[tuple]:
    """(vision, key, key, ΔE) for every pair closer than `minimum`, under normal and each
    simulated deficiency."""
    found = []
    for vision in (None, *DEFICIENCIES):
        seen = {}
        for key, colour in palette.items():
            rgb = _rgb(colour)
            if vision:
                cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
                rgb = np.clip(colorspacious.cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
            seen[key] = rgb
        for a, b in combinations(seen, 2):
            distance = float(colorspacious.deltaE(seen[a], seen[b], input_space="sRGB1"))
            if distance < minimum:
                found.append((vision or "normal", a, b, round(distance, 1)))
    return found


def test_force_palette_is_distinguishable_under_simulated_colour_blindness():
    assert too_close(style.FORCE_COLOURS) == []


def test_chart_kind_palette_is_distinguishable_under_simulated_colour_blindness():
    assert too_close(style.KIND_COLOURS) == []


def test_check_catches_a_red_green_pair():
    # Matplotlib's default red and green: clearly apart for most readers, close for deuteranopes.
    problems = too_close({"red": "#d62728", "green": "#2ca02c"})
    assert "deuteranomaly" in [p[0] for p in problems]
    assert all(p[0] != "normal" for p in problems)
