"""Who flew or sailed what: aircraft by family with variant and count, and ships by class, name, hull.

A type is found by its family pattern (vocabulary.AIRCRAFT); the count is the number written just
before it ("two Russian Tu-95MS", "four of Beijing's H-6K") or, in Japanese and Korean, the counter
after it (H-6 2機, 폭격기 2대). Mentions of one family merge into one participant: the first count
given, the most specific variant. No count in the text leaves the count null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from patrolmap.draft.evidence import Span
from patrolmap.draft.vocabulary import (
    AIRCRAFT,
    COUNTRY_WORDS,
    HANGUL_NUMBERS,
    KANJI_DIGITS,
    NAMED_SHIPS,
    NUMBER_WORDS,
    SHIP_CLASSES,
    Family,
)

_NUMBER = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
# Words that may stand between a number and the type: "two Russian long-range Tu-95MS".
# A list comma or a second number ends the phrase: in "Five vessels, a Renhai" the count is "a".
_FILLER = rf"(?:(?!(?:and|or|with|plus|as|by|{_NUMBER})\b)[A-Za-z][\w'’.-]*\s+)"
_COUNT_BEFORE = re.compile(
    rf"(?<![\w.])(?P<num>\d{{1,3}}|{_NUMBER})\s+(?:of\s+)?(?:the\s+)?{_FILLER}{{0,3}}$",
    re.IGNORECASE,
)
_COUNTERS = "機|대|架|척|隻"
_COUNT_BEFORE_CJK = re.compile(rf"(?P<num>\d{{1,3}})\s*(?:{_COUNTERS})の?\s*$")  # 2機のTu-142
_COUNT_AFTER = re.compile(
    r"^(?:s|'s|’s)?\s*(?:[×x]\s*(?P<times>\d{1,3})\b|(?:[^\d\s.,。、]{0,8}?)\s*"
    rf"(?P<num>\d{{1,3}}|[{''.join(KANJI_DIGITS)}]|{'|'.join(HANGUL_NUMBERS)})\s*(?:機|대|架|척|隻))"
)
_HULL = re.compile(
    r"(?:hull(?: number)?|pennant(?: number)?|No\.|#)\s*(?P<hull>\d{2,4})\b|^\s*\((?P<paren>\d{2,4})\)"
)


@dataclass
class Found:
    country: str
    family: str  # what the scorer compares: "Tu-95", "Type 052 destroyer"
    type: str  # the catalogue's form: "Tu-95MS"
    role: str
    count: int | None
    type_span: Span
    count_span: Span | None = None
    domain: str = "air"
    name: str | None = None  # ships
    hull: str | None = None
    spans: list[Span] = field(default_factory=list)

    def as_event_participant(self) -> dict:
        return {"country": self.country, "type": self.type, "role": self.role, "count": self.count}


def find_aircraft(text: str) -> list[Found]:
    merged: dict[str, Found] = {}
    for family in AIRCRAFT:
        for m in _family_pattern(family).finditer(text):
            variant = m["variant"] or ""
            span = Span.of(text, m.start(), m.end("variant") if variant else m.end("stem"))
            count, count_span = _count(text, m.start(), m.end())
            found = merged.get(family.key)
            if found is None:
                merged[family.key] = Found(
                    family.country, family.key, family.key + variant, family.role, count, span,
                    count_span, spans=[span],
                )  # fmt: skip
                continue
            found.spans.append(span)
            if found.count is None and count is not None:
                found.count, found.count_span = count, count_span
            if variant and found.type == family.key:
                found.type, found.type_span = family.key + variant, span
    return sorted(merged.values(), key=lambda f: f.spans[0].start)


def _family_pattern(family: Family) -> re.Pattern:
    variants = "|".join(family.variants) or "(?!)"
    return re.compile(
        rf"(?<![A-Za-z0-9-])(?P<stem>{family.pattern})(?P<variant>{variants})?(?:s\b|'s|’s)?(?![A-Za-z0-9])"
    )


def _count(text: str, start: int, end: int) -> tuple[int | None, Span | None]:
    before = _COUNT_BEFORE.search(text[max(0, start - 60) : start])
    if before:
        offset = max(0, start - 60)
        value = _number(before["num"])
        if value is not None:
            return value, Span.of(text, offset + before.start("num"), offset + before.end("num"))
    cjk = _COUNT_BEFORE_CJK.search(text[max(0, start - 8) : start])
    if cjk:
        offset = max(0, start - 8)
        return int(cjk["num"]), Span.of(text, offset + cjk.start("num"), offset + cjk.end("num"))
    after = _COUNT_AFTER.match(text[end : end + 20])
    if after:
        group = "times" if after["times"] else "num"
        value = _number(after[group])
        if value is not None:
            return value, Span.of(text, end + after.start(group), end + after.end(group))
    return None, None


def _number(word: str) -> int | None:
    word = re.sub(r"\s+", " ", word.lower())
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word) or KANJI_DIGITS.get(word) or HANGUL_NUMBERS.get(word)


def find_ships(text: str) -> list[Found]:
    """Ships by class (Type 052D, Udaloy), name (Xi'an, Kareliya) and hull number.

    A named ship the catalogue knows gives its own class and country; a class mention just before
    a ship's name ("the Udaloy-class destroyer Admiral Panteleyev") belongs to that ship; other
    class mentions make one participant per class, counted like aircraft.
    """
    named = _named_ships(text)
    by_class: dict[str, Found] = {}
    for pattern, ship_class, class_country in SHIP_CLASSES:
        for m in re.compile(rf"(?<![\w-])(?:{pattern})(?:-class)?(?![\w])").finditer(text):
            span = Span.of(text, m.start(), m.end())
            owner = next((n for n in named if 0 <= n.spans[0].start - m.end() <= 40), None)
            if owner is not None:
                owner.spans.append(span)
                continue
            country = class_country or _country_near(text, m.start())
            if not country:
                continue  # "an aircraft carrier" with no country: not a participant we can name
            if ship_class in by_class:
                by_class[ship_class].spans.append(span)
                continue
            count, count_span = _count(text, m.start(), m.end())
            by_class[ship_class] = Found(
                country, ship_class, ship_class, "warship", count, span, count_span,
                domain="sea", spans=[span],
            )  # fmt: skip
    return sorted([*named, *by_class.values()], key=lambda f: f.spans[0].start)


def _named_ships(text: str) -> list[Found]:
    ships = []
    for name, (country, ship_class) in NAMED_SHIPS.items():
        m = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        if m:
            span = Span.of(text, m.start(), m.end())
            ship = Found(
                country, ship_class, ship_class, "warship", 1, span, None, domain="sea",
                name=name, hull=_hull(text, m.end()), spans=[span],
            )  # fmt: skip
            ship.type = _ship_type(ship)
            ships.append(ship)
    return ships


def _ship_type(ship: Found) -> str:
    """As the catalogue writes a ship: 'destroyer Xi'an (153)', or the class alone."""
    if not ship.name:
        return ship.family
    hull = f" ({ship.hull})" if ship.hull else ""
    return f"{ship.family} {ship.name}{hull}"


def _hull(text: str, end: int) -> str | None:
    window = text[end : end + 40]
    m = _HULL.search(window)
    return (m["hull"] or m["paren"]) if m else None


def _country_near(text: str, start: int) -> str:
    window = text[max(0, start - 40) : start]
    hits = [
        (m.end(), code) for code, words in COUNTRY_WORDS.items() for m in re.finditer(words, window)
    ]
    return max(hits)[1] if hits else ""


_GENERIC = re.compile(
    rf"(?<![\w.])(?P<num>\d{{1,3}}|{_NUMBER})\s+(?:(?:other|more|additional)\s+)?"
    rf"(?P<who>{COUNTRY_WORDS['RU']}|{COUNTRY_WORDS['CN']})\s+(?:military\s+|air\s+force\s+)?"
    r"(?P<what>aircrafts?|warplanes?|planes?|jets?|bombers?|fighters?|fighter jets?|warships?|ships?|vessels?)\b",
    re.IGNORECASE,
)
_GENERIC_AND = re.compile(
    rf"(?<![\w.])(?P<num>\d{{1,3}}|{_NUMBER})\s+(?P<who>Chinese|Russian)\s+and\s+(?P<num2>\d{{1,3}}|{_NUMBER})\s+"
    r"(?P<who2>Chinese|Russian)\s+(?:military\s+|navy\s+|naval\s+)?(?P<what>aircrafts?|warplanes?|planes?|jets?|warships?|ships?|vessels?)\b",
    re.IGNORECASE,
)


# 러시아 군용기 7대, 中国の爆撃機2機: a count by country, in Korean and Japanese.
_GENERIC_CJK = re.compile(
    # not "중국과 러시아 군용기 9대" / "中国とロシアの爆撃機計4機": a total for both countries
    r"(?<!중국과\s)(?<!중국과)(?<!러시아와\s)(?<!러시아와)(?<!중국 및\s)(?<!러시아 및\s)(?<!中国と)(?<!ロシアと)"
    r"(?P<who>러시아|중국|ロシア|中国)(?:\s*측)?(?:の|軍の)?\s*"
    r"(?P<what>군용기|군함|함정|폭격기|전투기|軍用機|爆撃機|戦闘機|艦艇|軍艦)(?:\s*計)?\s*"
    rf"(?P<num>\d{{1,3}})\s*(?:{_COUNTERS})"
)


def find_generic(text: str, known_countries: set[str]) -> list[Found]:
    """'Two Chinese and seven Russian military aircraft': a count by country where no type is given."""
    out: dict[str, Found] = {}

    def add(m: re.Match[str], num: str = "num", who: str = "who") -> None:
        """One count from match `m`, its number and country in the groups named `num` and `who`."""
        country = "RU" if re.match(COUNTRY_WORDS["RU"], m[who], re.I) else "CN"
        if country in known_countries or country in out:
            return
        sea = re.match(r"warship|ship|vessel|군함|함정|艦艇|軍艦", m["what"], re.I)
        kind = "warships (type not given)" if sea else "aircraft (type not given)"
        span = Span.of(text, m.start(), m.end())
        num_span = Span.of(text, m.start(num), m.end(num))
        out[country] = Found(
            country, kind, kind, "not given", _number(m[num]), span, num_span,
            domain="sea" if sea else "air", spans=[span],
        )  # fmt: skip

    for m in _GENERIC_AND.finditer(text):
        add(m)
        add(m, num="num2", who="who2")
    for m in (*_GENERIC_CJK.finditer(text), *_GENERIC.finditer(text)):
        add(m)
    return list(out.values())


def family_of(type_name: str) -> str:
    """The family of a type as the catalogue or a draft writes it: 'Tu-95MS' -> 'Tu-95'."""
    for family in AIRCRAFT:
        if _family_pattern(family).match(type_name):
            return family.key
    for _, ship_class, _ in SHIP_CLASSES:
        if type_name.startswith(ship_class):
            return ship_class
    return type_name
