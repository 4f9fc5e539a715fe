"""Exceptions raised by patrolmap; the CLI turns each into a message and exit code 1."""

from __future__ import annotations

from dataclasses import dataclass


class PatrolmapError(Exception):
    """Base class for every error patrolmap reports to a user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a catalogue, located as precisely as the format allows."""

    file: str
    line: int | None
    record: str
    field: str
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if not self.record and not self.field:  # a problem with the file as a whole
            return f"{where}: {self.message}"
        return f"{where}: {self.record or '-'}: {self.field or '-'}: {self.message}"

    def sort_key(self) -> tuple:
        """File, then line (a problem with no line first), then record, field and message."""
        return (self.file, self.line or 0, self.record, self.field, self.message)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "record": self.record,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


class CatalogError(PatrolmapError, ValueError):
    """The catalogue could not be loaded or failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


class SelectionError(PatrolmapError, ValueError):
    """A selection of events that cannot be made: an unknown id or kind, a value that is not a
    date, or a date range that ends before it starts."""


class OutputError(PatrolmapError, OSError):
    """An output path cannot be written (a directory, a non-empty init target, ...)."""


class MissingDependencyError(PatrolmapError, RuntimeError):
    """An optional tool (Playwright, Chromium) is needed and not installed."""
