"""From the found values to a draft: the event and source records, their evidence, and the output.

A draft is never presented as fact: it carries `draft: true` and `confidence: approximate`, its
summary and source facts are generated from the extracted values (never copied from the article),
and every value keeps the span of article text it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import yaml

from patrolmap.catalog.model import COUNTRY_NAMES
from patrolmap.draft.dates import event_dates
from patrolmap.draft.evidence import Span
from patrolmap.draft.gazetteer import Gazetteer, Hit, free_places
from patrolmap.draft.kind import event_kind
from patrolmap.draft.participants import Found, find_aircraft, find_generic, find_ships
from patrolmap.draft.responders import Response, find_responders
from patrolmap.draft.text import Article

_OFFICIAL_HOSTS = re.compile(
    r"(?:\.mil|\.gov|mod\.go\.jp|jcs\.mil\.kr|norad\.mil|mnd\.go\.kr|\.go\.jp|\.go\.kr)$"
)


@dataclass
class Draft:
    event: dict[str, Any]
    source: dict[str, Any]
    places: list[str]
    ships: list[dict[str, Any]]
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    unresolved: str | None = None

    def as_json(self) -> dict[str, Any]:
        event: dict[str, Any] = {k: self.event[k] for k in ("id", "start", "end", "kind", "areas")}
        event["participants"] = [
            {"country": p["country"], "type": p["type"], "count": p["count"]}
            for p in self.event["participants"]
        ]
        event["responders"] = [
            {"country": r["country"], "force": r["force"]} for r in self.event["responders"]
        ]
        event.update(places=self.places, ships=self.ships, unresolved=self.unresolved, draft=True)
        return {
            "event": _iso(event),
            "source": _iso(self.source),
            "evidence": {k: [s.as_list() for s in v] for k, v in self.evidence.items()},
        }


def make_draft(
    article: Article,
    gazetteer: Gazetteer,
    *,
    published: dt.date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Draft:
    """Extract every field from the article and assemble the draft event and source record."""
    text = article.text
    published = published or article.published
    evidence: dict[str, list[Span]] = {}

    dates = event_dates(text, published)
    if dates.evidence:
        evidence["start"] = [dates.evidence]
    if dates.end_span:
        evidence["end"] = [dates.end_span]
    areas = gazetteer.find(text)
    aircraft, ships = find_aircraft(text), find_ships(text)
    generic = find_generic(text, {f.country for f in aircraft + ships})
    kind, kind_span = event_kind(
        text,
        aircraft + [g for g in generic if g.domain == "air"],
        ships + [g for g in generic if g.domain == "sea"],
    )
    if kind_span:
        evidence["kind"] = [kind_span]
    responses = find_responders(text, [a.span for a in areas])
    places = free_places(
        text, [a.span for a in areas] + [s for f in aircraft + ships for s in f.spans]
    )

    source = _source(article, published, url or article.url, outlet, text)
    participants = _participants(aircraft + ships + generic, evidence)
    area_ids = _areas(text, areas, gazetteer, {r.country for r in responses}, evidence)
    responders = _responders(responses, evidence)
    for i, (_, span) in enumerate(places):
        evidence[f"places[{i}]"] = [span]
    event = {
        "id": _event_id(kind, aircraft + ships, dates.start, text),
        "draft": True,
        "title": _title(kind, participants, area_ids, gazetteer),
        "kind": kind,
        "start": dates.start,
        "end": dates.end,
        "confidence": "approximate",
        "confidence_note": "Drafted by `patrolmap draft` from one article and not yet checked by a person.",
        "participants": participants,
        "responders": responders,
        "areas": area_ids,
        "summary": _summary(kind, dates.start, participants, responders, area_ids, source),
        "sources": [source["id"]],
    }
    source["facts"] = [_fact(event)]
    ship_records = [
        {"country": s.country, "class": s.family, "name": s.name, "hull": s.hull, "count": s.count}
        for s in ships
    ]
    return Draft(event, source, [p[0] for p in places], ship_records, evidence, dates.unresolved)


def _participants(found: list[Found], evidence: dict[str, list[Span]]) -> list[dict]:
    for i, item in enumerate(found):
        evidence[f"participants[{i}].type"] = [item.type_span]
        if item.count_span:
            evidence[f"participants[{i}].count"] = [item.count_span]
    return [item.as_event_participant() for item in found]


def _responders(responses: list[Response], evidence: dict[str, list[Span]]) -> list[dict]:
    for i, response in enumerate(responses):
        evidence[f"responders[{i}]"] = [response.span]
    return [{"country": r.country, "force": r.force, "action": r.action} for r in responses]


def _areas(
    text: str, hits: list[Hit], gazetteer: Gazetteer, responders: set[str], evidence
) -> list[str]:
    area_ids = _unique(h.id for h in hits)
    area_ids += _implied_adiz(text, gazetteer, responders, area_ids, evidence)
    for hit in hits:
        evidence.setdefault(f"areas[{area_ids.index(hit.id)}]", []).append(hit.span)
    return area_ids


def _implied_adiz(
    text, gazetteer: Gazetteer, responders: set[str], area_ids: list[str], evidence
) -> list[str]:
    """A bare "the air defense identification zone" is the zone of the one country responding."""
    bare = re.search(
        r"\b(?:air[- ]defen[cs]e identification zone|ADIZ|air[- ]defen[cs]e zone)\b|防空識別圏|방공식별구역",
        text,
        re.I,
    )
    zones = gazetteer.operators()
    candidates = [zones[c] for c in sorted(responders) if c in zones and zones[c] not in area_ids]
    if not bare or len(candidates) != 1 or any(a.startswith("adiz-") for a in area_ids):
        return []
    evidence[f"areas[{len(area_ids)}]"] = [Span.of(text, bare.start(), bare.end())]
    return candidates


def _unique(values) -> list:
    return list(dict.fromkeys(values))


def _slug(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40] or "x"


def _event_id(kind: str, found: list[Found], start: dt.date | None, text: str) -> str:
    """Like the catalogue's ids: patrol-2019-07-23, tu95-2026-01-21, kareliya-2025-12-..."""
    if kind == "joint-air-patrol":
        stem = "patrol"
    elif found:
        first = found[0]
        stem = _slug(first.name or first.family)
        if first.domain == "air":
            stem = stem.replace("-", "")  # tu95, as the catalogue writes aircraft ids
    else:
        stem = "naval" if kind == "naval-transit" else "air"
    when = start.isoformat() if start else "undated-" + _digest(text)
    return f"{stem}-{when}"


