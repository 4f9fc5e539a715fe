"""'Did you mean ...?' hints for misspelt ids and keys, in time linear in the number of names.

Comparing a misspelling against every known name (difflib.get_close_matches) is quadratic over a
catalogue: 10,000 unknown references against 10,000 ids took hours. Instead each known name is
indexed under every string one deletion away from it; two names within one edit (an insertion,
deletion, substitution or swap of neighbours) share such a string. A lookup is then a few dictionary
probes, and at most MAX_CANDIDATES names are ever compared in full.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_NAME = 100  # longer names are not indexed (ids are at most 100 characters)
MAX_CANDIDATES = 20  # names compared in full for one hint


class Suggester:
    """A set of known names that can suggest the closest one to a misspelling."""

    def __init__(self, names: Iterable[str]):
        self.names: set[str] = set(names)
        self._by_variant: dict[str, list[str]] = {}
        for name in self.names:
            if len(name) <= MAX_NAME:
                for variant in _variants(name):
                    self._by_variant.setdefault(variant, []).append(name)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def closest(self, name: str) -> str | None:
        """The known name closest to `name` within one edit, or None."""
        if len(name) > MAX_NAME + 1:
            return None
        candidates: set[str] = set()
        for variant in _variants(name):
            candidates.update(self._by_variant.get(variant, ())[:MAX_CANDIDATES])
            if len(candidates) >= MAX_CANDIDATES:
                break
        if not candidates:
            return None
        # Ties go to the alphabetically first name, so the hint is the same on every run.
        return max(sorted(candidates), key=lambda c: difflib.SequenceMatcher(None, name, c).ratio())

    def hint(self, name: str) -> str:
        """'; did you mean 'x'?' for a close known name, else ''."""
        match = self.closest(name)
        return f"; did you mean {match!r}?" if match else ""


def _variants(name: str) -> set[str]:
    """`name` and every string one deletion away from it."""
    return {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}
