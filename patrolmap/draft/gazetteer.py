"""Where: the catalogue's seas, straits, ADIZs and places found by their names and aliases.

The catalogue is the gazetteer, in every script it carries. Matching rules per script:
Latin names match as whole words; Japanese and Chinese names match anywhere (no spaces to
anchor on); Korean names must stand alone or take a particle (동해에서, 동해 상공), so 동해 does not
fire inside 동해안 (the east coast) or 동해시 (Donghae city).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from patrolmap.draft.evidence import Span

# Particles and suffixes a Korean place noun takes; anything else after it makes a different word.
_KOREAN_PARTICLES = (
    "에서", "에", "의", "을", "를", "으로", "로", "와", "과", "는", "은", "이", "가", "도",
    "까지", "부터", "상공", "상", "쪽", "방면", "해상", " ",
)  # fmt: skip
_ADIZ_WORDS = r"(?:air[- ]defen[cs]e identification (?:zone|area)|air[- ]defen[cs]e zone|ADIZ)"
# How reporters name an ADIZ by its operator: "South Korea's air defence zone", "the Alaskan ADIZ".
_OPERATOR_WORDS = {
    "JP": r"Japan(?:ese|'s|’s)?",
    "KR": r"(?:South )?Korea(?:n|'s|’s)?",
    "US": r"Alaska(?:n)?|Alaska's|Alaska’s",
    "CA": r"Canad(?:a|ian|a's|a’s)",
    "CN": r"China(?:'s|’s)?|Chinese",
}
_NOT_PLACES = {
    "Japan", "Korea", "South Korea", "North Korea", "Russia", "China", "Canada", "Alaska",
    "United States", "Seoul", "Tokyo", "Beijing", "Moscow", "Washington", "Ottawa", "Pacific",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "The",
}  # fmt: skip
_GEO_SUFFIX = (
    r"(?:Island|Islands|Isles|Peninsula|Strait|Sea|Ocean|Bay|Gulf|Cape|Channel|Prefecture)"
)
# A place is a capitalised name after a word of position ("off Sado Island", "near Okinawa"), or
# any capitalised name ending in a geographic word ("the Izu Islands").
_FREE_PLACE = re.compile(
    r"\b(?:near|off|around|toward|towards|past|approaching|over)\s+(?:the\s+)?"
    r"(?P<name>(?:(?:north|south|east|west)(?:ern)?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2})|"
    rf"(?P<geo>(?:[A-Z][a-z'’-]+\s+){{1,3}}{_GEO_SUFFIX})\b"
)
_FREE_PLACE_CJK = re.compile(
    r"[\u4e00-\u9fff\u30a0-\u30ff]{1,6}(?:諸島|半島|島|海峡)|[가-힣]{1,6}(?:반도|섬|열도|해협)"
)


@dataclass(frozen=True)
class Entry:
    id: str
    names: tuple[str, ...]
    operator: str | None = None  # for an ADIZ: whose zone it is


@dataclass(frozen=True)
class Hit:
    id: str
    span: Span


class Gazetteer:
    def __init__(self, entries: Iterable[Entry]):
        self.entries = tuple(entries)
        self._patterns: list[tuple[str, re.Pattern]] = []
        for entry in self.entries:
            for name in sorted({v for n in entry.names for v in name_variants(n)}):
                self._patterns.append((entry.id, _name_pattern(name)))
            if entry.operator in _OPERATOR_WORDS:
                words = _OPERATOR_WORDS[entry.operator]
                self._patterns.append(
                    (entry.id, re.compile(rf"\b(?P<name>(?:{words})\s+{_ADIZ_WORDS})", re.I))
                )

    @classmethod
    def from_catalog(cls, catalog) -> Gazetteer:
        entries = []
        for layer in ("adiz", "seas", "straits", "places"):
            frame = catalog.layers[layer]
            for row in frame.itertuples():
                aliases = row.aliases if isinstance(row.aliases, (list, tuple)) else ()
                # Each language's own name too (독도, 울릉도, 日本海): reports in Korean or
                # Japanese name places that way. Disputed names are left out: 東海 in a
                # Japanese report is far likelier a region or a university than the sea.
                names = row.names if isinstance(row.names, dict) else {}
                operator = getattr(row, "operator", None)
                entries.append(
                    Entry(
                        row.id,
                        tuple(dict.fromkeys((row.name, *aliases, *names.values()))),
                        operator if isinstance(operator, str) else None,
                    )
                )
        return cls(entries)

    def find(self, text: str) -> list[Hit]:
        """Every catalogue area named in the text; where names overlap the longest wins."""
        hits = [
            Hit(area_id, Span.of(text, m.start("name"), m.end("name")))
            for area_id, pattern in self._patterns
            for m in pattern.finditer(text)
            if _korean_word_ends(text, m.end("name"), m.group("name"))
        ]
        hits.sort(key=lambda h: (-(h.span.end - h.span.start), h.span.start))
        kept: list[Hit] = []
        for hit in hits:
            if not any(h.span.start < hit.span.end and hit.span.start < h.span.end for h in kept):
                kept.append(hit)
        return sorted(kept, key=lambda h: h.span.start)

    def operators(self) -> dict[str, str]:
        return {e.operator: e.id for e in self.entries if e.operator}


def name_variants(name: str) -> set[str]:
    """The forms a catalogue name is written in: 'Soya Strait (La Pérouse Strait)' gives 'Soya
    Strait', 'La Pérouse Strait' and 'La Perouse Strait'; 'Takeshima / Dokdo' gives both halves."""
    head = name.split(":")[0]
    parts = [p.strip() for p in re.split(r"\s/\s", re.sub(r"\s*\([^)]*\)", "", head))]
    parts += [p.strip() for p in re.findall(r"\(([^)]*)\)", head) if p[:1].isupper()]
    out: set[str] = set()
    for part in parts:
        if len(part) < 2 or re.fullmatch(r"[\d .]+", part):
            continue
        out.add(part)
        folded = "".join(
            c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c)
        )
        out.add(folded)
    return out


