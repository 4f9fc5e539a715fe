"""Escapes for the plain-text outputs: what a terminal shows, and markdown (CSV: spreadsheet.py).

Catalogue text and the names in messages reach a person's terminal and other programs. A control
character there can clear the screen, forge a green "ok", hide an error, write the clipboard
(OSC 52) or make a link (OSC 8); in markdown, raw HTML and link syntax turn into script and links
once a renderer turns the table into HTML. The loader refuses control characters in catalogue text;
these escapes guard everything printed, whatever its origin.
"""

from __future__ import annotations

import re

# What a terminal or viewer acts on: C0 and C1 controls and DEL, line and paragraph separators,
# and the bidirectional overrides and isolates that reorder what is shown (Trojan Source).
_TERMINAL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# Every line terminator a markdown renderer or an editor may honour, and the other controls.
_LINE_ENDS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Markdown's inline syntax and raw HTML, written as character references: a renderer shows the
# character and never reads it as structure (CommonMark 6.2; Python-Markdown and markdown-it agree).
# `|` as a reference cannot split a table cell; `\` as one cannot escape what follows it.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "&<>|\\`*_[]~"})


def for_terminal(text: str) -> str:
    """`text` with each control character shown as an escape (`\\x1b`, `\\u202e`), never acted on.
    Newline and tab are kept: they only lay out lines."""
    return _TERMINAL.sub(_escape, text)


def markdown_text(text: str) -> str:
    """`text` for one markdown table cell: one line, no control characters, no syntax, no HTML."""
    one_line = _LINE_ENDS.sub(" ", text).replace("\t", " ")
    return _CONTROLS.sub("", one_line).translate(_MARKDOWN)


def json_for_terminal(dumped: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) with the characters a terminal acts on
    written as \\u escapes; json.dumps escapes only C0. Still valid JSON, with the same data."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
