"""The closed schema: every key each kind of catalogue record may carry, in one table.

A key that is not listed here is refused with a "did you mean" hint, so a misspelt field (`marker:`
for `markers:`) is reported instead of silently dropped. To add a field, list it here and read it in
catalog/load.py. GeoJSON's own members (`type`, `geometry`, `bbox`, foreign members) are not catalogue
fields: only `properties` are closed.
"""

from __future__ import annotations

# The `version:` of events.yaml and sources.yaml that this patrolmap reads; no version means 1.
FORMAT_VERSION = 1

FEATURE_COMMON = (
    "id",
    "name",
    "aliases",
    "confidence",
    "confidence_note",
    "sources",
    "note",
    "note_internal",  # curators' own to-dos: checked, never shown
    "names",  # per-language names (scene/naming.py)
    "disputed_names",  # another party's name, per language (scene/naming.py)
)

# Checked on load but never kept: nothing downstream can show what the frame does not hold.
INTERNAL_KEYS = ("note_internal",)

KEYS: dict[str, tuple[str, ...]] = {
    # YAML files: the top-level mapping.
    "events file": ("version", "events"),
    "sources file": ("version", "sources"),
    # Records of data/events.yaml.
    "event": (
        "id",
        "title",
        "kind",
        "start",
        "end",
        "patrol_number",
        "confidence",
        "confidence_note",
        "draft",  # set by `patrolmap draft` until a person has checked the event
        "participants",
        "responders",
        "areas",
        "summary",
        "disputed",
        "markers",
        "territory_entries",  # entries into a state's territory that sources report
        "sources",
    ),
    "participant": ("country", "type", "role", "count", "count_note"),
    "responder": ("country", "force", "action"),
    "dispute": ("field", "note", "sources"),
    "marker": ("label", "lon", "lat", "note", "confidence"),
    "territory entry": ("state", "place", "note", "disputed", "sources"),
    # Records of seeds/sources.yaml.
    "source": (
        "id",
        "outlet",
        "headline",
        "date",
        "url",
        "kind",
        "language",
        "seed_file",
        "facts",
        "note",
    ),
    # The `properties` of each geometry layer's features.
    "adiz": (*FEATURE_COMMON, "operator", "established"),
    "seas": FEATURE_COMMON,
    "straits": FEATURE_COMMON,
    "places": (*FEATURE_COMMON, "kind", "country", "disputed"),
    "routes": (
        *FEATURE_COMMON,
        "event",
        "forces",
        "vehicles",
        "date",
        "uncertainty_km",
        "variant_of",  # another source's version of these legs of the event (catalog/load.py)
    ),
}
