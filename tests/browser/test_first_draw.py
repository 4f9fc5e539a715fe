"""The page's first draw does each piece of work once (js/patrolmap.js, js/legcanvas.js)."""

from __future__ import annotations

import pytest

from patrolmap.catalog import load_catalog
from patrolmap.render import save_map

pytestmark = pytest.mark.browser

# Counts the draws of each route-leg canvas (each draw starts by clearing it).
COUNT_DRAWS = """
window.__draws = new Map();
const clear = CanvasRenderingContext2D.prototype.clearRect;
CanvasRenderingContext2D.prototype.clearRect = function () {
  if (this.canvas.classList.contains('pm-leg-canvas'))
    window.__draws.set(this.canvas, (window.__draws.get(this.canvas) || 0) + 1);
  return clear.apply(this, arguments);
};
"""
DRAWS = (
    "() => [...document.querySelectorAll('.pm-leg-canvas')].map(c => window.__draws.get(c) || 0)"
)
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory):
    return save_map(load_catalog(), tmp_path_factory.mktemp("first-draw") / "map.html")


def test_each_leg_canvas_is_drawn_once_by_the_first_view_and_again_on_a_change(
    bundled_map, browser
):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("http*://**/*", lambda route: route.abort())
    context.add_init_script(COUNT_DRAWS)
    try:
        page = context.new_page()
        page.goto(bundled_map.resolve().as_uri())
        page.evaluate(TWO_FRAMES)  # any redraw the first view scheduled has run by now
        # Bands, legs, and the (empty) canvas of highlighted legs: each drawn once.
        assert page.evaluate(DRAWS) == [1, 1, 1]
        page.locator(".pm-item[data-layer='patrol-2019-07-23'] input").uncheck()
        page.evaluate(TWO_FRAMES)
        assert page.evaluate(DRAWS) == [2, 2, 2]  # hiding an event redraws them, once
    finally:
        context.close()
