"""Each extraction rule of `patrolmap draft` on short hand-written snippets."""

from __future__ import annotations

import datetime as dt

import pytest

from patrolmap.draft.dates import event_dates
from patrolmap.draft.gazetteer import Entry, Gazetteer
from patrolmap.draft.participants import find_aircraft, find_generic, find_ships
from patrolmap.draft.responders import find_responders

TUESDAY_2_DEC = dt.date(2025, 12, 2)


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "start", "end"),
    [
        # weekdays resolve backwards from publication, across the month end
        ("Two bombers flew on Sunday.", TUESDAY_2_DEC, "2025-11-30", "2025-11-30"),
        ("Two bombers flew on Tuesday.", TUESDAY_2_DEC, "2025-12-02", "2025-12-02"),
        ("They flew on Friday and Saturday.", TUESDAY_2_DEC, "2025-11-28", "2025-11-29"),
        ("The flights came yesterday.", dt.date(2024, 3, 1), "2024-02-29", "2024-02-29"),
        (
            "Flights on 29 and 30 November drew a protest.",
            TUESDAY_2_DEC,
            "2025-11-29",
            "2025-11-30",
        ),
        (
            "operating in the ADIZ on Sept. 11, 13-15, 2024.",
            dt.date(2024, 9, 17),
            "2024-09-11",
            "2024-09-15",
        ),
        ("The patrol of Dec. 30 was the ninth.", dt.date(2026, 1, 2), "2025-12-30", "2025-12-30"),
        ("합동참모본부는 27일 오전 밝혔다", dt.date(2026, 7, 3), "2026-06-27", "2026-06-27"),
        ("2019年7月23日、ロシア機が飛行", None, "2019-07-23", "2019-07-23"),
        # the dateline is when the story was filed; the event is "on Friday"
        (
            "SEOUL, Nov. 22 (Yonhap) -- Seven aircraft entered on Friday.",
            dt.date(2021, 11, 22),
            "2021-11-19",
            "2021-11-19",
        ),
        # when it was said is not when it happened; the announcement date stands in only alone
        (
            "Japan said on Tuesday its jets met a drone that flew on Monday.",
            TUESDAY_2_DEC,
            "2025-12-01",
            "2025-12-01",
        ),
        (
            "The JCS said on the 27th that aircraft entered the zone.",
            dt.date(2026, 6, 27),
            "2026-06-27",
            "2026-06-27",
        ),
        (
            "防衛省は9日、中国機が飛行したと発表した。",
            dt.date(2025, 12, 10),
            "2025-12-09",
            "2025-12-09",
        ),
        # a mixed-case dateline too; and the rest of the sentence carries the event on
        (
            "Tokyo, Dec. 26 (Jiji Press)--Ships passed around midnight Friday, the ministry said Sunday.",
            dt.date(2021, 12, 26),
            "2021-12-24",
            "2021-12-24",
        ),
        (
            "Spotted on Thursday, the destroyer on Friday passed the strait.",
            dt.date(2022, 9, 10),
            "2022-09-08",
            "2022-09-09",
        ),
        # a Korean sentence ends at a full stop with no space after it
        (
            "군용기가 9일 진입했다.중러는 지난해 11월 29일에도 진입했다.",
            dt.date(2025, 12, 9),
            "2025-12-09",
            "2025-12-09",
        ),
        # an older incident in the background does not become the event date
        (
            "In June, four aircraft entered. On Thursday six more did.",
            dt.date(2023, 12, 14),
            "2023-12-14",
            "2023-12-14",
        ),
    ],
)
def test_dates_resolve_against_publication(text, published, start, end):
    found = event_dates(text, published)
    assert (str(found.start), str(found.end)) == (start, end)
    assert (
        found.evidence is not None
        and text[found.evidence.start : found.evidence.end] == found.evidence.text
    )


def test_relative_date_without_publication_is_unresolved_not_guessed():
    found = event_dates("Russian bombers flew on Tuesday over the sea.", None)
    assert found.start is None and found.end is None
    assert "'Tuesday'" in found.unresolved and "--published" in found.unresolved


# --- participants --------------------------------------------------------------------------------


