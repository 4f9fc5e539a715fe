"""The map being drawn: what has been drawn, and what labels and furniture must keep clear of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from patrolmap.catalog.model import Catalog
from patrolmap.figure.projection import MapFrame
from patrolmap.scene.model import Scene

if TYPE_CHECKING:
    from matplotlib.axes import Axes


Z = {"land": 1, "grid": 1.5, "adiz": 2, "strait": 3, "corridor": 3.5, "route": 4, "arrow": 4.5}


Z.update(place=5, marker=6, label=7, furniture=8)


# A label over another place's dot misleads more than one crossing a line: a dot counts as this
# many line points when spots are compared.
DOT_WEIGHT = 40.0


@dataclass
class Label:
    """A label to place: tried at each anchor with each offset until one spot is clear."""

    text: str
    anchors: list[tuple[float, float]]
    priority: int  # 0 always shown; larger numbers give way
    style: dict
    offsets: tuple = ()
    may_cross_routes: bool = True
    gap: float = 1.0  # how far from its point, relative to a small place dot


@dataclass
class Sheet:
    """The map being drawn, and what furniture and labels must work around."""

    ax: Axes
    frame: MapFrame
    scene: Scene
    scale: float
    side_labels: bool = True  # graticule labels on the frame's sides
    right_labels: bool = True  # latitudes on the right side as well as the left
    labels: list[Label] = field(default_factory=list)
    obstacles: list[np.ndarray] = field(default_factory=list)  # rows of projected x, y, weight

    @property
    def catalog(self) -> Catalog:
        return self.scene.catalog

    def block(self, xy: np.ndarray, weight: float = 1.0) -> None:
        """Ask labels and furniture to keep clear of these projected points."""
        self.obstacles.append(np.column_stack([xy, np.full(len(xy), weight)]))


def agg(figure: Any) -> Any:
    """The figure's Agg canvas (draw_figure always attaches one), typed for its renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return cast(FigureCanvasAgg, figure.canvas)