def _digest(text: str) -> str:
    """A short stable stamp for an article without a date, so the same text gives the same ids."""
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _source(article: Article, published, url, outlet, text: str) -> dict[str, Any]:
    host = urlparse(url).hostname or "" if url else ""
    outlet = (
        outlet
        or article.outlet
        or (host.removeprefix("www.") if host else None)
        or "unknown outlet"
    )
    stamp = published.isoformat() if published else _digest(text)
    headline = article.title or _first_line(text)
    return {
        "id": f"src-{_slug(outlet)}-{stamp}",
        "outlet": outlet,
        "headline": headline,
        "date": published,
        "url": url if url and url.startswith(("https://", "http://")) else None,
        "kind": "official" if _OFFICIAL_HOSTS.search(host) else "news",
        "language": article.language or _language(text),
        "facts": [],
    }


def _first_line(text: str) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "untitled")
    return line if len(line) <= 200 else line[:197] + "..."


def _language(text: str) -> str:
    if re.search(r"[가-힣]", text):
        return "ko"
    if re.search(r"[\u3040-\u30ff]", text):
        return "ja"
    if re.search(r"[\u4e00-\u9fff]", text):
        return "zh"
    return "en"


def _who(participants: list[dict]) -> str:
    parts = []
    for p in participants:
        count = f"{p['count']} " if p["count"] is not None else ""
        parts.append(f"{count}{p['type']} ({COUNTRY_NAMES.get(p['country'], p['country'])})")
    return ", ".join(parts) or "aircraft or ships not identified"


def _title(kind: str, participants: list[dict], areas: list[str], gazetteer: Gazetteer) -> str:
    countries = _unique(COUNTRY_NAMES.get(p["country"], p["country"]) for p in participants)
    who = " and ".join(countries) or "Unidentified"
    what = {"joint-air-patrol": "joint air patrol", "naval-transit": "naval activity"}.get(
        kind, "air activity"
    )
    seas = [e.names[0] for e in gazetteer.entries if e.id in areas and e.id.startswith("sea-")]
    where = f" over the {seas[0]}" if seas else ""
    return f"DRAFT: {who} {what}{where}"


def _summary(kind, start, participants, responders, areas, source) -> str:
    when = start.isoformat() if start else "an unresolved date"
    answer = (
        "; ".join(f"{COUNTRY_NAMES.get(r['country'])}: {r['action']}" for r in responders)
        or "none named"
    )
    return (
        f"Drafted from {source['outlet']}: {kind} on {when} by {_who(participants)}. "
        f"Responders: {answer}. Areas: {', '.join(areas) or 'none matched'}. "
        "Check every value against the article before removing `draft`."
    )


def _fact(event: dict) -> str:
    when = event["start"].isoformat() if event["start"] else "an unresolved date"
    return f"Reports {event['kind']} on {when} by {_who(event['participants'])} (machine draft, unchecked)."


def _iso(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso(v) for v in value]
    return value


# --- output --------------------------------------------------------------------------------------

_HEADER = """\
# DRAFT proposed by `patrolmap draft`: machine-extracted and approximate.
# Check every value against the article (evidence below: character offsets into its text),
# then remove `draft: true`. The event goes under `events:` in data/events.yaml and the
# source under `sources:` in seeds/sources.yaml (or use --append)."""


class _PlainDumper(yaml.SafeDumper):
    """No anchors and aliases (&id001): a person reads and edits the stanza."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump_records(value) -> str:
    """YAML as a person would write it: keys in our order, Unicode as is, no anchors."""
    return yaml.dump(value, sort_keys=False, allow_unicode=True, width=100, Dumper=_PlainDumper)


def to_yaml(draft: Draft) -> str:
    body = dump_records({"events": [draft.event], "sources": [draft.source]})
    lines = [_HEADER]
    if draft.unresolved:
        lines.append(f"# UNRESOLVED DATE: {_comment_safe(draft.unresolved)}")
    if draft.places:
        lines.append(
            "# places named but not in the catalogue: " + _comment_safe(", ".join(draft.places))
        )
    lines.append(body.rstrip("\n"))
    lines.append("# evidence:")
    for name, spans in draft.evidence.items():
        quoted = "; ".join(
            f"[{s.start}:{s.end}] {_comment_safe(json.dumps(s.text, ensure_ascii=False))}"
            for s in spans
        )
        lines.append(f"#   {name}: {quoted}")
    return "\n".join(lines) + "\n"


def to_json(draft: Draft) -> str:
    return json.dumps(draft.as_json(), indent=2, ensure_ascii=False)


def _comment_safe(text: str) -> str:
    """One line of printable text: article text in a YAML comment must not end the comment."""
    return "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
