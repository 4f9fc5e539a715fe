"""The YAML reader builds data straight from the parser's events: same data as the safe loader,
the line of every key and item, and the refusals (aliases, tags, depth, duplicates)."""

import datetime as dt

import pytest
import yaml

from patrolmap.catalog.read import read_yaml

TEXT = """\
version: 1
events:
  - id: a
    start: 2024-07-24
    tags: [x, y]
    n: 3
    nested:
      deep: {k: true, z: null}
  - id: b
    title: '2019'
"""


def read(tmp_path, text):
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    return read_yaml(path, "events.yaml", tmp_path)


def test_same_data_as_the_safe_loader_with_the_line_of_every_key_and_item(tmp_path):
    result = read(tmp_path, TEXT)
    assert result.problems == []
    assert result.data == yaml.safe_load(TEXT)
    assert result.data["events"][0]["start"] == dt.date(2024, 7, 24)
    lines = result.lines
    assert lines[("events",)] == 2
    assert lines[("events", 0)] == 3 and lines[("events", 0, "id")] == 3
    assert lines[("events", 0, "tags")] == 5 and lines[("events", 0, "tags", 1)] == 5
    assert lines[("events", 0, "nested", "deep", "z")] == 8
    assert lines[("events", 1, "title")] == 10
    assert result.line(("events", 1, "title", "no such")) == 10  # nearest located ancestor


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: &x [1, 2]\nb: *x\n", 2, "YAML anchors and aliases are not supported"),
        ("a: &x 1\nb:\n  - 2\n  - *x\n", 4, "YAML anchors and aliases are not supported"),
        ("a: 1\nb: 2\na: 3\n", 3, "duplicate key"),
        ("? [1]\n: b\n", 1, "mapping keys must be text"),
        ("e: " + "[" * 40 + "]" * 40 + "\n", 1, "nested deeper than 24 levels"),
        ("e: !!python/object/apply:os.system ['x']\n", 1, "is not supported"),
        ("a: !!python/name:os.system\n", 1, "python/name"),
        ("a: 1\n---\nb: 2\n", 2, "found another document"),
        ("a: [1, 2\nb: 3\n", 2, "YAML error"),
    ],
)
def test_refused_with_the_line(tmp_path, text, line, message):
    result = read(tmp_path, text)
    assert result.data is None
    [problem] = result.problems
    assert problem.line == line and message in problem.message


def test_an_anchor_alone_is_fine_and_an_empty_stream_is_empty(tmp_path):
    assert read(tmp_path, "a: &x 1\nb: 2\n").data == {"a": 1, "b": 2}
    [problem] = read(tmp_path, "# only a comment\n").problems
    assert problem.message == "file is empty"


def test_an_impossible_date_stays_text_for_the_field_check(tmp_path):
    assert read(tmp_path, "d: 2023-02-30\n").data == {"d": "2023-02-30"}
