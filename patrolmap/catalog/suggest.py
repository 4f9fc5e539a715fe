"""'Did you mean ...?' hints for misspelt ids and keys, in time linear in the number of names.

Comparing a misspelling against every known name (difflib.get_close_matches) is quadratic over a
catalogue: 10,000 unknown references against 10,000 ids took hours. Instead each known name is
indexed under every string one deletion away from it, so the names one edit away from a misspelling
(a letter missing, extra, changed, or two neighbours swapped) are found with a few dictionary probes
per letter. Each probe reads at most MAX_SCAN names, so the work per hint is bounded whatever the
catalogue holds.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

MAX_NAME = 100  # longer names are neither indexed nor looked up (ids are at most 100 characters)
MAX_SCAN = 50  # names read per dictionary probe


class Suggester:
    """A set of known names that can suggest one a single edit away from a misspelling."""

    def __init__(self, names: Iterable[str]):
        self.names: set[str] = set(names)
        self._index: dict[str, list[tuple[str, int]]] | None = None

    @property
    def _by_deletion(self) -> dict[str, list[tuple[str, int]]]:
        """deletion -> [(name, position deleted)], names in sorted order so hints never vary.

        Built on the first hint, not up front: a valid catalogue asks for none, and indexing
        every deletion of 20,000 leg ids took 10 s at 10,000 events.
        """
        if self._index is None:
            self._index = {}
            for name in sorted(n for n in self.names if len(n) <= MAX_NAME):
                for deleted, position in _deletions(name):
                    self._index.setdefault(deleted, []).append((name, position))
        return self._index

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def closest(self, name: str) -> str | None:
        """The most similar known name one edit away from `name`, or None."""
        if len(name) > MAX_NAME + 1:
            return None
        found = {known for known, _ in self._by_deletion.get(name, ())[:MAX_SCAN]}  # one missing
        for deleted, i in _deletions(name):
            if deleted in self.names:  # one letter too many
                found.add(deleted)
            for known, j in self._by_deletion.get(deleted, ())[:MAX_SCAN]:
                # Deleted at the same place: one letter changed. At neighbouring places and the
                # removed letters equal: two letters swapped.
                if j == i or (abs(j - i) == 1 and name[i] == known[j]):
                    found.add(known)
        if not found:
            return None
        return max(sorted(found), key=lambda k: difflib.SequenceMatcher(None, name, k).ratio())

    def hint(self, name: str) -> str:
        """'; did you mean 'x'?' for a close known name, else ''."""
        match = self.closest(name)
        return f"; did you mean {match!r}?" if match else ""


def _deletions(name: str) -> list[tuple[str, int]]:
    return [(name[:i] + name[i + 1 :], i) for i in range(len(name))]
