"""The validation stage: the checks that span records, and the checks on the joined catalogue.

Reading (catalog.load) checks each record's own fields. This stage checks what needs several records
at once: unique ids, references between records, routes against their events, the source register.
Then, if nothing so far is an error, it joins the catalogue and runs the checks that need the derived
geometry facts (the curated areas against the drawn routes).

A check is a function that yields Problems. To add one, write it below and list it in
RECORD_CHECKS (it is given the `Loaded` catalogue) or JOINED_CHECKS (given the `JoinResult`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from patrolmap.catalog.load import EVENTS_FILE, SOURCES_FILE, Loaded, read_records
from patrolmap.catalog.model import LAYER_PREFIX, LAYERS, Catalog, Event
from patrolmap.catalog.suggest import Suggester
from patrolmap.errors import CatalogError, Problem

if TYPE_CHECKING:
    from patrolmap.join import JoinResult

RecordCheck = Callable[[Loaded], Iterable[Problem]]
JoinedCheck = Callable[["JoinResult"], Iterable[Problem]]


@dataclass(frozen=True)
class Report:
    """The outcome of validating a catalogue: every problem found, errors and warnings."""

    catalog: Catalog | None  # None when the directory could not be read at all
    problems: tuple[Problem, ...]  # in file and line order
    joined: JoinResult | None = None  # set when the joined checks ran

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    def failing(self, *, strict: bool = False) -> tuple[Problem, ...]:
        """The problems that fail validation: the errors, and under `strict` the warnings too."""
        return self.problems if strict else self.errors

    def ok(self, *, strict: bool = False) -> bool:
        return self.catalog is not None and not self.failing(strict=strict)

    @property
    def counts(self) -> dict[str, int]:
        """How many records of each kind the catalogue holds (empty if it could not be read)."""
        catalog = self.catalog
        if catalog is None:
            return {}
        return {
            "events": len(catalog.events),
            "joint patrols": sum(e.kind == "joint-air-patrol" for e in catalog.events),
            "sources": len(catalog.sources),
            **{layer: len(frame) for layer, frame in catalog.layers.items()},
            **({"route variants": len(catalog.variants)} if catalog.variants is not None else {}),
            "sources without a date": sum(s.date is None for s in catalog.sources.values()),
            "sources without an address": sum(s.url is None for s in catalog.sources.values()),
        }

    def catalog_or_raise(self) -> Catalog:
        """The catalogue, or CatalogError listing the errors (warnings never stop loading)."""
        if self.catalog is None or self.errors:
            raise CatalogError(list(self.errors))
        return self.catalog

    def as_dict(self, *, strict: bool = False) -> dict[str, Any]:
        """A JSON-ready account: ok, counts and every problem."""
        return {
            "ok": self.ok(strict=strict),
            "counts": self.counts,
            "problems": [p.as_dict() for p in self.problems],
        }


def validate_catalog(
    path: str | os.PathLike[str] | None = None,
    *,
    join: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Validate the catalogue at `path` (the bundled one by default) and report what is wrong.

    With `join=False` the checks that need the joined catalogue are skipped (that is what
    `load_catalog` runs). Never raises for bad content: every problem is in the Report.
    """
    say = progress or (lambda message: None)
    say("reading and checking the catalogue")
    loaded = read_records(path)
    problems = list(loaded.problems)
    if loaded.catalog is None:
        return Report(None, _ordered(problems))
    for record_check in RECORD_CHECKS:
        problems.extend(record_check(loaded))
    joined = None
    if join and not any(p.severity == "error" for p in problems):
        from patrolmap.join import join_catalog

        say("checking the routes against the curated areas")
        joined = join_catalog(loaded.catalog)
        for joined_check in JOINED_CHECKS:
            problems.extend(joined_check(joined))
    return Report(loaded.catalog, _ordered(problems), joined)


def _ordered(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=Problem.sort_key))


# --- checks across records -----------------------------------------------------------------------


