"""`patrolmap init`: copy the bundled catalogue somewhere a user can edit it."""

from __future__ import annotations

import os
from pathlib import Path

from patrolmap.atomic import write_atomic
from patrolmap.catalog.load import EVENTS_FILE, GEO_FILES, SOURCES_FILE
from patrolmap.errors import OutputError
from patrolmap.paths import bundled_catalog_dir

CATALOG_FILES = (*GEO_FILES.values(), EVENTS_FILE, SOURCES_FILE)


def init_catalog(directory: str | os.PathLike[str], *, force: bool = False) -> list[Path]:
    """Copy the bundled catalogue files into `directory`; refuse a non-empty one unless `force`."""
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
    return [write_atomic(target / relative, data) for relative, data in contents.items()]
