"""Shared pieces of the interchange tests: the bundled catalogue joined once, and `export` runs."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from patrolmap.catalog import load_catalog
from patrolmap.cli import cli
from patrolmap.join import join_catalog


@pytest.fixture(scope="session")
def bundled():
    """The bundled catalogue and its join, which the expected counts are computed from."""
    catalog = load_catalog()
    return catalog, join_catalog(catalog)


@pytest.fixture
def run():
    """Run the command line; return the click result (exit code, stdout, stderr)."""

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke
