"""Score `patrolmap draft` against hand labels: precision, recall and F1 per field.

    python benchmarks/draft_score.py                      # dev, held-out and all, as markdown tables
    python benchmarks/draft_score.py --split dev --misses # one split, with every miss listed
    python benchmarks/draft_score.py --texts ~/report-cache

Labels (benchmarks/draft/labels.yaml) hold each report's address, outlet, publication date and
expected values. The report texts are news copy under their publishers' copyright, so they are read
from a local cache directory (--texts, default benchmarks/draft/texts, ignored by git), one
`<id>.txt` or `<id>.html` per report; the scorer names every report whose text it cannot find and
scores the rest.

Fields, each scored as sets of (report, value) pairs pooled over the reports:
  start, end   the event's dates
  kind         the event's kind
  types        (country, family) of participants with a type (counts by country alone excluded)
  counts       (country, family, count) where the count is given, counts by country included
  responders   responder countries
  areas        catalogue area ids
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from patrolmap.catalog import load_catalog  # noqa: E402
from patrolmap.draft import Gazetteer, make_draft  # noqa: E402
from patrolmap.draft.participants import family_of  # noqa: E402
from patrolmap.draft.text import Article, article_from_html, normalise  # noqa: E402

FIELDS = ("start", "end", "kind", "types", "counts", "responders", "areas")
TARGETS = {"start": 0.9, "end": 0.9, "kind": 0.9, "types": 0.8, "areas": 0.8, "responders": 0.8}
UNTYPED = "(type not given)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=ROOT / "benchmarks/draft/labels.yaml")
    parser.add_argument(
        "--texts",
        type=Path,
        default=Path(os.environ.get("PATROLMAP_DRAFT_TEXTS", ROOT / "benchmarks/draft/texts")),
    )
    parser.add_argument("--split", choices=("dev", "held-out", "all"), action="append")
    parser.add_argument("--misses", action="store_true", help="List every false and missed value.")
    parser.add_argument("--catalog", type=Path, default=None)
    args = parser.parse_args(argv)

    reports = yaml.safe_load(args.labels.read_text(encoding="utf-8"))["reports"]
    gazetteer = Gazetteer.from_catalog(load_catalog(args.catalog))
    found, missing = [], []
    for report in reports:
        article = _read_text(args.texts, report["id"])
        if article is None:
            missing.append(report["id"])
        else:
            found.append((report, _predict(report, article, gazetteer)))
    if missing:
        print(f"texts not found in {args.texts} (not scored): {', '.join(missing)}\n")
    if not found:
        print("no report text found; nothing scored")
        return 1
    for split in args.split or ["dev", "held-out", "all"]:
        scored = [(r, p) for r, p in found if split == "all" or r["split"] == split]
        print(f"### {split}: {len(scored)} reports\n")
        print(_table(scored))
        if args.misses:
            print(_misses(scored))
    return 0


def _read_text(folder: Path, report_id: str) -> Article | None:
    for suffix in (".txt", ".html"):
        path = folder / f"{report_id}{suffix}"
        if path.is_file():
            raw = path.read_text(encoding="utf-8")
            return article_from_html(raw) if suffix == ".html" else Article(text=normalise(raw))
    return None


def _predict(report: dict, article: Article, gazetteer: Gazetteer) -> dict:
    published = report.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    draft = make_draft(
        article, gazetteer, published=published, url=report.get("url"), outlet=report.get("outlet")
    )
    event = draft.event
    participants = [
        {"country": p["country"], "family": family_of(p["type"]), "count": p["count"]}
        for p in event["participants"]
    ]
    return {
        "start": event["start"],
        "end": event["end"],
        "kind": event["kind"],
        "participants": participants,
        "responders": [r["country"] for r in event["responders"]],
        "areas": event["areas"],
    }


def _values(record: dict, field: str) -> set:
    """One report's values of a field as a set of hashable items."""
    if field in ("start", "end", "kind"):
        value = record.get(field)
        return {str(value)} if value is not None else set()
    if field == "types":
        return {
            (p["country"], p["family"])
            for p in record["participants"]
            if UNTYPED not in p["family"]
        }
    if field == "counts":
        return {
            (p["country"], p["family"], p["count"])
            for p in record["participants"]
            if p["count"] is not None
        }
    return set(record.get(field) or ())


def _scores(scored: list) -> dict[str, tuple[float, float, float, int, int]]:
    out = {}
    for field in FIELDS:
        tally: Counter = Counter()
        for report, predicted in scored:
            expected, got = _values(report["expected"], field), _values(predicted, field)
            tally["tp"] += len(expected & got)
            tally["fp"] += len(got - expected)
            tally["fn"] += len(expected - got)
        p = tally["tp"] / (tally["tp"] + tally["fp"]) if tally["tp"] + tally["fp"] else 1.0
        r = tally["tp"] / (tally["tp"] + tally["fn"]) if tally["tp"] + tally["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[field] = (p, r, f1, tally["tp"] + tally["fn"], tally["tp"] + tally["fp"])
    return out


def _table(scored: list) -> str:
    lines = [
        "| field | precision | recall | F1 | labelled | predicted | target F1 |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for field, (p, r, f1, n_true, n_pred) in _scores(scored).items():
        target = TARGETS.get(field)
        mark = "" if target is None else f"≥ {target} {'met' if f1 >= target else 'MISSED'}"
        lines.append(f"| {field} | {p:.2f} | {r:.2f} | {f1:.2f} | {n_true} | {n_pred} | {mark} |")
    return "\n".join(lines) + "\n"


def _misses(scored: list) -> str:
    lines = []
    for report, predicted in scored:
        for field in FIELDS:
            expected, got = _values(report["expected"], field), _values(predicted, field)
            extra, lost = sorted(map(str, got - expected)), sorted(map(str, expected - got))
            if extra or lost:
                lines.append(
                    f"- {report['id']} {field}: missed {lost or '-'}; wrong {extra or '-'}"
                )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
