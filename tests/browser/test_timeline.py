"""The timeline panel, playback and text description (js/timeline.js), in headless Chromium."""

from __future__ import annotations

import copy
import re
from datetime import date, timedelta

import pytest
from browser_support import described

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
    mark = page.locator(".pm-tl-mark[data-event='patrol-2019-07-23']")
    name = "2019-07-23 · First Russia–China joint strategic air patrol"
    assert mark.get_attribute("aria-label") == name
    mark.hover()
    assert page.evaluate(lit, "patrol-2019-07-23") == [True] * legs
    assert mark.locator("title").text_content() == name  # its tooltip, added when first pointed at
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
    described(page)
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
    described(page)
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
    described(page)
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


# Records, at the end of each task that changed the page, how many rows of the text description
# exist and whether the page has had a frame since the runtime attached the map (`__framed` is set
# in that frame's animation callbacks, before the description's first task is even queued).
WATCH_BUILD = """
window.__built = [];
new MutationObserver(() => {
  const rows = document.querySelectorAll('.pm-text-events li, .pm-text-table tbody tr').length;
  const last = window.__built[window.__built.length - 1];
  if (rows && (!last || last.rows !== rows)) window.__built.push({rows, framed: !!window.__framed});
}).observe(document, {childList: true, subtree: true});
requestAnimationFrame(function tick() {
  if ((window.patrolmaps || []).length) window.__framed = true; else requestAnimationFrame(tick);
});
"""

# The page's state the first time the runtime reads the layout of its panels.
FIRST_LAYOUT_READ = """
const measure = Element.prototype.getBoundingClientRect;
Element.prototype.getBoundingClientRect = function () {
  window.__firstRead = window.__firstRead || {
    marks: document.querySelectorAll('.pm-tl-mark').length,
    controls: document.querySelectorAll('.leaflet-control').length,
    rows: document.querySelectorAll('.pm-text-events li, .pm-text-table tbody tr').length,
  };
  return measure.apply(this, arguments);
};
"""


def watched_page(browser, path, script: str = "", frozen: bool = False):
    """A page of its own with `script` run before the page's; `frozen`: no timer or animation
    frame runs until the test advances the page's clock."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("http*://**/*", lambda route: route.abort())
    if script:
        context.add_init_script(script)
    page = context.new_page()
    if frozen:
        page.clock.install()
        page.clock.pause_at(1_700_000_000_000)
    page.goto(path.resolve().as_uri())
    return context, page


def test_description_is_built_after_the_maps_first_frame_a_few_rows_a_task(bundled_map, browser):
    catalog, path = bundled_map
    context, page = watched_page(browser, path, WATCH_BUILD)
    try:
        described(page)
        built = page.evaluate("() => window.__built")
    finally:
        context.close()
    assert built[0]["framed"]  # the map was on screen before the first row was built
    assert len(built) >= 2  # 19 events, listed and tabled: more rows than one task builds
    assert built[-1]["rows"] == 2 * len(catalog.events)


def test_panels_are_measured_once_built_and_before_the_description(bundled_map, browser):
    catalog, path = bundled_map
    context, page = watched_page(browser, path, FIRST_LAYOUT_READ)
    try:
        first = page.evaluate("() => window.__firstRead")
        controls = page.locator(".leaflet-control").count()
    finally:
        context.close()
    assert first == {"marks": len(catalog.events), "controls": controls, "rows": 0}


def test_opening_the_description_before_it_is_built_builds_it_at_once(bundled_map, browser):
    catalog, path = bundled_map
    context, page = watched_page(browser, path, frozen=True)
    try:
        region = page.locator("section.pm-text")
        rows, items = page.locator(".pm-text-table tbody tr"), page.locator(".pm-text-events li")
        assert region.get_attribute("aria-busy") == "true"
        assert rows.count() == 0 and items.count() == 0  # its first task has not run
        page.get_by_role("button", name="Text description").click()
        assert region.get_attribute("aria-busy") is None
        assert rows.count() == items.count() == len(catalog.events)
        page.clock.run_for(1000)  # the build's own tasks, due now, add nothing twice
        assert rows.count() == items.count() == len(catalog.events)
    finally:
        context.close()


def test_many_events_are_described_by_year_each_year_built_when_opened(
    make_catalog, parts, tmp_path, open_page
):
    template = parts["events"][3]  # the event without a route: 120 copies over three years
    first = date(2020, 1, 1)
    parts["events"] = [
        dict(
            copy.deepcopy(template),
            id=f"ev-{i:03d}",
            title=f"<b>Copy {i}</b>",
            start=(day := (first + timedelta(days=i // 3)).replace(year=2020 + i % 3)).isoformat(),
            end=day.isoformat(),
        )
        for i in range(120)
    ]
    parts["routes"] = []
    catalog = load_catalog(make_catalog(parts))
    session = open_page(save_map(catalog, tmp_path / "many.html"))
    page = session.page
    described(page)
    lists, tables = page.locator(".pm-text-years").nth(0), page.locator(".pm-text-years").nth(1)
    years = ["2020 (40 events)", "2021 (40 events)", "2022 (40 events)"]
    assert lists.locator("summary").all_inner_texts() == years
    assert tables.locator("summary").all_inner_texts() == years
    assert page.locator(".pm-text-events li, .pm-text-table tbody tr").count() == 0
    page.get_by_role("button", name="Text description").click()
    lists.locator("details[data-year='2021'] summary").click()
    from playwright.sync_api import expect

    items = lists.locator("details[data-year='2021'] li")
    expect(items).to_have_count(40)  # built by the `toggle` event, after the click returns
    in_2021 = sorted((e for e in catalog.events if e.start.year == 2021), key=lambda e: e.start)
    assert items.evaluate_all("els => els.map(e => e.dataset.event)") == [e.id for e in in_2021]
    assert lists.locator("details[data-year='2021'] ol").get_attribute("start") == "41"
    button = items.first.locator(".pm-text-open")
    assert button.get_attribute("aria-label").endswith(f" <b>Copy {int(in_2021[0].id[3:])}</b>")
    tables.locator("details[data-year='2022'] summary").click()
    rows = tables.locator("details[data-year='2022'] tbody tr")
    expect(rows).to_have_count(40)
    in_2022 = [e.id for e in catalog.events if e.start.year == 2022]  # catalogue order, as summary
    assert rows.evaluate_all("rs => rs.map(r => r.cells[0].textContent)") == in_2022
    assert page.locator("section.pm-text b").count() == 0  # catalogue text stays text
    session.assert_clean()
