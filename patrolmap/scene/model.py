"""What a scene holds: plain data in the Pacific frame that both renderers draw without deciding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from patrolmap.join import JoinResult
from patrolmap.scene.naming import Naming
from patrolmap.scene.words import Words


@dataclass(frozen=True)
class Feature:
    """One thing to draw: a catalogue feature (or a derived shape) with its semantic role."""

    id: str
    role: str  # a key of scene.style.STYLES
    geometry: Any  # shapely, lon/lat in the Pacific frame
    name: str = ""  # as the naming policy shows it
    in_view: bool = True  # inside the selection's view: drawn in figures, listed in legends


@dataclass(frozen=True)
class Layer:
    id: str
    label: str
    features: tuple[Feature, ...]


@dataclass(frozen=True)
class LegendItem:
    """A legend row: a swatch (drawn from `role`'s style, as `key` says) and its words."""

    role: str
    key: str  # line, dash, arrow, corridor, marker, area, gate, dot
    label: str


@dataclass(frozen=True)
class Label:
    """A name to show on the map at lon/lat. Lower `priority` wins a collision; the page shows it
    from `min_zoom` on (never when negative: figures only); a figure shows it when it fits, trying
    `alternatives` (other lon/lat anchors) when lon/lat is out of its frame or crowded."""

    text: str
    kind: str  # sea, strait, country, island, place, date
    lon: float
    lat: float
    priority: int
    min_zoom: int = 0
    colour: str = ""
    alternatives: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Arrow:
    """A direction arrow at lon/lat pointing towards ahead_lon/ahead_lat (a point just ahead on the
    leg): each renderer projects both points, so the arrow follows the line as that renderer draws it."""

    lon: float
    lat: float
    ahead_lon: float
    ahead_lat: float


@dataclass(frozen=True)
class Corridor:
    """The soft band around a leg whose route is only approximately known."""

    route_id: str
    role: str
    km: float  # how far from the leg the route may have run
    confidence: str
    line: (
        Any  # the leg, lon/lat in the Pacific frame; the figure's outline: corridors.corridor_bands
    )


@dataclass(frozen=True)
class Variant:
    """Another source's version of some legs of an event's route (scene/variants.py)."""

    id: str
    event_id: str
    role: str  # variant-RU, variant-CN, ...: a key of scene.style.STYLES
    geometry: Any
    name: str
    of: tuple[str, ...]  # the route legs it is a version of
    sources: tuple[str, ...]  # the sources that give it
    outlets: tuple[str, ...]  # their outlets, each once: what attribution names


@dataclass(frozen=True)
class Scene:
    joined: JoinResult
    naming: Naming
    title: str
    subtitle: str
    caveat: str
    focus: Any  # array of lon/lat shapes the view must hold
    bounds: tuple[float, float, float, float]  # west, south, east, north of the focus
    view: tuple[float, float, float, float]  # the focus grown to a readable span: what is "in view"
    reference: tuple[Layer, ...]
    leg_roles: dict[str, str]  # route id -> role
    arrows: dict[str, tuple[Arrow, ...]]  # route id -> arrows
    corridors: tuple[Corridor, ...]
    labels: tuple[Label, ...]
    legend: tuple[LegendItem, ...]
    outlets: tuple[str, ...] = field(default=())  # sources cited, in order, for figure footers
    variants: tuple[Variant, ...] = ()  # other sources' versions of route legs, drawn apart

    @property
    def catalog(self):
        return self.joined.catalog

    @property
    def words(self) -> Words:
        """The interface's words in the label language (`--names`)."""
        return Words(self.naming.language)

    def layer(self, layer_id: str) -> Layer:
        return next(layer for layer in self.reference if layer.id == layer_id)
