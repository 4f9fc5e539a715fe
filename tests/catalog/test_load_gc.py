"""Reading pauses Python's cycle collector (millions of live objects, nothing cyclic to collect)
and always leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from patrolmap.catalog import load
from patrolmap.catalog.load import read_records


@pytest.fixture
def collector_state():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


def test_the_collector_is_paused_while_reading_and_enabled_again(monkeypatch, collector_state):
    seen = []
    real = load.read_yaml

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "read_yaml", spy)
    gc.enable()
    assert read_records().catalog is not None
    assert seen == [False, False] and gc.isenabled()


def test_a_disabled_collector_stays_disabled_and_an_error_restores_it(monkeypatch, collector_state):
    gc.disable()
    read_records()
    assert not gc.isenabled()

    def boom(*args, **kwargs):
        raise RuntimeError("reader failed")

    monkeypatch.setattr(load, "read_yaml", boom)
    gc.enable()
    with pytest.raises(RuntimeError):
        read_records()
    assert gc.isenabled()
