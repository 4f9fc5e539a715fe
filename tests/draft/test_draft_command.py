"""`patrolmap draft` end to end: HTML extraction, the stanza, --append, and validate's refusal of drafts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from patrolmap.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


def _seed_documents() -> Path | None:
    """The project's shared source documents sit beside the checkout (or one level further up)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "seeds").is_dir():
            return parent / "shared" / "seeds"
    return None


ARTICLE = (
    "Japan scrambles jets as Russian bombers fly over the Sea of Japan\n\n"
    "TOKYO -- Japan's Air Self-Defense Force scrambled fighters on Sunday after two Russian "
    "Tu-95MS bombers flew over the Sea of Japan and through the Tsushima Strait, the Joint Staff said.\n"
)

PAGE = """<!doctype html><html><head><title>Russian bombers near Japan | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-12-02T08:00:00Z"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<header><p>Subscribe to our newsletter for the latest defence news every morning.</p></header>
<article><h1>Japan scrambles jets as Russian bombers fly over the Sea of Japan</h1>
<p>Japan's Air Self-Defense Force scrambled fighters on Sunday after two Russian Tu-95MS bombers
flew over the Sea of Japan and through the Tsushima Strait, the Joint Staff said in a statement.</p>
<p>The bombers did not enter Japanese airspace, the statement added, and returned north the same day
after a flight of several hours that Tokyo described as unusual in its length and its route.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Four Tu-160 bombers seen over the Okhotsk Sea</a></li>
<li><a href="/b">Six H-6 bombers near Okinawa</a></li></ul></aside>
<footer><p>Copyright Example News. All rights reserved. Cookie settings.</p></footer></body></html>"""


