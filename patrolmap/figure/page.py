"""Page sizes for `figure --page` and `snapshot --page`: named paper sizes or WxH in inches."""

from __future__ import annotations

import re

from patrolmap.errors import PatrolmapError

# Width × height in inches. A4 is 210 × 297 mm (ISO 216); US Letter is 8.5 × 11 in.
PAGES: dict[str, tuple[float, float]] = {
    "a4": (8.27, 11.69),
    "a4-landscape": (11.69, 8.27),
    "letter": (8.5, 11.0),
    "letter-landscape": (11.0, 8.5),
}
SIDE_IN = (2.0, 40.0)  # the same bounds as --width and --height
_CUSTOM = re.compile(r"(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)")


def page_size(page: str) -> tuple[float, float]:
    """Width and height in inches of a named page or of `WxH` (inches, e.g. 10x7.5)."""
    name = page.strip().lower()
    if name in PAGES:
        return PAGES[name]
    match = _CUSTOM.fullmatch(name)
    if match:
        width, height = float(match[1]), float(match[2])
        if all(SIDE_IN[0] <= side <= SIDE_IN[1] for side in (width, height)):
            return width, height
    names = ", ".join(PAGES)
    raise PatrolmapError(
        f"--page {page!r}: use one of {names}, or WxH in inches with sides "
        f"{SIDE_IN[0]:g} to {SIDE_IN[1]:g} (e.g. 10x7.5)"
    )
