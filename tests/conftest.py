"""Shared fixtures: tiny hand-made catalogues and the bundled one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# No property test is timed: Hypothesis's per-example deadline failed runs on a loaded machine
# (DeadlineExceeded in tests/safety), which says nothing about correctness.
settings.register_profile("default", deadline=None)
# Under CI the property tests explore a fixed sequence of examples, so a landing never hangs on
# a lucky draw; on developer machines they keep exploring new ones.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")

sys.path.insert(0, str(Path(__file__).parent))

from catalog_factory import base_catalog, write_catalog  # noqa: E402  (after sys.path)


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


from browser_support import browser, open_page, tiny_page  # noqa: E402,F401  (shared fixtures)


def pytest_terminal_summary(terminalreporter):
    """Say how many browser tests ran, so a CI log shows they were not silently skipped."""
    counts = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            is_browser = "browser" in getattr(report, "keywords", {})
            # A skip is reported at setup; a pass or failure at call.
            if is_browser and (report.when == "call" or outcome == "skipped"):
                counts[outcome] = counts.get(outcome, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "none collected"
    terminalreporter.write_line(f"browser tests: {summary}")
