"""Untrusted catalogue text end to end: it renders literally or is refused, and never runs."""

from __future__ import annotations

import tempfile
from html import unescape
from pathlib import Path

import pytest
import yaml
from catalog_factory import base_catalog, dump_yaml, write_catalog
from hostile import canary_template
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from page_data import data_strings

from patrolmap.catalog import load_catalog, validate_catalog
from patrolmap.catalog import read as catalog_read
from patrolmap.render import map_html

# Where a string can go: (description, function that puts it into the catalogue parts).
FIELDS = {
    "event title": lambda p, s: p["events"][0].update(title=s),
    "event summary": lambda p, s: p["events"][0].update(summary=s),
    "participant type": lambda p, s: p["events"][0]["participants"][0].update(type=s),
    "responder action": lambda p, s: p["events"][0]["responders"][0].update(action=s),
    "dispute note": lambda p, s: p["events"][0].update(
        disputed=[{"field": "participants", "note": s}]
    ),
    "marker label": lambda p, s: p["events"][0].update(
        markers=[{"label": s, "lon": 131, "lat": 30}]
    ),
    "source outlet": lambda p, s: p["sources"][0].update(outlet=s),
    "source headline": lambda p, s: p["sources"][0].update(headline=s),
    "source fact": lambda p, s: p["sources"][0].update(facts=[s]),
    "ADIZ name": lambda p, s: p["adiz"][0]["properties"].update(name=s),
    "place alias": lambda p, s: p["places"][0]["properties"].update(aliases=[s]),
    "sea note": lambda p, s: p["seas"][0]["properties"].update(note=s),
    "route name": lambda p, s: p["routes"][0]["properties"].update(name=s),
    "route vehicles": lambda p, s: p["routes"][0]["properties"].update(vehicles=s),
}

templates = st.sampled_from(["{{ 7*191 }}", "{% if 1 %}x{% endif %}", "{# c #}", "${1+1}", "`"])
texts = st.one_of(
    st.text(min_size=0, max_size=60),
    st.builds(
        "".join,
        st.lists(
            st.one_of(
                st.text(max_size=8), templates, st.sampled_from(["<", ">", "&", "\\", "'", '"'])
            ),
            max_size=8,
        ),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(sorted(FIELDS)), text=texts)
def test_any_text_renders_literally_or_is_refused_clearly(field, text):
    parts = base_catalog()
    FIELDS[field](parts, text)
    with tempfile.TemporaryDirectory() as tmp:
        root = write_catalog(Path(tmp), parts)
        report = validate_catalog(root, join=False)
        catalog, errors = report.catalog, report.errors
        if errors:
            # Refused: each problem names its file and, where the file has records, the field.
            assert all(p.file.startswith(tmp) and p.message for p in errors)
            return
        html = map_html(catalog)
    shown = unescape(html_strings(html))
    if not field.startswith(("ADIZ", "place", "sea", "route")):
        # YAML folds its own line breaks (NEL, U+2028) when read back: expect what YAML says.
        text = yaml.safe_load(dump_yaml({"t": text}))["t"]
    if field != "source fact":  # the register's facts are for analysts, not drawn on the map
        assert text.strip() == "" or text in shown or text.strip() in shown
    # {{ 7*191 }} never evaluated: look in the text, not the page (a script hash may hold "1337").
    assert "1337" not in shown or "1337" in text


def html_strings(html: str) -> str:
    """All text the page holds in its data block, JSON-decoded, as one string."""
    return "\n".join(data_strings(html))


def test_template_canary_creates_no_file_and_shows_as_written(make_catalog, parts, tmp_path):
    canary = tmp_path / "rendered-machine-canary"
    parts["events"][0]["title"] = "{{ 7*191 }}"
    parts["events"][0]["summary"] = canary_template(canary)
    parts["adiz"][0]["properties"]["name"] = "{{ 7*191 }}"
    html = map_html(load_catalog(make_catalog(parts)))
    assert not canary.exists()
    assert "1337" not in html
    assert "{{ 7*191 }}" in unescape(html_strings(html))


def test_canary_check_can_fail_when_text_reaches_a_template(tmp_path):
    # The same text handed raw to a folium element runs on the rendering machine: the wall matters.
    import folium

    canary = tmp_path / "canary"
    m = folium.Map(tiles=None)
    folium.Marker([0, 0], tooltip=f"{canary_template(canary)} {{{{ 7*191 }}}}").add_to(m)
    html = m.get_root().render()
    assert canary.exists() and "1337" in html


def test_python_yaml_tags_never_construct(make_catalog, tmp_path):
    canary = tmp_path / "yaml-canary"
    root = make_catalog()
    events = root / "data" / "events.yaml"
    events.write_text(f"events:\n  - !!python/object/apply:os.system ['touch {canary}']\n")
    problems = validate_catalog(root).problems
    assert not canary.exists()
    assert any("python/object/apply" in p.message for p in problems)
    # Control: the unsafe loader would have run it.
    yaml.unsafe_load(events.read_text())
    assert canary.exists()


def test_oversized_file_is_refused_with_its_size(make_catalog, monkeypatch):
    monkeypatch.setattr(catalog_read, "MAX_YAML_BYTES", 100)
    problems = validate_catalog(make_catalog()).problems
    messages = {p.message for p in problems if p.file.endswith("events.yaml")}
    assert len(messages) == 1 and "the limit is 100" in messages.pop()


@pytest.mark.parametrize("length", [20_001])
def test_overlong_text_is_refused(make_catalog, parts, length):
    parts["events"][0]["summary"] = "x" * length
    problems = validate_catalog(make_catalog(parts)).problems
    assert [(p.field, p.message) for p in problems] == [
        ("summary", f"is {length:,} characters; the limit is 20,000")
    ]
