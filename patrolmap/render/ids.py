"""Deterministic branca/folium element ids, so the same map renders to the same bytes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from branca.element import Element

# branca gives every element `hexlify(urandom(16))` as its id, so two renders of one map differ in
# every variable name. branca 0.8.2 (PR #203) routes this through the classmethod
# `Element._generate_id`; we swap it for a counter while a map is built and saved. Ids then follow
# creation order, so callers must add elements in a sorted, deterministic order.
# (folium.utilities.deep_copy, used only by plugins.DualMap, takes uuid4 ids: not covered.)

WIDTH = 6  # map_000001 ...

# A stack: a nested block counts from 1 on its own, then the outer block resumes where it was.
_counters: list[tuple[str, Iterator[int]]] = []
_original = Element.__dict__["_generate_id"]


def _next_id(cls: type) -> str:
    """Return the next id of the innermost active block."""
    prefix, counter = _counters[-1]
    return f"{prefix}{next(counter):0{WIDTH}d}"


@contextmanager
def deterministic_ids(prefix: str = "") -> Iterator[None]:
    """Number new elements 000001, 000002, ... inside the block; restore random ids afterwards.

    A `prefix` keeps the ids of a later block (e.g. elements folium creates while rendering)
    apart from those of the block that built the map.
    """
    _counters.append((prefix, itertools.count(1)))
    if len(_counters) == 1:
        setattr(Element, "_generate_id", classmethod(_next_id))  # noqa: B010 (a method swap)
    try:
        yield
    finally:
        _counters.pop()
        if not _counters:
            setattr(Element, "_generate_id", _original)  # noqa: B010
