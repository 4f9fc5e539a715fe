"""How long validation takes over many unknown references, each given a "did you mean" hint.

    python benchmarks/reference_check.py [--unknown 10000] [--known 10000] [--workdir DIR]

Writes a catalogue (benchmarks/make_catalog.py, 1,000 events and 20,000 route vertices) with
`--known` extra sources, every one cited, and `--unknown` references to sources that do not
exist: half have two letters of a real id swapped (the hint finds it), half are far from every id.
Then it times `validate_catalog` in this process, and the reference check alone, and prints them.
Issue 12 measured the old check (difflib against every known id) at 39 s for 200 x 200; this
reports a measurement, it asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_catalog import _write_yaml, make_catalog


def write_catalog(root: Path, n_known: int, n_unknown: int) -> None:
    make_catalog(root, 1000, 20_000, seed=0)
    sources_path, events_path = root / "seeds" / "sources.yaml", root / "data" / "events.yaml"
    sources = yaml.safe_load(sources_path.read_text("utf-8"))
    events = yaml.safe_load(events_path.read_text("utf-8"))
    template = sources["sources"][0]
    extra = [f"src-extra-report-{i:06d}" for i in range(n_known)]
    for i, sid in enumerate(extra):
        record = dict(
            template, id=sid, headline=f"Extra report {i}", url=f"https://example.org/{i}"
        )
        sources["sources"].append(record)
    # Odd ones swap two letters of a real id; even ones are like nothing in the catalogue.
    unknown = [
        f"src-extra-reprot-{i:06d}" if i % 2 else f"src-nowhere-{i:06d}" for i in range(n_unknown)
    ]
    n_events = len(events["events"])
    for i, event in enumerate(events["events"]):
        event["sources"] += extra[i::n_events] + unknown[i::n_events]
    _write_yaml(sources_path, sources)
    _write_yaml(events_path, events)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--known", type=int, default=10_000, help="extra source ids")
    parser.add_argument("--unknown", type=int, default=10_000, help="references to no source")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    from patrolmap.catalog import load, validate

    with tempfile.TemporaryDirectory() as tmp:
        root = (args.workdir or Path(tmp)) / f"refs-{args.known}-{args.unknown}"
        write_catalog(root, args.known, args.unknown)
        started = time.perf_counter()
        report = validate.validate_catalog(root, join=False)
        total = time.perf_counter() - started
        loaded = load.read_records(root)
        started = time.perf_counter()
        unknown = list(validate.known_references(loaded))
        check = time.perf_counter() - started
    hinted = sum("did you mean" in p.message for p in unknown)
    n_sources = len(report.catalog.sources) if report.catalog else 0
    print(
        f"{len(unknown):,} unknown references ({hinted:,} with a hint) among {n_sources:,} "
        f"sources: the reference check took {check:.1f} s, all of validate_catalog {total:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
