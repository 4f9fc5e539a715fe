"""Text cells for CSV files that people open in a spreadsheet: data stays, nothing runs, nothing hides.

A cell that starts with = + - @ (after any white space) is a formula to Excel,
LibreOffice and Google Sheets, so catalogue text could run `=HYPERLINK(...)` or worse on an analyst's
machine (OWASP "CSV injection"). Such a cell gets a leading apostrophe, which the spreadsheet shows as
text. Control characters (C0, DEL, C1) could rewrite a terminal that prints the file; line breaks and
tabs become spaces, the rest are dropped. Numbers are not text and are written as they are.
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@")
_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def spreadsheet_cell(text: str) -> str:
    """Return `text` as an inert CSV cell: no control characters, never read as a formula."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    clean = _CONTROLS.sub("", _BREAKS.sub(" ", text))
    return "'" + clean if clean.lstrip().startswith(_FORMULA_START) else clean