def unique_ids(loaded: Loaded) -> Iterator[Problem]:
    """Every id is unique across the whole catalogue; a repeat names where the first one is."""
    catalog = loaded.catalog
    assert catalog is not None
    first: dict[str, tuple[str, Callable[[], int | None]]] = {}

    def claim(record_id: str, label: str, line: Callable[[], int | None]) -> Problem | None:
        if record_id not in first:
            first[record_id] = (label, line)
            return None
        first_label, first_line = first[record_id]
        message = f"duplicate id; first at {first_label}:{first_line()}"
        return Problem(label, line(), record_id, "id", message)

    claims: list[Problem | None] = []
    for source in loaded.sources:
        claims.append(claim(source.id, source.file or "", _fixed(source.line)))
    for event in catalog.events:
        claims.append(claim(event.id, event.file or "", _fixed(event.line)))
    for layer, frame in _feature_frames(catalog):
        label = loaded.layer_label(layer)
        for record_id, index in zip(frame["id"], frame["feature"], strict=True):
            claims.append(claim(record_id, label, _feature_line(loaded, layer, index)))
    yield from (p for p in claims if p is not None)


def known_references(loaded: Loaded) -> Iterator[Problem]:
    """Every area, source and event id a record names exists, or a close match is suggested."""
    catalog = loaded.catalog
    assert catalog is not None
    skip = _unverifiable(loaded)
    areas = Suggester(
        rid for layer in LAYERS if layer != "routes" for rid in catalog.layers[layer]["id"]
    )
    sources = Suggester(catalog.sources)
    events = Suggester(e.id for e in catalog.events)
    known = {"area id": areas, "source id": sources, "event id": events}

    def unknown(ids: Iterable[str], kind: str) -> Iterator[str]:
        for ref in ids:
            if ref not in known[kind] and not skip(ref, kind):
                yield f"unknown {kind} {ref!r}{known[kind].hint(ref)}"

    for ref in loaded.references:
        for message in unknown(ref.ids, ref.kind):
            yield Problem(ref.file, ref.line, ref.record, ref.field, message)
    for layer, frame in _feature_frames(catalog):
        label = loaded.layer_label(layer)
        for row in frame.itertuples():
            line = _feature_line(loaded, layer, row.feature)
            for message in unknown(row.sources, "source id"):
                yield Problem(label, line(), row.id, "sources", message)
            if layer == "routes":
                for message in unknown([row.event], "event id"):
                    yield Problem(label, line(), row.id, "event", message)


def routes_within_their_events(loaded: Loaded) -> Iterator[Problem]:
    """A route leg's date falls within its event's dates."""
    catalog = loaded.catalog
    assert catalog is not None
    event_by_id = {e.id: e for e in catalog.events}
    label = loaded.layer_label("routes")
    for row in catalog.all_legs.itertuples():
        event = event_by_id.get(row.event)
        if event is not None and row.date is not None and not event.start <= row.date <= event.end:
            message = f"{row.date} is outside event {event.id} ({event.date_label()})"
            yield Problem(
                label, loaded.feature_line("routes", row.feature), row.id, "date", message
            )


def distinct_sources(loaded: Loaded) -> Iterator[Problem]:
    """No two sources are the same report: same outlet, headline and date, or same address."""
    catalog = loaded.catalog
    assert catalog is not None
    first: dict[Any, str] = {}
    for source in catalog.sources.values():
        keys: list[tuple] = [
            ("headline", source.outlet.casefold(), source.headline.casefold(), source.date)
        ]
        if source.url:
            keys.append(("url", source.url.rstrip("/")))
        for key in keys:
            if key in first:
                message = f"duplicate source: same {key[0]} as {first[key]}"
                yield Problem(source.file or "", source.line, source.id, key[0], message)
            else:
                first[key] = source.id


def cited_sources(loaded: Loaded) -> Iterator[Problem]:
    """Warn about a source nothing cites (skipped when some file could not be read)."""
    catalog = loaded.catalog
    assert catalog is not None
    if loaded.unreadable:
        return
    cited = {ref for r in loaded.references for ref in r.ids}
    for _layer, frame in _feature_frames(catalog):
        cited.update(ref for refs in frame["sources"] for ref in refs)
    for source in catalog.sources.values():
        if source.id not in cited:
            message = "source is not cited by any event or feature"
            yield Problem(source.file or "", source.line, source.id, "id", message, "warning")


def sources_dated_and_addressed(loaded: Loaded) -> Iterator[Problem]:
    """Warn about a source with no date or no address that does not say why in its `note`: an
    analyst citing the map needs both."""
    catalog = loaded.catalog
    assert catalog is not None
    for source in catalog.sources.values():
        missing = {"date": "no date", "url": "no address"}
        if source.date is not None:
            del missing["date"]
        if source.url is not None:
            del missing["url"]
        if missing and not source.note:
            lacks = " and ".join(missing.values())
            message = f"has {lacks}; add them, or say in `note` why no copy shows them"
            field = ", ".join(missing)
            yield Problem(source.file or "", source.line, source.id, field, message, "warning")


