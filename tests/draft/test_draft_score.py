"""The draft scorer: it names the texts it cannot find and scores the rest, per field."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCORER = Path(__file__).resolve().parents[2] / "benchmarks" / "draft_score.py"


def _scorer():
    spec = importlib.util.spec_from_file_location("draft_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LABELS = """
version: 1
reports:
  - id: snippet-a
    split: dev
    url: https://example.org/a
    outlet: Example
    published: 2025-12-02
    expected:
      start: 2025-11-30
      end: 2025-11-30
      kind: air-activity
      participants:
        - {country: RU, family: Tu-95, count: 2}
      responders: [JP]
      areas: [sea-japan]
  - id: snippet-missing
    split: held-out
    url: https://example.org/b
    outlet: Example
    published: 2025-12-02
    expected: {start: 2025-12-01, end: 2025-12-01, kind: air-activity, participants: [], responders: [], areas: []}
"""


def test_scorer_reports_missing_texts_and_per_field_scores(tmp_path, capsys):
    (tmp_path / "labels.yaml").write_text(LABELS)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "snippet-a.txt").write_text(
        "Japan scrambled fighters on Sunday after two Russian Tu-95MS bombers and an Il-20 "
        "flew over the Sea of Japan."
    )
    code = _scorer().main(
        ["--labels", str(tmp_path / "labels.yaml"), "--texts", str(texts), "--split", "all"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert f"texts not found in {texts} (not scored): snippet-missing" in out
    rows = {
        line.split("|")[1].strip(): line.split("|")[2:5]
        for line in out.splitlines()
        if line.startswith("| ")
    }
    assert [v.strip() for v in rows["start"]] == ["1.00", "1.00", "1.00"]
    # the Il-20 is not in the labels: a false type, so types precision is 1/2
    assert [v.strip() for v in rows["types"]] == ["0.50", "1.00", "0.67"]