def _types(text):
    return [(f.country, f.family, f.type, f.count) for f in find_aircraft(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two Tupolev-95 and two Hong-6K", [("RU", "Tu-95", "Tu-95", 2), ("CN", "H-6", "H-6K", 2)]),
        ("a pair of Tu-95MS strategic bombers", [("RU", "Tu-95", "Tu-95MS", 2)]),
        ("four of Beijing’s Xian H-6 bombers", [("CN", "H-6", "H-6", 4)]),
        ("three TU-95s and an A-50", [("RU", "Tu-95", "Tu-95", 3), ("RU", "A-50", "A-50", 1)]),
        ("eleven Su-35S fighters", [("RU", "Su-35", "Su-35S", 11)]),
        ("ロシアのTu-95爆撃機2機", [("RU", "Tu-95", "Tu-95", 2)]),
        ("중국 H-6K 폭격기 두 대", [("CN", "H-6", "H-6K", 2)]),
        # no number given: the count stays null, and "and" never passes one type's count to the next
        (
            "H-6 bombers and Tu-95MS flew together",
            [("CN", "H-6", "H-6", None), ("RU", "Tu-95", "Tu-95MS", None)],
        ),
    ],
)
def test_types_normalise_by_family_with_counts_from_numbers_and_words(text, expected):
    assert _types(text) == expected


def test_mentions_of_one_family_merge_keeping_first_count_and_the_variant():
    (found,) = find_aircraft("Two Tu-95 bombers flew. Later the Tu-95MS turned north.")
    assert (found.type, found.count) == ("Tu-95MS", 2)
    assert [s.text for s in found.spans] == ["Tu-95", "Tu-95MS"]


def test_counts_by_country_when_no_type_is_given():
    found = find_generic("Two Chinese and seven Russian military aircraft entered", set())
    assert sorted((f.country, f.count) for f in found) == [("CN", 2), ("RU", 7)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("러시아 군용기 7대와 중국 군용기 2대가 진입했다", [("CN", 2), ("RU", 7)]),
        ("中国の爆撃機2機とロシアの爆撃機2機", [("CN", 2), ("RU", 2)]),
        # a total for both countries is nobody's count
        ("중국과 러시아 군용기 9대가 진입했다", []),
        ("中国とロシアの爆撃機計4機が飛行", []),
    ],
)
def test_counts_by_country_in_korean_and_japanese(text, expected):
    assert sorted((f.country, f.count) for f in find_generic(text, set())) == expected


def test_a_list_comma_ends_a_count():
    ships = find_ships(
        "Five Chinese vessels, a Renhai class destroyer and two Jiangkai class frigates"
    )
    assert [(s.family, s.count) for s in ships] == [
        ("Type 055 destroyer", 1),
        ("Type 054 frigate", 2),
    ]


def test_ships_by_class_name_and_hull():
    ships = find_ships("the destroyer Xi'an (153) and two Type 054A frigates")
    assert [(s.country, s.name, s.hull, s.count) for s in ships] == [
        ("CN", "Xi'an", "153", 1),
        ("CN", None, None, 2),
    ]


# --- areas ---------------------------------------------------------------------------------------

GAZ = Gazetteer(
    [
        Entry("sea-japan", ("Sea of Japan", "East Sea", "Japan Sea", "日本海", "동해")),
        Entry("sea-okhotsk", ("Sea of Okhotsk", "オホーツク海", "Охотское море")),
        Entry("strait-soya", ("Soya Strait (La Pérouse Strait)", "宗谷海峡")),
        Entry("place-takeshima", ("Takeshima / Dokdo", "Dokdo", "独島")),
        Entry("adiz-korea", ("Korea ADIZ (KADIZ)", "KADIZ"), operator="KR"),
        Entry("adiz-japan", ("Japan ADIZ (JADIZ)", "JADIZ"), operator="JP"),
    ]
)


def _areas(text):
    return [(h.id, h.span.text) for h in GAZ.find(text)]


def test_alias_in_another_script():
    assert _areas("ロシア機が日本海からオホーツク海へ") == [
        ("sea-japan", "日本海"),
        ("sea-okhotsk", "オホーツク海"),
    ]
    assert _areas("над Охотское море") == [("sea-okhotsk", "Охотское море")]
    assert _areas("through La Perouse Strait") == [("strait-soya", "La Perouse Strait")]


