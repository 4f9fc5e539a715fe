"""The text alternative: one sentence per event from the joined facts (describe.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.describe import (
    approximate_km,
    date_text,
    event_sentences,
    map_description,
    overview,
)
from patrolmap.join import join_catalog


@pytest.fixture
def tiny_joined(make_catalog, parts):
    for adiz, name in zip(
        parts["adiz"], ["Japan ADIZ (JADIZ)", "Korea ADIZ (KADIZ)", "Alaska ADIZ"], strict=True
    ):
        adiz["properties"]["name"] = name
    parts["straits"][0]["properties"]["name"] = "Tsushima Strait (East Channel)"
    parts["events"][0]["participants"] = [
        {"country": "RU", "type": "Tu-95MS", "count": 2},
        {"country": "CN", "type": "H-6K", "count": 2},
        {"country": "CN", "type": "KJ-2000", "count": None},
    ]
    return join_catalog(load_catalog(make_catalog(parts)))


def test_sentence_joins_date_participants_adiz_straits_and_length(tiny_joined):
    # route-cross runs 133.5°E -> 135.5°E at 30.5°N: 2° of longitude there is about 192 km.
    assert event_sentences(tiny_joined)["ev-cross"] == (
        "1–2 Jan 2020: two Tu-95MS, two H-6K and an unreported number of KJ-2000; "
        "entered the Japan and Korea ADIZs; crossed the Tsushima Strait; routes about 190 km"
    )


def test_sentence_for_a_route_that_stops_short_names_no_strait(tiny_joined):
    # route-short: 0.9° of longitude at 30.2°N, about 87 km.
    assert event_sentences(tiny_joined)["ev-short"] == (
        "1–2 Jan 2020: two Tu-95MS; entered the Japan ADIZ; routes about 90 km"
    )


def test_event_without_a_route_says_so(tiny_joined):
    assert event_sentences(tiny_joined)["ev-noroute"] == "1–2 Jan 2020: two Tu-95MS; no route drawn"


def test_sentences_come_in_date_order(tiny_joined):
    assert list(event_sentences(tiny_joined)) == [
        "ev-cross",
        "ev-noroute",
        "ev-short",
        "ev-dateline",
    ]


def test_bundled_first_patrol_reads_as_the_issue_asks():
    joined = join_catalog(filter_catalog(load_catalog(), events=["patrol-2019-07-23"]))
    sentence = event_sentences(joined)["patrol-2019-07-23"]
    assert sentence.startswith("23 Jul 2019: two Tu-95MS, two H-6K, one A-50")
    assert "Japan and Korea ADIZs" in sentence and "crossed the Tsushima Strait" in sentence
    assert map_description(joined).startswith("1 event on 23 Jul 2019;")


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        ("2019-07-23", "2019-07-23", "23 Jul 2019"),
        ("2023-06-06", "2023-06-07", "6–7 Jun 2023"),
        ("2022-11-30", "2022-12-01", "30 Nov – 1 Dec 2022"),
        ("2025-12-28", "2026-01-26", "28 Dec 2025 – 26 Jan 2026"),
    ],
)
def test_date_text(start, end, text):
    assert date_text(dt.date.fromisoformat(start), dt.date.fromisoformat(end)) == text


@pytest.mark.parametrize(
    ("km", "text"), [(2874.4, "2,900"), (1000.0, "1,000"), (344.9, "340"), (7.0, "10"), (3.2, "3")]
)
def test_lengths_are_rounded_as_a_reader_would_say_them(km, text):
    assert approximate_km(km) == text


def test_overview_of_an_empty_selection(make_catalog):
    catalog = filter_catalog(load_catalog(make_catalog()), kinds=["air-activity"])
    assert overview(catalog) == "No events selected; the map shows reference geography only."