def variants_of_their_events_legs(loaded: Loaded) -> Iterator[Problem]:
    """A variant leg names legs of its own event's route, and no other variant."""
    catalog = loaded.catalog
    assert catalog is not None
    skip = _unverifiable(loaded)
    legs = dict(zip(catalog.routes["id"], catalog.routes["event"], strict=True))
    variants = catalog.route_variants
    known = Suggester(legs)
    label = loaded.layer_label("routes")
    for row in variants.itertuples():
        line = _feature_line(loaded, "routes", row.feature)
        for leg in row.variant_of:
            if leg in set(variants["id"]):
                message = f"{leg!r} is itself a variant; name the legs of the event's route"
            elif leg not in legs:
                if skip(leg, "route id"):
                    continue
                message = f"unknown route id {leg!r}{known.hint(leg)}"
            elif legs[leg] != row.event:
                message = f"{leg!r} is a leg of event {legs[leg]}, but this variant's event is {row.event}"
            else:
                continue
            yield Problem(label, line(), row.id, "variant_of", message)


RECORD_CHECKS: tuple[RecordCheck, ...] = (
    unique_ids,
    known_references,
    variants_of_their_events_legs,
    routes_within_their_events,
    distinct_sources,
    cited_sources,
    sources_dated_and_addressed,
)


# --- checks on the joined catalogue --------------------------------------------------------------

# What a route does to each kind of area, for the curated-areas check.
_VERBS = {"adiz-": "enters", "sea-": "crosses", "strait-": "crosses the gate of"}


def curated_areas_match_routes(joined: JoinResult) -> Iterator[Problem]:
    """Warn where an event's curated `areas` and its routes' spatial join disagree."""
    for event in joined.catalog.events:
        facts = joined.facts[event.id]
        if not facts.has_route:
            continue
        derived = set(facts.adiz) | set(facts.seas) | set(facts.straits)
        curated = {a for a in event.areas if a.startswith(tuple(_VERBS))}
        for area in sorted(curated - derived):
            yield _area_warning(event, f"lists {area}, but no route of the event {_verb(area)} it")
        for area in sorted(derived - curated):
            yield _area_warning(event, f"a route {_verb(area)} {area}, which areas does not list")


def _area_warning(event: Event, message: str) -> Problem:
    return Problem(event.file or "", event.line, event.id, "areas", message, "warning")


def _verb(area_id: str) -> str:
    return next(verb for prefix, verb in _VERBS.items() if area_id.startswith(prefix))


def routes_outside_foreign_territory(joined: JoinResult) -> Iterator[Problem]:
    """Each route leg against the land and territorial sea of the states not flying it."""
    from patrolmap.territory import check_routes

    yield from check_routes(joined.catalog)


JOINED_CHECKS: tuple[JoinedCheck, ...] = (
    curated_areas_match_routes,
    routes_outside_foreign_territory,
)


# --- helpers -------------------------------------------------------------------------------------


def _unverifiable(loaded: Loaded) -> Callable[[str, str], bool]:
    """Whether a reference of a kind cannot be checked: it names a record refused for another
    reason, or points into a file that could not be read (every reference would look broken)."""
    unreadable, rejected = loaded.unreadable, loaded.rejected
    area_prefixes = tuple(
        LAYER_PREFIX[layer] for layer in LAYERS if loaded.layer_label(layer) in unreadable
    )
    unreadable_kind = {
        "source id": loaded.label(SOURCES_FILE) in unreadable,
        "event id": loaded.label(EVENTS_FILE) in unreadable,
    }

    def skip(ref: str, kind: str) -> bool:
        if ref in rejected or unreadable_kind.get(kind, False):
            return True
        return kind == "area id" and bool(area_prefixes) and ref.startswith(area_prefixes)

    return skip


def _feature_frames(catalog: Catalog) -> Iterator[tuple[str, Any]]:
    """(layer, frame) of every geometry feature, route variants included (under "routes")."""
    yield from catalog.layers.items()
    if catalog.variants is not None:
        yield "routes", catalog.variants


def _fixed(line: int | None) -> Callable[[], int | None]:
    return lambda: line


def _feature_line(loaded: Loaded, layer: str, index: int) -> Callable[[], int | None]:
    """A feature's line, looked up only when a problem needs it (a second pass over the file)."""
    return lambda: loaded.feature_line(layer, index)
