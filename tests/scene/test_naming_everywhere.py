"""Every output that names an area asks the naming policy: the text description and data table,
the popups' and figure footers' closest-approach notes, the embed caption, the chart."""

from __future__ import annotations

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.describe import event_sentences, map_description
from patrolmap.export.chart import chart_numbers
from patrolmap.figure.layout import _territory_note
from patrolmap.join import join_catalog
from patrolmap.render.popups import event_popup
from patrolmap.render.timeline import text_alternative
from patrolmap.scene.naming import Naming, area_names
from patrolmap.scene.words import Words

JULY_2019 = "patrol-2019-07-23"  # Sea of Japan, Tsushima Strait, over Takeshima / Dokdo


@pytest.fixture(scope="module")
def july():
    return join_catalog(filter_catalog(load_catalog(), events=[JULY_2019]))


def test_sentences_name_straits_in_the_chosen_language(july):
    assert "crossed the Tsushima Strait" in event_sentences(july)[JULY_2019]
    assert "対馬海峡東水道" in event_sentences(july, Naming("ja"))[JULY_2019]
    assert "대한해협 동수로" in map_description(july, Naming("ko"))


def test_the_page_data_table_names_seas_by_the_policy(july):
    def cells(naming=None):
        table = text_alternative(july) if naming is None else text_alternative(july, naming)
        return " ".join(c for row in table["rows"] for c in row)

    assert "Sea of Japan (East Sea)" in cells() and "sea-japan" not in cells()
    assert "동해 (일본해)" in cells(Naming("ko"))
    assert "日本海" in cells(Naming("ja", "local")) and "東海" not in cells(Naming("ja", "local"))


def test_closest_approach_notes_name_the_disputed_place_by_the_policy(july):
    facts = july.facts[JULY_2019]
    event = july.catalog.events[0]
    names = area_names(july.catalog)

    def foreign(*naming):  # the popup's "Foreign territory" row (the summary is catalogue prose)
        popup = "".join(event_popup(event, facts, names, *naming))
        label = Words(naming[0].language if naming else "en")["foreign_territory"]
        return popup.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]

    assert "Takeshima (Dokdo)" in foreign() and "Takeshima / Dokdo" not in foreign()
    korean = foreign(Naming("ko", "local"))
    assert "독도" in korean and "다케시마" not in korean
    assert "Takeshima (Dokdo)" in _territory_note(july)
    assert "竹島（独島）" in _territory_note(july, Naming("ja"))


def test_chart_names_come_from_the_policy_short_form(july):
    numbers = chart_numbers(july, "adiz")
    assert {a["name"] for a in numbers["adiz"]} == {
        "China East China Sea ADIZ",
        "Japan ADIZ",
        "Korea ADIZ",
    }
    short = area_names(july.catalog, short=True)
    assert [a["name"] for a in numbers["adiz"]] == [short[a["id"]] for a in numbers["adiz"]]
