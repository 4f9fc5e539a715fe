"""How long the all-events figure takes, and how its footer layout grows with the number of outlets.

    python benchmarks/figure_time.py                 # bundled catalogue, 3 runs
    python benchmarks/figure_time.py --runs 1 --outlets 10,100,400

Prints CPU seconds (time.process_time, so other work on the machine counts less): drawing the
all-events figure and saving it as PNG, the share of that spent laying out the title and footer,
and the footer layout alone for synthetic source lists of growing length. Numbers, not a test:
benchmarks/README.md records a run before and after a change.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def all_events_figure() -> tuple[float, float]:
    """CPU seconds for the all-events figure as PNG, and for its Layout.fit (title and footer)."""
    from patrolmap.catalog import load_catalog
    from patrolmap.figure import draw_figure
    from patrolmap.figure import layout as layout_module

    catalog = load_catalog()
    spent = [0.0]
    fit = layout_module.Layout.fit.__func__  # type: ignore[attr-defined]

    def timed_fit(cls, *args, **kwargs):
        start = time.process_time()
        try:
            return fit(cls, *args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    layout_module.Layout.fit = classmethod(timed_fit)  # type: ignore[method-assign,assignment]
    try:
        total = cpu(lambda: draw_figure(catalog).savefig(io.BytesIO(), format="png", dpi=200))
    finally:
        layout_module.Layout.fit = classmethod(fit)  # type: ignore[method-assign,assignment]
    return total, spent[0]


def footer_only(outlets: int) -> float:
    """CPU seconds to lay out a footer citing `outlets` distinct outlets on a 10 × 7.5 in figure."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from patrolmap.figure.layout import FOOTER_PT, Wrapper, _footer
    from patrolmap.scene.text import CAVEAT

    scene = SimpleNamespace(
        outlets=[f"Outlet number {i} News Agency" for i in range(outlets)],
        joined=SimpleNamespace(facts={}),
        caveat=CAVEAT,
    )
    fig = Figure(figsize=(10, 7.5), dpi=100)
    FigureCanvasAgg(fig)
    wrap = Wrapper(fig, 9.13)
    return cpu(lambda: _footer(scene, lambda text: wrap(text, FOOTER_PT)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--outlets", default="10,50,100,200,400")
    args = parser.parse_args()
    runs = [all_events_figure() for _ in range(args.runs)]
    total = statistics.median(r[0] for r in runs)
    layout = statistics.median(r[1] for r in runs)
    print(f"all-events figure (PNG, 200 dpi): {total:.2f} s CPU, median of {args.runs}")
    print(f"  of which title and footer layout: {layout:.2f} s ({100 * layout / total:.0f}%)")
    print("footer layout alone, by number of outlets cited:")
    for n in (int(v) for v in args.outlets.split(",")):
        print(f"  {n:5d} outlets: {footer_only(n):.3f} s CPU")


if __name__ == "__main__":
    main()
