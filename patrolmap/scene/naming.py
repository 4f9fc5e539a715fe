"""The naming policy: which name a sea, strait, island or place is shown by, in which language.

Names are disputed here (Sea of Japan / East Sea, Takeshima / Dokdo, Senkaku / Diaoyu). A catalogue
feature may carry `names` (its usual name in each of LANGUAGES) and, where another party calls it
something else, `disputed_names` (that other name, written in each language). The policy:

- ``neutral`` (the default): the name in the chosen language, then the disputed name in
  parentheses: "Sea of Japan (East Sea)", "Takeshima (Dokdo)", "日本海（東海）", "독도 (다케시마)".
- ``local``: the chosen language's own usage alone: 日本海 in Japanese, 동해 in Korean.

A language a feature has no name in falls back to English, then to the feature's `name`; the
disputed name is shown only where it is written in the chosen language. Every
output (map labels, tooltips, popups, legends, figures) asks this module, so they cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from patrolmap.catalog.model import NAME_LANGUAGES as LANGUAGES

POLICIES = ("neutral", "local")
# CJK text sets the second name in full-width parentheses, as those languages write them.
_PARENS = {"ja": ("（", "）"), "zh": ("（", "）")}


@dataclass(frozen=True)
class Naming:
    """A label language and a naming policy; `name()` applies them to one feature."""

    language: str = "en"
    policy: str = "neutral"

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(
                f"unknown language {self.language!r}; use one of {', '.join(LANGUAGES)}"
            )
        if self.policy not in POLICIES:
            raise ValueError(f"unknown naming {self.policy!r}; use one of {', '.join(POLICIES)}")

    def name(self, fallback: str, names: dict | None = None, disputed: dict | None = None) -> str:
        """The name to show for a feature called `fallback` in the catalogue."""
        own = _pick(names, self.language) or fallback
        # No English fallback for the second name: it would mix scripts inside one label.
        other = _pick(disputed, self.language, fallback=False) if names else None
        if self.policy == "local" or not other or other == own:
            return own
        left, right = _PARENS.get(self.language, (" (", ")"))
        return f"{own}{left}{other}{right}"

    def of(self, feature) -> str:
        """The name of anything with `name`, `names` and `disputed_names` (a catalogue row, a
        territory place)."""
        return self.name(feature.name, feature.names, feature.disputed_names)


def _pick(names: dict | None, language: str, *, fallback: bool = True) -> str | None:
    if not isinstance(names, dict):
        return None
    return names.get(language) or (names.get("en") if fallback else None)


DEFAULT_NAMING = Naming()
# A catalogue name's qualifier: "Japan ADIZ (JADIZ)" -> "Japan ADIZ";
# "Canadian ADIZ (CADIZ): Pacific part" -> "Canadian ADIZ".
_QUALIFIER = re.compile(r"\s*(?:\(.*?\)|:.*)$")


def area_names(catalog, naming: Naming = DEFAULT_NAMING, *, short: bool = False) -> dict[str, str]:
    """Map every reference feature id (ADIZ, sea, strait, place) to its name under `naming`.

    `short` names for lists and sentences: a catalogue name shown for want of a per-language
    name loses its qualifier. The policy's own names keep theirs: "(East Sea)" is the policy."""
    out: dict[str, str] = {}
    for layer in ("adiz", "seas", "straits", "places"):
        for row in catalog.layers[layer].itertuples():
            fallback = (_QUALIFIER.sub("", row.name) or row.name) if short else row.name
            out[row.id] = naming.name(fallback, row.names, row.disputed_names)
    return out


def describe_approach(approach, naming: Naming = DEFAULT_NAMING) -> str:
    """A territory approach (territory.Approach) in words, its place named under `naming`."""
    return approach.describe(naming.of(approach.place) if approach.place else None)
