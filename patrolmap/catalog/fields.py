"""Field checks shared by every record kind: each check reports a located Problem and returns a value."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from patrolmap.catalog.model import COUNTRY_NAMES
from patrolmap.catalog.read import ReadResult
from patrolmap.catalog.suggest import Suggester
from patrolmap.errors import Problem

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")  # always fullmatch: `$` would allow a "\n"
MAX_TEXT = 20_000  # long enough for any honest summary; bounds what reaches the page
# A longer run of characters without a space cannot wrap in a figure or popup. Chinese, Japanese
# and Korean script may wrap between any two characters, so its characters end a run.
MAX_WORD = 60
# C0 controls but tab and newline, DEL, C1 controls: no text needs them, and they corrupt SVG,
# terminals and CSV. Lone surrogates cannot be written as UTF-8 at all.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_WRAPS_ANYWHERE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
_LONG_WORD = re.compile(rf"[^\s\u200b{_WRAPS_ANYWHERE}]{{{MAX_WORD + 1},}}")


class RecordChecker:
    """Checks the fields of one record, collecting problems located at file, line, record, field."""

    def __init__(self, label: str, read: ReadResult, path: tuple, record: dict, problems: list):
        self.label, self.read, self.path, self.record = label, read, path, record
        self.problems: list[Problem] = problems
        self.prefix = ""  # "participants[2]." for a nested record
        raw_id = record.get("id")
        # Until the record has a usable id; a file's top-level mapping has none.
        self.record_id: str = f"record {path[-1] + 1}" if path else ""
        if isinstance(raw_id, str) and ID_PATTERN.fullmatch(raw_id):
            self.record_id = raw_id

    def fail(self, field: str, message: str, *, subpath: tuple = (), severity: str = "error"):
        line = self.read.line((*self.path, field, *subpath))
        self.problems.append(
            Problem(self.label, line, self.record_id, self.prefix + field, message, severity)
        )

    def closed(self, keys: tuple[str, ...]) -> None:
        """Refuse keys the schema does not list (see catalog.schema), suggesting a close one."""
        known = None
        for key in self.record:
            if key not in keys:
                known = known or Suggester(keys)
                hint = known.hint(key) if isinstance(key, str) else ""
                self.fail(str(key)[:100], f"is not a field of this record{hint}")

    def _get(self, field: str, required: bool) -> tuple[bool, Any]:
        if field not in self.record or self.record[field] is None:
            if required:
                self.fail(field, "is required")
            return False, None
        return True, self.record[field]

    def text(
        self, field: str, *, required: bool = True, max_len: int = MAX_TEXT, prose: bool = True
    ) -> str | None:
        """Text that is safe everywhere it goes; `prose` is text a figure or popup must wrap."""
        present, value = self._get(field, required)
        if not present:
            return None
        if not isinstance(value, str):
            self.fail(field, f"must be text, found {_kind(value)}")
            return None
        problem = text_problem(value, max_len, prose)
        if problem:
            self.fail(field, problem)
            return None
        return value

    def identifier(self, field: str = "id", *, prefix: str = "") -> str | None:
        value = self.text(field, max_len=100, prose=False)
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value) or not value.startswith(prefix):
            need = f" starting with '{prefix}'" if prefix else ""
            self.fail(field, f"{value!r} is not an id: use a-z, 0-9 and '-'{need}")
            return None
        return value

    def choice(self, field: str, options: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.text(field, required=required, max_len=100, prose=False)
        if value is not None and value not in options:
            self.fail(field, f"{value!r} is not one of: {', '.join(options)}")
            return None
        return value

    def country(self, field: str, *, required: bool = True) -> str | None:
        value = self.text(field, required=required, max_len=10, prose=False)
        if value is not None and value not in COUNTRY_NAMES:
            self.fail(field, _not_a_country(value))
            return None
        return value

    def countries(self, field: str) -> tuple[str, ...]:
        """A non-empty list of country codes, each from the one list (model.COUNTRY_NAMES)."""
        codes = self.text_list(field, required=True, non_empty=True, prose=False)
        for i, code in enumerate(codes):
            if code not in COUNTRY_NAMES:
                self.fail(field, f"item {i + 1}: {_not_a_country(code)}", subpath=(i,))
        return codes if all(code in COUNTRY_NAMES for code in codes) else ()

    def text_list(
        self, field: str, *, required: bool = False, non_empty: bool = False, prose: bool = True
    ) -> tuple:
        present, value = self._get(field, required)
        if not present:
            return ()
        if not isinstance(value, list):
            self.fail(field, f"must be a list, found {_kind(value)}")
            return ()
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(field, f"item {i + 1} must be text, found {_kind(item)}", subpath=(i,))
                continue
            problem = text_problem(item, MAX_TEXT, prose)
            if problem:
                self.fail(field, f"item {i + 1} {problem}", subpath=(i,))
            else:
                items.append(item)
        if non_empty and not value:
            self.fail(field, "must list at least one item")
        return tuple(items)

    def date(self, field: str, *, required: bool = True) -> dt.date | None:
        present, value = self._get(field, required)
        if not present:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.fail(field, f"{value!r} is not a real date in YYYY-MM-DD form")
                return None
        self.fail(field, f"must be a date (YYYY-MM-DD), found {_kind(value)}")
        return None

    def integer(self, field: str, *, required: bool = False, minimum: int = 0) -> int | None:
        present, value = self._get(field, required)
        if not present:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(field, f"must be a whole number ≥ {minimum}, found {value!r}"[:200])
            return None
        return value

    def number(self, field: str, low: float, high: float) -> float | None:
        present, value = self._get(field, True)
        if not present:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
        ):
            self.fail(field, f"must be a number, found {_kind(value)}")
            return None
        if not low <= value <= high:
            self.fail(field, f"{value} is outside {low}…{high}")
            return None
        return float(value)

    def records(self, field: str, *, required: bool = False) -> list[tuple[int, dict]]:
        """Return the (index, mapping) items of a list-of-mappings field."""
        present, value = self._get(field, required)
        if not present:
            return []
        if not isinstance(value, list):
            self.fail(field, f"must be a list, found {_kind(value)}")
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, dict):
                out.append((i, item))
            else:
                self.fail(
                    field, f"item {i + 1} must be a mapping, found {_kind(item)}", subpath=(i,)
                )
        return out

    def sub(self, field: str, index: int) -> RecordChecker:
        """A checker for a nested record; its problems name the parent record and field path."""
        nested = RecordChecker(
            self.label,
            self.read,
            (*self.path, field, index),
            self.record[field][index],
            self.problems,
        )
        nested.record_id = self.record_id
        nested.prefix = f"{self.prefix}{field}[{index + 1}]."
        return nested


def text_problem(value: str, max_len: int = MAX_TEXT, prose: bool = True) -> str | None:
    """What makes `value` unfit as catalogue text, or None."""
    if not value.strip():
        return "must not be blank"
    if len(value) > max_len:
        return f"is {len(value):,} characters; the limit is {max_len:,}"
    bad = _NOT_TEXT.search(value)
    if bad:
        char = bad.group()
        what = "a lone surrogate" if "\ud800" <= char <= "\udfff" else "a control character"
        return f"contains {what} (U+{ord(char):04X}) at character {bad.start() + 1}"
    long_word = _LONG_WORD.search(value) if prose else None
    if long_word:
        return (
            f"has a word of {len(long_word.group()):,} characters with no space "
            f"(at character {long_word.start() + 1}); the limit is {MAX_WORD}, so it can wrap"
        )
    return None


def _not_a_country(value: str) -> str:
    return f"{value!r} is not a country patrolmap knows: {', '.join(COUNTRY_NAMES)}"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
