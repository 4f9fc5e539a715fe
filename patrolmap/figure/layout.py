"""Where the title, map and footer go on the sheet, and the words in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from patrolmap.catalog.model import COUNTRY_NAMES, Catalog, Event
from patrolmap.figure.sheet import agg
from patrolmap.render.layers import DEFAULT_TITLE

if TYPE_CHECKING:
    from matplotlib.figure import Figure


TITLE_PT, SUBTITLE_PT, FOOTER_PT = 13.0, 8.5, 6.5  # at 10 × 7.5 in; scaled with the figure


KIND_NAMES = {
    "joint-air-patrol": "joint air patrol",
    "air-activity": "air activity",
    "naval-transit": "naval transit",
}


@dataclass(frozen=True)
class Layout:
    """Where the title, map and footer go, in figure fractions; sizes scale with the figure."""

    width: float
    height: float
    scale: float
    title: str
    subtitle: str
    footer: str
    map_rect: tuple[float, float, float, float]

    @property
    def map_aspect(self) -> float:
        return (self.map_rect[2] * self.width) / (self.map_rect[3] * self.height)

    @classmethod
    def fit(cls, fig: Figure, catalog: Catalog, title: str | None) -> Layout:
        width, height = (float(v) for v in fig.get_size_inches())
        scale = min(max(min(width / 10.0, height / 7.5), 0.5), 2.0)
        left, right = 0.62 * scale, 0.25 * scale
        wrap = _Wrapper(fig, width - left - right)
        head, sub = _titles(catalog, title)
        head = wrap(head, TITLE_PT * scale, bold=True)
        sub = wrap(sub, SUBTITLE_PT * scale)
        foot = _footer(catalog, lambda text: wrap(text, FOOTER_PT * scale))
        top = lines_in(head, TITLE_PT * scale) + lines_in(sub, SUBTITLE_PT * scale) + 0.3 * scale
        bottom = 0.42 * scale + lines_in(foot, FOOTER_PT * scale)
        rect = (
            left / width,
            bottom / height,
            max(width - left - right, 0.5) / width,
            max(height - top - bottom, 0.5) / height,
        )
        return cls(width, height, scale, head, sub, foot, rect)


class _Wrapper:
    """Word-wraps text to a width in inches, measuring each distinct word once with the figure's
    own renderer. A line's width is the sum of its words and spaces: measuring every trial line
    instead made wrapping quadratic in the text's length, and the footer is wrapped many times."""

    def __init__(self, fig: Figure, width_in: float):
        self.renderer = agg(fig).get_renderer()
        self.width_px = width_in * fig.dpi
        self._widths: dict[tuple[str, float, bool], float] = {}

    def __call__(self, text: str, size_pt: float, *, bold: bool = False) -> str:
        return "\n".join(" ".join(line) for line in self.lines(text.split(), size_pt, bold=bold))

    def lines(self, words: list[str], size_pt: float, *, bold: bool = False) -> list[list[str]]:
        """`words` filled greedily into lines no wider than the wrap width."""
        space = self.width("x x", size_pt, bold) - 2 * self.width("x", size_pt, bold)
        lines: list[list[str]] = []
        used = 0.0
        for word in words:
            width = self.width(word, size_pt, bold)
            if lines and used + space + width <= self.width_px:
                lines[-1].append(word)
                used += space + width
            else:
                lines.append([word])
                used = width
        return lines

    def width(self, text: str, size_pt: float, bold: bool = False) -> float:
        key = (text, size_pt, bold)
        if key not in self._widths:
            from matplotlib.font_manager import FontProperties

            font = FontProperties(size=size_pt, weight="bold" if bold else "normal")
            self._widths[key] = self.renderer.get_text_width_height_descent(
                text, font, ismath=False
            )[0]
        return self._widths[key]


def lines_in(text: str, size_pt: float) -> float:
    """Height in inches of `text` set at `size_pt` with matplotlib's default line spacing."""
    return (text.count("\n") + 1) * size_pt * 1.25 / 72 if text else 0.0


def figure_title(catalog: Catalog, title: str | None) -> str:
    """The heading a figure of `catalog` gets (also its title in the file's metadata)."""
    return _titles(catalog, title)[0]