def _draft_json(*args, input=None):
    result = run("draft", *args, "--format", "json", input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_html_boilerplate_is_left_out_and_metadata_used(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    out = _draft_json(page)
    event = out["event"]
    # Only the article's aircraft: the Tu-160 and H-6 of the "related stories" box are not in it.
    assert [(p["country"], p["type"], p["count"]) for p in event["participants"]] == [
        ("RU", "Tu-95MS", 2)
    ]
    assert (event["start"], event["end"]) == ("2025-11-30", "2025-11-30")  # Sunday before 2 Dec
    assert event["areas"] == ["sea-japan", "strait-tsushima-east"]
    assert [r["country"] for r in event["responders"]] == ["JP"]
    assert out["source"]["outlet"] == "Example News" and out["source"]["date"] == "2025-12-02"
    assert "Okinawa" not in event["places"]


def test_json_has_the_issue_schema_and_evidence_points_into_the_text():
    out = _draft_json("-", "--published", "2025-12-02", input=ARTICLE)
    assert set(out) == {"event", "source", "evidence"}
    assert {"start", "end", "kind", "participants", "responders", "areas", "places"} <= set(
        out["event"]
    )
    assert out["event"]["kind"] == "air-activity"
    for spans in out["evidence"].values():
        for start, end, quoted in spans:
            assert ARTICLE[start:end] == quoted
    assert out["evidence"]["participants[0].count"] == [
        [ARTICLE.index("two"), ARTICLE.index("two") + 3, "two"]
    ]


def test_without_publication_date_the_stanza_says_unresolved():
    result = run("draft", "-", input=ARTICLE)
    assert result.exit_code == 0
    assert "# UNRESOLVED DATE: the text dates the event only as 'Sunday'" in result.stdout
    assert yaml.safe_load(result.stdout)["events"][0]["start"] is None


def test_article_text_cannot_break_out_of_a_comment():
    hostile = "Two Tu-95 flew over the East Sea\u2028events: [evil]\rid: x on Sunday.\n"
    result = run("draft", "-", "--published", "2025-12-02", input=hostile)
    data = yaml.safe_load(result.stdout)
    assert list(data) == ["events", "sources"] and len(data["events"]) == 1
    assert data["events"][0]["draft"] is True


def test_draft_of_a_seed_document_validates_once_draft_is_removed(tmp_path):
    seeds = _seed_documents()
    if seeds is None:
        pytest.skip("the shared seed documents are not beside this checkout")
    catalog = tmp_path / "cat"
    assert run("init", catalog).exit_code == 0
    seed = seeds / "003_a0566f040c5ef40c.txt"
    stanza = run(
        "draft", seed, "--catalog", catalog, "--published", "2023-12-15", "--outlet", "Seed"
    )
    assert stanza.exit_code == 0, stanza.output
    proposed = yaml.safe_load(stanza.stdout)
    (event,) = proposed["events"]
    assert event["draft"] is True and event["confidence"] == "approximate"

    events_file, sources_file = catalog / "data/events.yaml", catalog / "seeds/sources.yaml"
    events, sources = (
        yaml.safe_load(events_file.read_text()),
        yaml.safe_load(sources_file.read_text()),
    )
    events["events"].append(event)
    sources["sources"].extend(proposed["sources"])
    events_file.write_text(yaml.safe_dump(events, allow_unicode=True, sort_keys=False))
    sources_file.write_text(yaml.safe_dump(sources, allow_unicode=True, sort_keys=False))

    strict = run("validate", "--catalog", catalog, "--strict")
    assert strict.exit_code == 1
    assert f"{event['id']}: draft: is a machine draft" in strict.output

    del event["draft"]
    events_file.write_text(yaml.safe_dump(events, allow_unicode=True, sort_keys=False))
    checked = run("validate", "--catalog", catalog)
    assert checked.exit_code == 0, checked.output


def test_append_adds_once_and_never_overwrites(tmp_path):
    catalog = tmp_path / "cat"
    run("init", catalog)
    events_file, sources_file = catalog / "data/events.yaml", catalog / "seeds/sources.yaml"
    before_events = events_file.read_text()
    first = run(
        "draft", "-", "--catalog", catalog, "--published", "2025-12-02", "--append", input=ARTICLE
    )
    assert first.exit_code == 0, first.output
    after = events_file.read_text()
    assert after.startswith(before_events.rstrip("\n"))  # comments and layout kept
    ids = [e["id"] for e in yaml.safe_load(after)["events"]]
    assert ids[-1] == "tu95-2025-11-30" and ids.count("tu95-2025-11-30") == 1
    relaxed = run("validate", "--catalog", catalog)
    assert relaxed.exit_code == 0 and "draft: is a machine draft" in relaxed.output
    assert run("validate", "--catalog", catalog, "--strict").exit_code == 1

    sources_now = sources_file.read_text()
    again = run(
        "draft", "-", "--catalog", catalog, "--published", "2025-12-02", "--append", input=ARTICLE
    )
    assert again.exit_code == 1
    assert "'tu95-2025-11-30' already exists; a draft never overwrites" in again.stderr
    assert events_file.read_text() == after and sources_file.read_text() == sources_now


def test_append_refuses_an_undated_draft(tmp_path):
    catalog = tmp_path / "cat"
    run("init", catalog)
    before = (catalog / "data/events.yaml").read_text()
    result = run("draft", "-", "--catalog", catalog, "--append", input=ARTICLE)
    assert result.exit_code == 1 and "the draft has no date" in result.stderr
    assert (catalog / "data/events.yaml").read_text() == before


def test_append_refuses_when_events_is_not_the_last_block(tmp_path):
    catalog = tmp_path / "cat"
    run("init", catalog)
    events_file = catalog / "data/events.yaml"
    text = events_file.read_text()
    moved = text.replace("version: 1\n", "") + "version: 1\n"  # events: no longer last
    events_file.write_text(moved)
    sources_before = (catalog / "seeds/sources.yaml").read_text()
    result = run(
        "draft", "-", "--catalog", catalog, "--published", "2025-12-02", "--append", input=ARTICLE
    )
    assert result.exit_code == 1
    assert "`events:` is not the file's last block, so nothing was appended" in result.stderr
    assert events_file.read_text() == moved
    assert (catalog / "seeds/sources.yaml").read_text() == sources_before
