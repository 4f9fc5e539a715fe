"""Shared fixtures: tiny hand-made catalogues and the bundled one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from catalog_factory import base_catalog, write_catalog


@pytest.fixture
def parts():
    """The plain data of a tiny valid catalogue; change it, then call `make_catalog(parts)`."""
    return base_catalog()


@pytest.fixture
def make_catalog(tmp_path):
    """Write a tiny catalogue (optionally changed) and return its directory."""
    counter = iter(range(1000))

    def make(changed: dict | None = None) -> Path:
        return write_catalog(tmp_path / f"catalog{next(counter)}", changed)

    return make


from browser_support import browser, open_page  # noqa: E402,F401  (shared fixtures)
