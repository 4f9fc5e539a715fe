"""Where the title, map and footer go on the sheet, and the words in them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from patrolmap.figure.sheet import agg
from patrolmap.join import JoinResult
from patrolmap.scene.model import Scene
from patrolmap.scene.naming import DEFAULT_NAMING, Naming, describe_approach

if TYPE_CHECKING:
    from matplotlib.figure import Figure


TITLE_PT, SUBTITLE_PT, FOOTER_PT = 13.0, 8.5, 6.5  # at 10 × 7.5 in; scaled with the figure


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
    def fit(cls, fig: Figure, scene: Scene, *, right_labels: bool = True) -> Layout:
        """Lay out `fig`; `right_labels` keeps a margin for latitude labels on the right side."""
        width, height = (float(v) for v in fig.get_size_inches())
        scale = min(max(min(width / 10.0, height / 7.5), 0.5), 2.0)
        left, right = 0.62 * scale, (0.55 if right_labels else 0.25) * scale
        wrap = Wrapper(fig, width - left - right)
        head = wrap(scene.title, TITLE_PT * scale, bold=True)
        sub = wrap(scene.subtitle, SUBTITLE_PT * scale)
        foot = _footer(scene, lambda text: wrap(text, FOOTER_PT * scale))
        top = lines_in(head, TITLE_PT * scale) + lines_in(sub, SUBTITLE_PT * scale) + 0.3 * scale
        bottom = 0.42 * scale + lines_in(foot, FOOTER_PT * scale)
        rect = (
            left / width,
            bottom / height,
            max(width - left - right, 0.5) / width,
            max(height - top - bottom, 0.5) / height,
        )
        return cls(width, height, scale, head, sub, foot, rect)


class Wrapper:
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


FOOTER_LINES = 3  # the source list gives way to "and N more" past this many footer lines


def _footer(scene: Scene, wrap) -> str:
    """Sources (as many outlets as fit in three lines with the caveats) and the standing caveats.

    How many outlets fit is found by bisection; each try only adds up word widths measured once,
    so the cost grows with the number of outlets, not with its square (benchmarks/figure_time.py).
    """
    outlets = list(scene.outlets)
    words = scene.words  # the footer's own words in the label language (scene/words.py)
    tail = (
        f"{_territory_note(scene.joined, scene.naming)}{scene.caveat} "
        f"{words['land_credit']}{words['full_stop']} {words['made_with']}"
    )

    def text(shown: int) -> str:
        more = len(outlets) - shown
        listed = "; ".join(outlets[:shown]) + (
            f"; {words.format('and_more', n=more)}" if more else ""
        )
        return f"{words.format('footer_sources', outlets=listed)} {tail}"

    def fits(shown: int) -> bool:
        return wrap(text(shown)).count("\n") < FOOTER_LINES

    if not outlets:
        return wrap(tail)
    lo, hi = 1, len(outlets)  # the largest count that fits; one outlet is shown whatever happens
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid - 1)
    return wrap(text(lo))


def _territory_note(joined: JoinResult, naming: Naming = DEFAULT_NAMING) -> str:
    """How close the drawn routes come to the nearest foreign states (the join's fact), or ""."""
    nearest: dict[str, Any] = {}
    for facts in joined.facts.values():
        for approach in facts.territory:
            if approach.state not in nearest or approach.km < nearest[approach.state].km:
                nearest[approach.state] = approach
    closest = sorted(nearest.values(), key=lambda a: a.km)[:2]
    if not closest:
        return ""
    described = "; ".join(describe_approach(a, naming) for a in closest)
    return f"Foreign territory, as drawn: routes {described}. "


def draw_titles(fig: Figure, layout: Layout) -> None:
    scale, left = layout.scale, layout.map_rect[0]
    # parse_math off: a "$" in catalogue text is a dollar sign, not the start of mathtext.
    plain: dict[str, Any] = {"parse_math": False, "va": "top"}
    top = 1 - 0.15 * scale / layout.height
    fig.text(
        left, top, layout.title, fontsize=TITLE_PT * scale, fontweight="bold", gid="title", **plain
    )
    below = top - (lines_in(layout.title, TITLE_PT * scale) + 0.03 * scale) / layout.height
    fig.text(
        left,
        below,
        layout.subtitle,
        fontsize=SUBTITLE_PT * scale,
        color="#455a64",
        gid="subtitle",
        **plain,
    )
    foot: dict[str, Any] = {
        **plain,
        "va": "bottom",
        "fontsize": FOOTER_PT * scale,
        "color": "#546e7a",
    }
    fig.text(left, 0.1 * scale / layout.height, layout.footer, gid="footer", **foot)