def _name_pattern(name: str) -> re.Pattern:
    escaped = re.escape(name).replace(r"\ ", r"\s+").replace("–", "[-–]")
    if re.search(r"[A-Za-z]", name):
        # Multi-word names ignore case ("the sea of Japan"); codes and single words do not (RODN, Luan).
        flags = re.IGNORECASE if " " in name else 0
        return re.compile(rf"(?<![\w-])(?P<name>{escaped})(?![\w-])", flags)
    if re.search(r"[가-힣]", name):
        return re.compile(rf"(?<![가-힣])(?P<name>{escaped})")
    return re.compile(rf"(?P<name>{escaped})")


def _korean_word_ends(text: str, end: int, name: str) -> bool:
    """A Korean name ends its word: at a non-Hangul character or at a particle (동해에, 동해 상공)."""
    if not re.search(r"[가-힣]$", name) or end >= len(text) or not re.match(r"[가-힣]", text[end]):
        return True
    return any(text.startswith(p, end) for p in _KOREAN_PARTICLES)


def free_places(text: str, taken: list[Span]) -> list[tuple[str, Span]]:
    """Places named in the text that the catalogue does not hold: 'off Sado Island', '佐渡島'."""
    found: list[tuple[str, Span]] = []
    seen: set[str] = set()
    for m in [*_FREE_PLACE.finditer(text), *_FREE_PLACE_CJK.finditer(text)]:
        group = next((g for g in ("name", "geo") if g in m.re.groupindex and m.group(g)), 0)
        start, end = m.start(group), m.end(group)
        name = m.group(group)
        bare = re.sub(r"^(?:north|south|east|west)(?:ern)?\s+", "", name, flags=re.I)
        if bare in _NOT_PLACES or name in seen or re.search(r"(?:ese|ian|an|'s|’s)$", bare):
            continue  # a country or a nationality ("Korean"), not a place
        if any(s.start < end and start < s.end for s in taken):
            continue
        seen.add(name)
        found.append((name, Span.of(text, start, end)))
    return sorted(found, key=lambda p: p[1].start)
