"""The timeline panel, playback and text description (js/timeline.js), in headless Chromium."""

from __future__ import annotations

import re

import pytest

from patrolmap.catalog import filter_catalog, load_catalog
from patrolmap.join import join_catalog
from patrolmap.render import save_map
from patrolmap.summary import summary_rows

pytestmark = pytest.mark.browser

SHOWN = """() => Object.values(window.patrolmaps[0].layers)
    .filter(e => e.group.kind === "events" && e.layer._map).map(e => e.spec.id).sort()"""


def legs_on_map(page, event_id: str) -> list[list[float]]:
    """The first vertex [lat, lng] of each of the event's route legs now on the map."""
    return page.evaluate(
        """id => window.patrolmaps[0].layers[id].legs.filter(l => l.on && !l.hidden)
            .map(l => { const p = l.latLngs()[0]; return [p.lat, p.lng]; })""",
        event_id,
    )


@pytest.fixture(scope="module")
def bundled_map(tmp_path_factory):
    catalog = load_catalog()
    return catalog, save_map(catalog, tmp_path_factory.mktemp("timeline") / "map.html")


@pytest.fixture
def two_leg_map(make_catalog, parts, tmp_path):
    """The tiny catalogue with a second leg for ev-cross, written after route-cross in the file but
    sorting before it by id: playback must follow the file."""
    from catalog_factory import feature, line

    back = feature(
        "route-back", line((135.5, 30.7), (133.5, 30.7)), event="ev-cross", forces=["RU"]
    )
    parts["routes"].insert(1, back)
    catalog = load_catalog(make_catalog(parts))
    return catalog, save_map(catalog, tmp_path / "two-legs.html")


def test_timeline_has_one_mark_per_selected_event(tmp_path, open_page):
    catalog = filter_catalog(load_catalog(), kinds=["joint-air-patrol", "naval-transit"])
    session = open_page(save_map(catalog, tmp_path / "some.html"))
    page = session.page
    marks = page.locator(".pm-tl-mark").evaluate_all("els => els.map(e => e.dataset.event)")
    assert sorted(marks) == sorted(e.id for e in catalog.events)
    rows = page.locator(".pm-tl-row-label").evaluate_all("els => els.map(e => e.textContent)")
    assert rows == ["Joint air patrols", "Naval transits"]  # one row per kind present
    session.assert_clean()


