"""A found value and the span of article text it came from, so a person can check it in seconds."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        return cls(start, end, source[start:end])

    def as_list(self) -> list:
        return [self.start, self.end, self.text]
