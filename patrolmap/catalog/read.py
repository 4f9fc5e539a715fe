"""Read catalogue files into plain Python data, keeping line numbers, with bounded size and depth.

Files are untrusted: a reader never raises on bad content. It returns the data (or None) together with
the problems it found, each naming the file and line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from patrolmap.errors import Problem

MAX_YAML_BYTES = 20 * 1024 * 1024
# Parsing JSON costs about 20 times its size in memory: these keep a catalogue well under 2 GB.
MAX_GEOJSON_BYTES = 64 * 1024 * 1024
MAX_POSITIONS = 2_000_000  # per GeoJSON file: lines of a million vertices draw, and more is noise
MAX_DEPTH = 24  # deepest a YAML record legitimately nests is about 5
# libyaml's parser is about ten times faster; both keep line marks and both are the safe loader.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SafeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, remembering how each scalar's tag resolved: catalogues repeat the same
    keys and values thousands of times, and resolving runs a regular expression per scalar."""

    def __init__(self, stream):
        super().__init__(stream)
        self._resolved: dict = {}

    def resolve(self, kind, value, implicit):
        if kind is not yaml.ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag


Path_ = tuple[Any, ...]


@dataclass
class ReadResult:
    """Parsed data, the line where each path in it starts, and what went wrong."""

    data: Any = None
    lines: dict[Path_, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # GeoJSON: the text, kept to find where features start only when a problem needs a line.
    text: str | None = None

    def _locate_features(self) -> None:
        """Record the line where each feature starts: a second pass over the text, so lazy."""
        try:
            starts = _feature_lines(self.text or "")
        except (ValueError, IndexError):  # odd but valid JSON (duplicate keys): lines are a nicety
            starts = []
        for i, line in enumerate(starts):
            self.lines[("features", i)] = line
        self.text = None

    def line(self, path: Path_) -> int | None:
        """Return the line of `path`, or of its nearest located ancestor."""
        if self.text is not None and path[:1] == ("features",):
            self._locate_features()
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def read_text(path: Path, label: str, limit: int, root: Path) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file of the catalogue at `root`, reporting a missing, outside, oversized,
    empty or binary file."""

    def problem(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(label, None, "", "", message)]

    if not path.exists():
        return problem(
            "file not found; every catalogue has it (`patrolmap init DIR` makes a complete one)"
        )
    if not path.resolve().is_relative_to(root.resolve()):
        # A shared catalogue must not pull in someone else's files through a symbolic link.
        return problem(
            "is a symbolic link to a file outside the catalogue; copy the file in instead"
        )
    if not path.is_file():
        return problem("is not a regular file")
    size = path.stat().st_size
    if size > limit:
        return problem(f"file is {size:,} bytes; the limit is {limit:,}")
    raw = path.read_bytes()
    if b"\x00" in raw:
        return problem("is a binary file, not UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(label, line, "", "", f"is not valid UTF-8 ({exc.reason})")]
    if not text.strip():
        return problem("file is empty")
    return text, []


def read_yaml(path: Path, label: str, root: Path) -> ReadResult:
    """Parse a YAML file with the safe loader only, recording the line of every key and item."""
    text, problems = read_text(path, label, MAX_YAML_BYTES, root)
    if text is None:
        return ReadResult(problems=problems)
    loader = _SafeLoader(text)
    try:
        result = ReadResult()
        found, result.data = _document(_Events(loader, result, label))
        if not found:
            return ReadResult(problems=[Problem(label, None, "", "", "file is empty")])
        return result
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return ReadResult(problems=[Problem(label, line, "", "", f"YAML error: {exc.problem}")])
    except yaml.YAMLError as exc:
        return ReadResult(problems=[Problem(label, None, "", "", f"YAML error: {exc}")])
    except _Rejected as exc:
        return ReadResult(problems=[exc.problem])
    finally:
        loader.dispose()


class _Rejected(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


_PLAIN_TAGS = ("tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


@dataclass
class _Events:
    """The parser's event stream and what building data from it needs."""

    loader: Any
    result: ReadResult
    label: str

    def reject(self, event, message: str) -> _Rejected:
        return _Rejected(Problem(self.label, event.start_mark.line + 1, "", "", message))


def _document(events: _Events) -> tuple[bool, Any]:
    """(False, None) for a stream with no document, else (True, the one document's data)."""
    loader = events.loader
    loader.get_event()  # stream start
    if loader.check_event(yaml.StreamEndEvent):
        return False, None
    loader.get_event()  # document start
    data = _construct(events, loader.get_event(), ())
    loader.get_event()  # document end
    if not loader.check_event(yaml.StreamEndEvent):
        extra = loader.get_event()
        raise yaml.composer.ComposerError(
            "expected a single document in the stream",
            None,
            "but found another document",
            extra.start_mark,
        )
    return True, data


def _construct(events: _Events, event, path: Path_) -> Any:
    """Build plain data from the parser's events, refusing aliases, odd tags and deep nesting.

    Straight from the event stream, never composing the document's node tree: at 10,000 events
    the tree (a node and two marks per scalar) was 180 MB and 2 s of the load.
    """
    line = event.start_mark.line + 1
    if len(path) > MAX_DEPTH:
        raise events.reject(event, f"nested deeper than {MAX_DEPTH} levels")
    events.result.lines.setdefault(path, line)
    if isinstance(event, yaml.ScalarEvent):
        return _scalar(events, event)
    if isinstance(event, yaml.AliasEvent):
        # An alias re-uses a node: refused so a small file cannot expand into a huge one.
        raise events.reject(event, "YAML anchors and aliases are not supported")
    sequence = isinstance(event, yaml.SequenceStartEvent)
    tag = event.tag if event.tag not in (None, "!") else _PLAIN_TAGS[0 if sequence else 1]
    if tag not in _PLAIN_TAGS:
        # The safe loader would refuse `!!python/...` too; we never construct such a node at all.
        raise events.reject(event, f"YAML tag {tag!r} is not supported")
    loader = events.loader
    if sequence:
        items: list[Any] = []
        while not loader.check_event(yaml.SequenceEndEvent):
            items.append(_construct(events, loader.get_event(), (*path, len(items))))
        loader.get_event()
        return items
    mapping: dict[Any, Any] = {}
    while not loader.check_event(yaml.MappingEndEvent):
        key_event = loader.get_event()
        key = _construct(events, key_event, path)
        if not isinstance(key, str):
            raise _Rejected(Problem(events.label, line, "", str(key), "mapping keys must be text"))
        key_line = key_event.start_mark.line + 1
        if key in mapping:
            raise _Rejected(Problem(events.label, key_line, "", key, "duplicate key"))
        key_path = (*path, key)
        events.result.lines[key_path] = key_line
        mapping[key] = _construct(events, loader.get_event(), key_path)
    loader.get_event()
    return mapping


_STR_TAG = "tag:yaml.org,2002:str"


def _scalar(events: _Events, event) -> Any:
    loader = events.loader
    tag = event.tag
    if tag in (None, "!"):
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR_TAG:
        return event.value  # most scalars are text: skip the constructor's dispatch
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        # Python tags (!!python/object ...) land here: the safe constructor knows no such tag.
        raise events.reject(event, f"YAML error: {exc.problem}") from None
    except ValueError:
        # 2023-02-30 matches YAML's timestamp pattern but is no real date: keep the text so the
        # field check reports it against its record and field.
        return event.value


def read_geojson(path: Path, label: str, root: Path) -> ReadResult:
    """Parse a GeoJSON file; `lines[("features", i)]` is the line where feature i starts."""
    text, problems = read_text(path, label, MAX_GEOJSON_BYTES, root)
    if text is None:
        return ReadResult(problems=problems)
    positions = text.count("[")  # an upper bound, counted before parsing builds the objects
    if positions > MAX_POSITIONS:
        message = f"holds about {positions:,} positions; the limit is {MAX_POSITIONS:,} per file"
        return ReadResult(problems=[Problem(label, None, "", "", message)])
    try:
        data = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        return ReadResult(problems=[Problem(label, exc.lineno, "", "", f"invalid JSON: {exc.msg}")])
    except RecursionError:
        return ReadResult(problems=[Problem(label, None, "", "", "JSON nested too deeply")])
    located = isinstance(data, dict) and isinstance(data.get("features"), list)
    return ReadResult(data=data, text=text if located else None)


class DuplicateKeys(dict):
    """A JSON object in which a key is repeated: JSON parsers keep the last value silently."""

    duplicate: str


class ParsedGeometry(dict):
    """A GeoJSON geometry object built into its shapely shape as soon as the parser closed it,
    so its positions never all stand as Python lists at once: a million positions as lists of
    floats are about 150 MB, the shape 16 MB. It keeps every key but `coordinates`."""

    shape: Any


_GEOMETRY_TYPES = frozenset({"Point", "LineString", "Polygon", "MultiPolygon"})
_GEOMETRY_KEYS = frozenset({"type", "coordinates", "bbox"})


def _object(pairs: list[tuple[str, Any]]) -> dict:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        repeated = DuplicateKeys(mapping)
        repeated.duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return repeated
    geometry = mapping.get("type") in _GEOMETRY_TYPES and "coordinates" in mapping
    return _built(mapping) if geometry and mapping.keys() <= _GEOMETRY_KEYS else mapping


def _built(geometry: dict) -> dict:
    """`geometry` as a ParsedGeometry, or unchanged when it is not well formed: the loader then
    builds it again and reports why, against its record."""
    from patrolmap.catalog.geometry import GeometryError, build_geometry

    try:
        shape = build_geometry(geometry)
    except GeometryError:
        return geometry
    built = ParsedGeometry((k, v) for k, v in geometry.items() if k != "coordinates")
    built.shape = shape
    return built


def _feature_lines(text: str) -> list[int]:
    """Return the starting line of each element of the top-level `features` array."""
    decoder = json.JSONDecoder()
    ws = " \t\r\n"

    def skip(pos: int) -> int:
        while pos < len(text) and text[pos] in ws:
            pos += 1
        return pos

    pos = skip(text.index("{")) + 1
    while True:
        pos = skip(pos)
        if text[pos] == "}":
            return []
        key, pos = decoder.raw_decode(text, pos)
        pos = skip(skip(pos) + 1)  # past ':'
        if key == "features":
            break
        _, pos = decoder.raw_decode(text, pos)
        pos = skip(pos)
        if text[pos] == ",":
            pos += 1
    starts: list[int] = []
    pos = skip(pos + 1)  # past '['
    line, counted = 1, 0
    while text[pos] != "]":
        line += text.count("\n", counted, pos)
        counted = pos
        starts.append(line)
        _, pos = decoder.raw_decode(text, pos)
        pos = skip(pos)
        if text[pos] == ",":
            pos = skip(pos + 1)
    return starts
