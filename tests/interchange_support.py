"""Helpers shared by the interchange tests (tests/interchange)."""

from __future__ import annotations


def touched_reference_ids(joined) -> set[str]:
    """Ids of the reference features the joined routes enter, cross or come near."""
    ids: set[str] = set()
    for facts in joined.facts.values():
        ids |= set(facts.adiz) | set(facts.seas) | set(facts.straits) | set(facts.closest_km)
    return ids
