"""`patrolmap init`: copy the bundled catalogue somewhere a user can edit it."""

from __future__ import annotations

import os
from pathlib import Path

from patrolmap.atomic import write_all_atomic
from patrolmap.catalog.load import EVENTS_FILE, GEO_FILES, SOURCES_FILE
from patrolmap.errors import OutputError
from patrolmap.paths import bundled_catalog_dir

CATALOG_FILES = (*GEO_FILES.values(), EVENTS_FILE, SOURCES_FILE)


def init_catalog(
    directory: str | os.PathLike[str], *, force: bool = False, empty: bool = False
) -> list[Path]:
    """Copy the bundled catalogue files into `directory`; refuse a non-empty one unless `force`.

    With `empty`, only the reference layers and the sources they cite: no events, no routes.
    """
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise OutputError(
            f"{target}: is a file, not a directory; give a new or empty directory for the catalogue"
        )
    if target.is_dir() and any(target.iterdir()) and not force:
        raise OutputError(
            f"{target}: directory is not empty; give a new or empty one, or add --force to "
            "write the catalogue's files into it"
        )
    source = bundled_catalog_dir()
    # Read everything before writing anything, so a failure leaves no half-copied catalogue.
    contents = {relative: (source / relative).read_bytes() for relative in CATALOG_FILES}
    if empty:
        contents.update(_empty_parts(contents))
    # All or nothing: a failure on the fifth file must not leave four of them written.
    return write_all_atomic({target / relative: data for relative, data in contents.items()})


_EMPTY_ROUTES = '{\n  "type": "FeatureCollection",\n  "features": []\n}\n'
_EMPTY_EVENTS = "# Your events; see docs/catalog-format.md.\nversion: 1\nevents: []\n"


def _empty_parts(contents: dict[str, bytes]) -> dict[str, bytes]:
    """No events or routes; the source register cut to what the reference layers cite."""
    import json

    import yaml

    cited: set[str] = set()
    for layer, relative in GEO_FILES.items():
        if layer != "routes":
            for feature in json.loads(contents[relative])["features"]:
                cited.update(feature["properties"].get("sources", ()))
    register = yaml.safe_load(contents[SOURCES_FILE])
    register["sources"] = [s for s in register["sources"] if s.get("id") in cited]
    sources = yaml.safe_dump(register, sort_keys=False, allow_unicode=True, width=100)
    return {
        GEO_FILES["routes"]: _EMPTY_ROUTES.encode(),
        EVENTS_FILE: _EMPTY_EVENTS.encode(),
        SOURCES_FILE: sources.encode(),
    }