def test_east_sea_and_donghae_mean_the_sea_of_japan_but_not_inside_donghaean():
    assert _areas("over the East Sea") == [("sea-japan", "East Sea")]
    assert _areas("군용기가 동해 상공과 동해에서") == [("sea-japan", "동해"), ("sea-japan", "동해")]
    assert _areas("동해안 지역과 동해시") == []  # the east coast, and Donghae city


def test_adiz_named_by_its_operator():
    text = "entered South Korea's air defense identification zone near Dokdo"
    assert _areas(text) == [
        ("adiz-korea", "South Korea's air defense identification zone"),
        ("place-takeshima", "Dokdo"),
    ]


def test_the_bundled_gazetteer_knows_each_languages_own_names():
    from patrolmap.catalog import load_catalog

    bundled = Gazetteer.from_catalog(load_catalog())
    found = {
        (h.id, h.span.text) for h in bundled.find("러시아 군용기가 독도와 울릉도 사이 동해 상공")
    }
    assert found == {
        ("place-takeshima", "독도"),
        ("place-ulleungdo", "울릉도"),
        ("sea-japan", "동해"),
    }
    # The strait as a whole is the east channel, as "Tsushima Strait" is in English; the west
    # channel's own name still wins where it is written out.
    assert [h.id for h in bundled.find("対馬海峡を通過")] == ["strait-tsushima-east"]
    assert [h.id for h in bundled.find("対馬海峡西水道を通過")] == ["strait-korea-west"]
    # A disputed name stays out: in a Japanese report 東海 is a region, not the sea.
    assert bundled.find("東海地方の空港") == []


# --- responders ----------------------------------------------------------------------------------


def test_responder_needs_a_response_and_area_names_do_not_count():
    text = (
        "Bombers flew over the Sea of Japan and were tracked. South Korea's JCS scrambled fighters."
    )
    spans = [h.span for h in GAZ.find(text)]
    found = find_responders(text, spans)
    assert [(r.country, r.action) for r in found] == [("KR", "scrambled fighters")]


def test_naval_surveillance_names_the_maritime_force():
    text = "The Japanese Maritime Self-Defense Force spotted the ten vessels west of Rebun Island."
    assert [(r.country, r.force) for r in find_responders(text, [])] == [
        ("JP", "Japan Maritime Self-Defense Force")
    ]


def test_norad_is_the_us_responder_and_canada_needs_its_own_forces():
    text = "NORAD detected and tracked two Russian aircraft. Canadian NORAD Region CF-18s intercepted them."
    assert [(r.country, r.force) for r in find_responders(text, [])] == [
        ("US", "NORAD"),
        ("CA", "NORAD (Canadian NORAD Region)"),
    ]


# --- kind and implied areas ----------------------------------------------------------------------


def _draft(text):
    from patrolmap.draft import Article, make_draft

    return make_draft(Article(text), GAZ, published=TUESDAY_2_DEC)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Two Chinese and four Russian military aircraft entered the zone on Tuesday.",
            "joint-air-patrol",
        ),
        ("Chinese H-6K and Russian Tu-95MS bombers flew together.", "joint-air-patrol"),
        ("A joint strategic air patrol of bombers took place.", "joint-air-patrol"),
        ("Four Russian warships passed through the strait on Monday.", "naval-transit"),
        ("The carrier Liaoning sailed with J-15 fighters aboard.", "naval-transit"),
        ("Japan scrambled jets after a Chinese drone flew past.", "air-activity"),
        ("Two Russian Tu-142 patrol planes flew along the coast.", "air-activity"),
    ],
)
def test_kind(text, kind):
    assert _draft(text).event["kind"] == kind


def test_a_bare_air_defense_zone_is_the_responding_countrys():
    draft = _draft(
        "South Korea's JCS scrambled jets as two Russian aircraft entered its air defense zone."
    )
    assert draft.event["areas"] == ["adiz-korea"]
    assert draft.evidence["areas[0]"][0].text == "air defense zone"
    # with two responders it could be either zone, so none is claimed
    both = _draft("Japan and South Korea's JCS scrambled jets as aircraft entered the ADIZ.")
    assert both.event["areas"] == []
