"""`init --force` writes every file of the catalogue or none (issue 12)."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from patrolmap import atomic
from patrolmap.catalog.init import CATALOG_FILES, init_catalog
from patrolmap.cli import cli


def _tree(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_a_failure_on_the_fifth_file_leaves_the_directory_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "cat"
    (target / "data").mkdir(parents=True)
    (target / "data" / "events.yaml").write_text("mine\n")
    before = _tree(target)
    calls = []
    real_replace = os.replace

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    result = CliRunner().invoke(cli, ["init", str(target), "--force"])
    assert result.exit_code == 1 and "no space left" in result.stderr.lower()
    assert len(calls) == 5 < len(CATALOG_FILES)
    assert _tree(target) == before  # no new file, no .part file, no new folder
    assert (target / "data" / "events.yaml").read_text() == "mine\n"


def test_a_target_that_cannot_be_written_stops_init_before_any_file(tmp_path):
    target = tmp_path / "cat"
    (target / "seeds" / "sources.yaml").mkdir(parents=True)  # a directory where a file must go
    with pytest.raises(atomic.OutputError, match="is a directory"):
        init_catalog(target, force=True)
    assert _tree(target) == ["seeds", "seeds/sources.yaml"]


def test_init_force_writes_every_file(tmp_path):
    target = tmp_path / "cat"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    written = init_catalog(target, force=True)
    assert sorted(str(p.relative_to(target)) for p in written) == sorted(CATALOG_FILES)
    assert (target / "keep.txt").read_text() == "mine"