def test_clicking_a_mark_opens_that_events_popup(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    event = catalog.event("patrol-2024-07-24")
    page.locator(".pm-tl-mark[data-event='patrol-2024-07-24']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert event.title in popup.inner_text()
    assert "Route leg:" in popup.inner_text()  # the popup a click on the route gives


def test_hovering_a_mark_highlights_its_routes_only(bundled_map, open_page):
    page = open_page(bundled_map[1]).page
    lit = """id => window.patrolmaps[0].layers[id].legs.map(l => l.highlighted)"""
    legs = len(page.evaluate(lit, "patrol-2019-07-23"))
    assert legs > 0
    assert page.evaluate(lit, "patrol-2019-07-23") == [False] * legs
    page.locator(".pm-tl-mark[data-event='patrol-2019-07-23']").hover()
    assert page.evaluate(lit, "patrol-2019-07-23") == [True] * legs
    assert not any(page.evaluate(lit, "patrol-2020-12-22"))
    # The canvas on top draws exactly the highlighted legs, wider.
    drawn = "() => window.patrolmaps[0].legs.emphasised().map(l => l.spec.id)"
    assert page.evaluate(drawn) == ["patrol-2019-07-23"] * legs
    page.mouse.move(5, 5)
    assert page.evaluate(lit, "patrol-2019-07-23") == [False] * legs
    assert page.evaluate(drawn) == []


def test_dragging_across_the_axis_sets_the_date_filter(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    first = page.locator(".pm-tl-mark[data-event='patrol-2024-07-24']").bounding_box()
    last = page.locator(".pm-tl-mark[data-event='patrol-2025-12-09']").bounding_box()
    axis = page.locator(".pm-tl-axis").bounding_box()
    y = axis["y"] - 2  # on the panel's background, below the marks
    # From just before the July 2024 patrol to just after the December 2025 one (a pixel is
    # about a week on this axis).
    page.mouse.move(first["x"] + first["width"] / 2 - 1, y)
    page.mouse.down()
    page.mouse.move((first["x"] + last["x"]) / 2, y, steps=4)
    page.mouse.move(last["x"] + last["width"] / 2 + 1, y, steps=4)
    page.mouse.up()
    svg = page.locator(".pm-tl-svg")
    start, end = svg.get_attribute("data-from"), svg.get_attribute("data-to")
    assert "2024-07-01" < start <= "2024-07-24" and "2025-12-09" <= end < "2025-12-28"
    expected = sorted(
        e.id for e in catalog.events if e.end.isoformat() >= start and e.start.isoformat() <= end
    )
    assert "patrol-2024-07-24" in expected and "patrol-2025-12-09" in expected
    assert page.evaluate(SHOWN) == expected
    assert page.locator(".pm-time-label").inner_text() == f"{start} – {end}"  # the sliders agree
    # The range shows on the axis: marks outside it are dimmed, those inside are not.
    dimmed = page.locator(".pm-tl-mark.pm-tl-out").evaluate_all(
        "els => els.map(e => e.dataset.event)"
    )
    assert sorted(dimmed) == sorted(e.id for e in catalog.events if e.id not in expected)
    band = page.locator(".pm-tl-range-bar").bounding_box()
    assert first["x"] - 6 < band["x"] < first["x"] + first["width"]


def test_step_draws_each_events_legs_in_catalogue_order_and_advances_the_date(
    two_leg_map, open_page
):
    _, path = two_leg_map
    page = open_page(path).page
    status = page.locator(".pm-tl-status")
    page.locator(".pm-tl-step").click()
    # Date order: ev-cross, ev-noroute, ev-short (2020-01-01, by id), then ev-dateline (2024).
    assert status.inner_text() == "2020-01-01 · leg 1 of 2"
    assert legs_on_map(page, "ev-cross") == [[30.5, 133.5]]  # route-cross first, as written
    # The leg just drawn stands out: the others are dimmed, it is drawn again on top.
    current = """() => { const h = window.patrolmaps[0];
        return [h.legs.playing, h.legs.current && h.legs.current.f.name]; }"""
    assert page.evaluate(current) == [True, "Route Cross"]
    assert page.locator(".pm-time-label").inner_text() == "2020-01-01 – 2020-01-02"
    page.locator(".pm-tl-step").click()
    assert status.inner_text() == "2020-01-01 · leg 2 of 2"
    assert sorted(legs_on_map(page, "ev-cross")) == [[30.5, 133.5], [30.7, 135.5]]
    for _ in range(3):  # ev-noroute (no route), ev-short, then on to 2024
        page.locator(".pm-tl-step").click()
    assert status.inner_text() == "2024-07-24 · leg 1 of 1"
    assert page.locator(".pm-time-label").inner_text() == "2020-01-01 – 2024-07-24"
    assert page.evaluate(SHOWN) == ["ev-cross", "ev-dateline", "ev-noroute", "ev-short"]
    page.locator(".pm-tl-step").click()  # past the last leg: the end
    assert status.inner_text().startswith("Playback finished")
    assert len(legs_on_map(page, "ev-cross")) == 2
    assert page.locator(".pm-playing").count() == 0
    assert page.evaluate(current) == [False, None]


def test_play_runs_through_every_event_then_stops_at_the_end(two_leg_map, open_page):
    catalog, path = two_leg_map
    session = open_page(path)
    page = session.page
    play = page.locator(".pm-tl-play")
    play.click()
    assert play.inner_text() == "❚❚ Pause"
    seen = set()
    # Record each event playback shows until it ends (the page reports, the test only watches).
    page.expose_function("record", lambda event_id: seen.add(event_id))
    page.evaluate(
        """() => new MutationObserver(() => window.record(document.querySelector('.pm-tl-svg')
            .dataset.playing)).observe(document.querySelector('.pm-tl-svg'),
            {attributes: true, attributeFilter: ['data-playing']})"""
    )
    page.wait_for_function(
        "() => document.querySelector('.pm-tl-status').textContent.startsWith('Playback finished')",
        timeout=30000,
    )
    assert play.inner_text() == "▶ Play"
    assert {"ev-short", "ev-noroute", "ev-dateline"} <= seen
    assert page.evaluate(SHOWN) == sorted(e.id for e in catalog.events)
    assert len(legs_on_map(page, "ev-cross")) == 2
    assert page.locator(".pm-tl-now").get_attribute("visibility") == "hidden"
    assert "order of legs, not timing" in page.locator(".pm-tl-note").inner_text()
    session.assert_clean()


def test_changing_the_dates_stops_playback_and_restores_the_legs(two_leg_map, open_page):
    page = open_page(two_leg_map[1]).page
    page.locator(".pm-tl-step").click()
    assert len(legs_on_map(page, "ev-cross")) == 1
    page.locator(".pm-reset").click()
    assert page.locator(".pm-tl-status").inner_text() == "Playback stopped: dates changed."
    assert len(legs_on_map(page, "ev-cross")) == 2


def test_aria_tree_lists_the_description_and_table_one_entry_per_event(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    tree = page.locator("section.pm-text").aria_snapshot()  # closed: still there for readers
    items = re.findall(r"^\s*- listitem:\n\s*- text: \"?(.*?)\"?$", tree, re.M)
    assert len(items) == len(catalog.events)
    assert items[0].startswith("23 Jul 2019: two Tu-95MS, two H-6K")
    assert tree.count('button "Show on map:') == len(catalog.events)
    rows = re.findall(r"^\s*- row ", tree, re.M)
    assert len(rows) == len(catalog.events) + 1  # and the header row
    assert page.get_by_role("region", name="Text description of the map").count() == 1


def test_table_mirrors_summary_cell_for_cell(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    cells = page.locator(".pm-text-table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.textContent))"
    )
    expected = [list(row.values()) for row in summary_rows(join_catalog(catalog))]
    assert cells == expected


def test_description_opens_from_a_visible_button_and_events_open_by_keyboard(
    bundled_map, open_page
):
    catalog, path = bundled_map
    page = open_page(path).page
    toggle = page.get_by_role("button", name="Text description")
    assert toggle.is_visible()
    region = page.locator("section.pm-text")
    assert region.bounding_box()["width"] <= 1  # visually closed at first
    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert region.bounding_box()["width"] > 300
    # Tab to the second event's button and open it with the keyboard.
    page.locator(".pm-text-open").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    second = sorted(catalog.events, key=lambda e: (e.start, e.id))[1]
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert second.title in popup.inner_text()


def test_timeline_marks_work_from_the_keyboard(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    in_order = sorted(catalog.events, key=lambda e: (e.start, e.id))
    marks = page.locator(".pm-tl-mark")
    assert (
        marks.evaluate_all("els => els.filter(e => e.tabIndex === 0).length") == 1
    )  # one tab stop
    marks.first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    focused = page.evaluate("() => document.activeElement.dataset.event")
    assert focused == in_order[2].id
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert in_order[2].title in popup.inner_text()


def test_opening_a_filtered_out_event_brings_it_back(bundled_map, open_page):
    catalog, path = bundled_map
    page = open_page(path).page
    page.evaluate("() => window.patrolmaps[0].setRange('2025-12-01', '2026-02-01')")
    page.locator(".pm-text-open").first.evaluate("b => b.click()")
    assert "patrol-2019-07-23" in page.evaluate(SHOWN)
    assert (
        catalog.event("patrol-2019-07-23").title
        in page.locator(".leaflet-popup-content").inner_text()
    )


def test_on_a_phone_the_timeline_starts_folded(bundled_map, open_page):
    page = open_page(bundled_map[1], width=400, height=760).page
    assert page.locator(".pm-timeline.pm-collapsed").count() == 1
    assert not page.locator(".pm-tl-svg").is_visible()
    page.locator(".pm-timeline .pm-panel-toggle").click()
    assert page.locator(".pm-tl-svg").is_visible()
    box = page.locator(".pm-timeline").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 400
