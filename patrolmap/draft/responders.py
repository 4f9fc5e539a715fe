"""Who responded: Japan, South Korea, the US and Canada, when a sentence names their forces acting.

A country counts as a responder only where one sentence names it and a response (scrambled,
tracked, intercepted, 緊急発進, 출격) together; a country merely quoted or mentioned does not. Area
names are blanked first, so "Sea of Japan" never makes Japan a responder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from patrolmap.draft.evidence import Span
from patrolmap.draft.vocabulary import RESPONDERS, RESPONSE_VERBS, SCRAMBLE

_SENTENCE = re.compile(r"[^.!?。\n]+(?:[.!?。]+|\n|$)")


@dataclass(frozen=True)
class Response:
    country: str
    force: str
    action: str
    span: Span


def find_responders(text: str, blanked: list[Span]) -> list[Response]:
    masked = list(text)
    for span in blanked:
        masked[span.start : span.end] = " " * (span.end - span.start)
    plain = "".join(masked)
    found: dict[str, Response] = {}
    for sentence in _SENTENCE.finditer(plain):
        verb = RESPONSE_VERBS.search(sentence.group())
        if not verb:
            continue
        for country, pattern, force in RESPONDERS:
            who = re.search(pattern, sentence.group())
            if not who or country in found:
                continue
            base = sentence.start()
            start = base + min(who.start(), verb.start())
            end = base + max(who.end(), verb.end())
            action = (
                "scrambled fighters" if SCRAMBLE.search(sentence.group()) else _action(verb.group())
            )
            found[country] = Response(
                country, _force(country, force, plain), action, Span.of(text, start, end)
            )
    return sorted(found.values(), key=lambda r: r.span.start)


def _force(country: str, default: str, text: str) -> str:
    naval = re.search(r"Maritime Self-Defen[cs]e Force|MSDF|海上自衛隊", text)
    air = re.search(r"Air Self-Defen[cs]e Force|JASDF|航空自衛隊|scrambl|緊急発進", text)
    if country == "JP" and naval and not air:
        return "Japan Maritime Self-Defense Force"
    if country == "CA" and "NORAD" in text:
        return "NORAD (Canadian NORAD Region)"
    if country == "US" and "NORAD" not in text:
        return "United States forces"
    return default


def _action(verb: str) -> str:
    word = verb.lower()
    if re.fullmatch(r"[a-z]+ed", word):
        return f"{word} the aircraft or ships (per the article)"
    return "responded (per the article)"
