"""`--append`: add a draft to a catalogue's files, only when its ids are new, never half-written.

The stanza is appended as text so the curators' comments and layout stay as they are; the result
is parsed again and must hold exactly the old records plus the new one before anything is written.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from patrolmap.atomic import write_atomic
from patrolmap.catalog.load import EVENTS_FILE, SOURCES_FILE
from patrolmap.draft.assemble import Draft, dump_records
from patrolmap.errors import PatrolmapError


def append_draft(root: Path, draft: Draft) -> list[Path]:
    """Append the draft's event (and its source, if new) to the catalogue at `root`; return what changed."""
    if draft.event["start"] is None:
        raise PatrolmapError(
            f"--append: the draft has no date ({draft.unresolved}); nothing was appended; "
            "give --published DATE"
        )
    events_path, sources_path = root / EVENTS_FILE, root / SOURCES_FILE
    events_text = events_path.read_text(encoding="utf-8")
    if draft.event["id"] in _ids(events_text, "events", events_path):
        raise PatrolmapError(
            f"{events_path}: event {draft.event['id']!r} already exists; a draft never overwrites "
            "an event, so nothing was appended; merge the printed stanza by hand"
        )
    sources_text = sources_path.read_text(encoding="utf-8")
    writes: list[tuple[Path, str, str]] = []
    if draft.source["id"] not in _ids(sources_text, "sources", sources_path):
        writes.append(
            (
                sources_path,
                sources_text,
                _with_record(sources_text, "sources", draft.source, sources_path),
            )
        )
    writes.append(
        (events_path, events_text, _with_record(events_text, "events", draft.event, events_path))
    )
    done: list[tuple[Path, str]] = []
    try:
        for path, old, new in writes:
            write_atomic(path, new)
            done.append((path, old))
    except BaseException:
        for path, old in done:  # put back the file already replaced, so the pair stays consistent
            write_atomic(path, old)
        raise
    return [path for path, _, _ in writes]


def _records(text: str, key: str, path: Path) -> list:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise PatrolmapError(
            f"{path}: not valid YAML ({exc}); nothing was appended; run `patrolmap validate`"
        ) from None
    records = data.get(key) if isinstance(data, dict) else None
    if not isinstance(records, list):
        raise PatrolmapError(
            f"{path}: has no `{key}:` list; nothing was appended; paste the printed stanza by hand"
        )
    return records


def _ids(text: str, key: str, path: Path) -> set[str]:
    return {str(r.get("id")) for r in _records(text, key, path) if isinstance(r, dict)}


def _with_record(text: str, key: str, record: dict, path: Path) -> str:
    """The file's text with `record` added at the end of its `key:` list, checked by parsing it again."""
    item = re.search(r"^( *)- ", text, re.MULTILINE)
    indent = item.group(1) if item else "  "
    block = "".join(
        indent + line if line.strip() else line for line in dump_records([record]).splitlines(True)
    )
    new = text.rstrip("\n") + "\n\n" + block
    before = _records(text, key, path)
    try:
        after = _records(new, key, path)
    except PatrolmapError:  # the stanza landed inside another block
        after = []
    if after[:-1] != before or len(after) != len(before) + 1:
        raise PatrolmapError(
            f"{path}: `{key}:` is not the file's last block, so nothing was appended; "
            "paste the printed stanza by hand"
        )
    return new