def _titles(catalog: Catalog, title: str | None) -> tuple[str, str]:
    """The heading and the line under it: the event's own title and dates unless `title` is given."""
    events = sorted(catalog.events, key=lambda e: (e.start, e.id))
    if not events:
        return title or DEFAULT_TITLE, "Reference geography: ADIZs, strait gate lines and places"
    if len(events) == 1:
        event = events[0]
        auto, sub = event.title, " · ".join([_event_line(event), *_crews(event)])
    else:
        joined = " / ".join(e.title for e in events)
        auto = joined if len(events) <= 3 and len(joined) <= 110 else DEFAULT_TITLE
        first, last = events[0].start, max(e.end for e in events)
        sub = f"{len(events)} events, {first.isoformat()} to {last.isoformat()}"
    routed = set(catalog.routes["event"])
    missing = sum(e.id not in routed for e in events)
    if missing:
        sub += " · no route mapped" if len(events) == 1 else f" · {missing} without a mapped route"
    return title or auto, sub


def _event_line(event: Event) -> str:
    number = f" no. {event.patrol_number}" if event.patrol_number else ""
    return f"{event.date_label()} · {KIND_NAMES.get(event.kind, event.kind)}{number}"


def _crews(event: Event) -> list[str]:
    out = []
    for country in event.countries:
        craft = ", ".join(p.label() for p in event.participants if p.country == country)
        out.append(f"{COUNTRY_NAMES.get(country, country)}: {craft}")
    return out


FOOTER_LINES = 3  # the source list gives way to "and N more" past this many footer lines


def _footer(catalog: Catalog, wrap) -> str:
    """Sources (as many outlets as fit in three lines with the caveats) and the standing caveats.

    How many outlets fit is found by bisection; each try only adds up word widths measured once,
    so the cost grows with the number of outlets, not with its square (benchmarks/figure_time.py).
    """
    outlets = list(
        dict.fromkeys(
            catalog.sources[sid].outlet
            for event in catalog.events
            for sid in event.sources
            if sid in catalog.sources
        )
    )
    tail = (
        _territory_note(catalog) + "Routes are approximate reconstructions from published reports. "
        "Land: Natural Earth (public domain). Made with patrolmap."
    )

    def text(shown: int) -> str:
        more = len(outlets) - shown
        listed = "; ".join(outlets[:shown]) + (f"; and {more} more" if more else "")
        return f"Sources: {listed}. {tail}"

    def fits(shown: int) -> bool:
        return wrap(text(shown)).count("\n") < FOOTER_LINES

    if not outlets:
        return wrap(tail)
    lo, hi = 1, len(outlets)  # the largest count that fits; one outlet is shown whatever happens
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    return wrap(text(lo))


def _territory_note(catalog: Catalog) -> str:
    """How close the drawn routes come to the nearest foreign states (the join's fact), or ""."""
    from patrolmap.join import join_catalog

    nearest: dict[str, Any] = {}
    for facts in join_catalog(catalog).facts.values():
        for approach in facts.territory:
            if approach.state not in nearest or approach.km < nearest[approach.state].km:
                nearest[approach.state] = approach
    closest = sorted(nearest.values(), key=lambda a: a.km)[:2]
    if not closest:
        return ""
    return "Foreign territory, as drawn: routes " + "; ".join(a.describe() for a in closest) + ". "


def draw_titles(fig: Figure, layout: Layout) -> None:
    scale, left = layout.scale, layout.map_rect[0]
    # parse_math off: a "$" in catalogue text is a dollar sign, not the start of mathtext.
    plain: dict[str, Any] = {"parse_math": False, "va": "top"}
    top = 1 - 0.15 * scale / layout.height
    fig.text(left, top, layout.title, fontsize=TITLE_PT * scale, fontweight="bold", **plain)
    below = top - (lines_in(layout.title, TITLE_PT * scale) + 0.03 * scale) / layout.height
    fig.text(left, below, layout.subtitle, fontsize=SUBTITLE_PT * scale, color="#455a64", **plain)
    foot: dict[str, Any] = {
        **plain,
        "va": "bottom",
        "fontsize": FOOTER_PT * scale,
        "color": "#546e7a",
    }
    fig.text(left, 0.1 * scale / layout.height, layout.footer, **foot)
