"""How fast a drawn page answers a reader, in headless Chromium: a hover and a click on a route, and
one full redraw of the routes, for patrolmap's page and (the hover) explore()'s.

    python benchmarks/interaction.py PAGE.html [--explore EXPLORE.html] [--runs 5]

run.py calls `measure_interaction` for each size after timing the first draw. What is measured,
each the median of `runs`, in milliseconds:

- hover: from the `mousemove` that reaches a route (the event's own time stamp) to the animation
  frame in which the route's tooltip is in the page (that frame paints it);
- click: the same, from the `click` to the frame with the route's popup (explore's page has no
  popups);
- redraw: patrolmap's page only, one synchronous redraw of every leg and band canvas and the
  arrows (`handle.legs.redraw()`), and a pan by 200 px (the canvases move and redraw on
  `moveend`).

The route is found from the page itself: for patrolmap's, the middle vertex of the first leg
whose middle is inside the map, outside every panel, and hit by the page's own hit-testing; for
explore's, the middle of the last-drawn route path that is topmost at that point. Frame budgets
(reported, not asserted): a tooltip or popup within FRAME_BUDGET_MS, a redraw within
REDRAW_BUDGET_MS.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

FRAME_BUDGET_MS = 50  # about three frames at 60 Hz: reads as immediate
REDRAW_BUDGET_MS = 33  # two frames: panning stays smooth

# Returns [clientX, clientY] of a route point, or null.
ROUTE_POINT_JS = """mode => {
  const covered = (x, y, want) => {
    const el = document.elementFromPoint(x, y);
    return !el || el.closest('.leaflet-control') || (want && el !== want);
  };
  if (mode === 'patrolmap') {
    const h = window.patrolmaps[0], m = h.map, box = m.getContainer().getBoundingClientRect();
    for (const leg of h.legs.all) {
      if (!leg.on || leg.hidden) continue;
      const p = m.latLngToContainerPoint(h.legs.middle(leg));
      const x = box.left + p.x, y = box.top + p.y;
      if (x < box.left + 5 || y < box.top + 5 || x > box.right - 5 || y > box.bottom - 5) continue;
      if (covered(x, y) || !h.legs.legAt(p)) continue;
      return [x, y];
    }
    return null;
  }
  const paths = [...document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive')];
  for (let i = paths.length - 1; i >= 0; i--) {
    const path = paths[i], length = path.getTotalLength();
    if (length < 20) continue;
    const q = path.getPointAtLength(length / 2), ctm = path.getScreenCTM();
    const x = ctm.a * q.x + ctm.c * q.y + ctm.e, y = ctm.b * q.x + ctm.d * q.y + ctm.f;
    if (x < 5 || y < 5 || x > innerWidth - 5 || y > innerHeight - 5 || covered(x, y, path)) continue;
    return [x, y];
  }
  return null;
}"""

# Arms a timer for the next `type` event: window.__answer resolves with ms from that event to the
# animation frame in which `selector` is in the page (or null after 5 s).
ARM_JS = """([type, selector]) => { window.__answer = new Promise(resolve => {
  let started = null;
  const give_up = setTimeout(() => resolve(null), 5000);
  document.addEventListener(type, e => {
    started = e.timeStamp;
    const look = () => {
      if (document.querySelector(selector)) {
        clearTimeout(give_up);
        resolve(performance.now() - started);
      } else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }, {capture: true, once: true});
}); }"""

REDRAW_JS = """runs => {
  const h = window.patrolmaps[0], out = {redraw: [], pan: []};
  for (let i = 0; i < runs; i++) {
    let t = performance.now(); h.legs.redraw(); out.redraw.push(performance.now() - t);
    t = performance.now(); h.map.panBy([i % 2 ? -200 : 200, 0], {animate: false});
    out.pan.push(performance.now() - t);
  }
  return out;
}"""

# Closes any tooltip or popup and puts back the view the run started from: a popup near the map's
# edge pans the map, which would move the route away from the point the next run clicks.
CLEAR_JS = """() => { const m = (window.patrolmaps || [])[0];
  if (m) { m.map.closePopup(); m.map.closeTooltip && m.legs._tooltip && m.legs._tooltip.close();
           if (window.__view) m.map.setView(window.__view[0], window.__view[1], {animate: false});
           else window.__view = [m.map.getCenter(), m.map.getZoom()]; }
  document.querySelectorAll('.leaflet-tooltip, .leaflet-popup').forEach(e => e.remove()); }"""


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def measure_interaction(page, mode: str, runs: int = 5) -> dict:
    """On an open, drawn `page` (Playwright) of `mode` 'patrolmap' or 'explore': hover, click and
    (patrolmap) redraw times in ms, medians of `runs`, plus the raw values."""
    out: dict = {"mode": mode}
    point = page.evaluate(ROUTE_POINT_JS, mode)
    if point is None:
        out["error"] = "no route point found in view"
        return out
    out["point"] = point
    hovers, clicks = [], []
    for _ in range(runs):
        page.evaluate(CLEAR_JS)
        page.mouse.move(3, point[1])  # off the route, at the map's left edge
        page.wait_for_timeout(50)
        page.evaluate(ARM_JS, ["mousemove", ".leaflet-tooltip"])
        page.mouse.move(point[0], point[1])
        hovers.append(page.evaluate("() => window.__answer"))
        if mode == "patrolmap":
            page.evaluate(ARM_JS, ["click", ".leaflet-popup"])
            page.mouse.click(point[0], point[1])
            clicks.append(page.evaluate("() => window.__answer"))
    out["hover_ms"], out["hovers"] = _median(hovers), hovers
    if mode == "patrolmap":
        out["click_ms"], out["clicks"] = _median(clicks), clicks
        page.evaluate(CLEAR_JS)
        redraws = page.evaluate(REDRAW_JS, runs)
        out["redraw_ms"], out["pan_ms"] = _median(redraws["redraw"]), _median(redraws["pan"])
        out["redraws"], out["pans"] = redraws["redraw"], redraws["pan"]
    return out


def interaction_table(rows: list[tuple[str, dict, dict]]) -> str:
    """Markdown: one row per (size, patrolmap's measures, explore's)."""
    columns = [
        "size",
        f"hover ms (≤ {FRAME_BUDGET_MS})",
        "explore hover ms",
        f"click ms (≤ {FRAME_BUDGET_MS})",
        f"redraw ms (≤ {REDRAW_BUDGET_MS})",
        f"pan 200 px ms (≤ {REDRAW_BUDGET_MS})",
        "answered",
    ]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    for size, ours, theirs in rows:
        cells = [
            size,
            _ms(ours.get("hover_ms")),
            _ms(theirs.get("hover_ms")),
            _ms(ours.get("click_ms")),
            _ms(ours.get("redraw_ms")),
            _ms(ours.get("pan_ms")),
            _answered(ours, theirs),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _answered(*measures: dict) -> str:
    """How many hovers and clicks got their tooltip or popup, of those tried (a miss is not in
    the medians)."""
    tries = [v for m in measures for key in ("hovers", "clicks") for v in m.get(key, [])]
    return f"{sum(v is not None for v in tries)}/{len(tries)}"


def _ms(value) -> str:
    return "–" if value is None else f"{value:.1f}"


def open_drawn(browser, html: Path, mode: str, route=None):
    """A fresh 1400x900 context with `html` open and drawn; returns (context, page)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    if route is not None:
        context.route("http*://**/*", route)
    page = context.new_page()
    page.goto(html.resolve().as_uri(), wait_until="load", timeout=240_000)
    if mode == "patrolmap":
        page.wait_for_function("() => (window.patrolmaps || []).length > 0", timeout=240_000)
    else:
        page.wait_for_function(
            "() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
            timeout=240_000,
        )
    page.wait_for_timeout(200)
    return context, page


def measure_pages(browser, pages: dict[str, Path | None], route=None, runs: int = 5) -> dict:
    """`measure_interaction` on each drawn page of {mode: path}; a failure is reported, not raised."""
    results: dict = {}
    for mode, html in pages.items():
        if html is None or not html.is_file():
            continue
        try:
            context, page = open_drawn(browser, html, mode, route)
        except Exception as exc:  # a timeout or a crashed page: report it, keep benchmarking
            results[mode] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
            continue
        try:
            results[mode] = measure_interaction(page, mode, runs)
        except Exception as exc:
            results[mode] = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}
        finally:
            context.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path)
    parser.add_argument("--explore", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import Chromium, _serve_leaflet_or_abort

    chromium = Chromium()
    try:
        pages = {"patrolmap": args.page, "explore": args.explore}
        results = measure_pages(chromium.browser, pages, _serve_leaflet_or_abort, args.runs)
    finally:
        chromium.close()
    print(json.dumps(results, indent=1))
    print(
        interaction_table(
            [(args.page.stem, results.get("patrolmap", {}), results.get("explore", {}))]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
