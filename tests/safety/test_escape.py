"""Hostile catalogue text stays inert text as HTML, JavaScript and Jinja after escaping."""

import html
import json
import re
import shutil
import subprocess

import folium
import jinja2
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from markupsafe import Markup

from patrolmap.render.ids import deterministic_ids
from patrolmap.safety.escape import (
    html_attr,
    html_text,
    js_string,
    neutralise_template,
    safe_json,
    script_json,
    template_literal,
)

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "`${alert(2)}`",
    "C:\\users\\new",
    "</script><script>alert(3)</script>",
    "{{ 7*191 }}",
    "{% for x in y %}x{% endfor %}",
    "{# hidden #}",
    "\"quotes' & &amp;",
    "עברית العربية",
    "\u202eevil.exe",
    "🛩️ 🚢 ⚓",
    "line\u2028separator\u2029paragraph",
    "tab\tnew\nline\r\nend\n",
]
STR_ESCAPERS = [html_text, html_attr, template_literal, js_string, neutralise_template]
ALL_ESCAPERS = [*STR_ESCAPERS, safe_json]
JINJA_OPEN = re.compile(r"\{[{%#]")
NODE = shutil.which("node")


def canary(path):
    return "{{ cycler.__init__.__globals__.os.popen('touch " + str(path) + "').read() }}"


def render_jinja(text):
    """Render ``text`` as a template the way branca does, but keeping a trailing newline."""
    return jinja2.Environment(keep_trailing_newline=True).from_string(text).render()


def assert_jinja_inert(text):
    # Jinja folds CRLF and CR into LF in template text; nothing else may change.
    assert render_jinja(text) == re.sub(r"\r\n?", "\n", text)


# Controls: the hazards are real, so the tests below can fail.


def test_control_jinja_evaluates_raw_text():
    assert render_jinja("{{ 7*191 }}") == "1337"


def test_control_html_escape_and_json_dumps_do_not_stop_jinja():
    assert render_jinja(html.escape("{{ 7*191 }}")) == "1337"
    assert "1337" in render_jinja(json.dumps({"name": "{{ 7*191 }}"}))


def test_control_canary_fires_for_raw_text(tmp_path):
    render_jinja(canary(tmp_path / "canary"))
    assert (tmp_path / "canary").exists()


def test_control_folium_evaluates_raw_tooltip():
    m = folium.Map(tiles=None)
    folium.Marker([0, 0], tooltip="{{ 7*191 }}").add_to(m)
    assert "1337" in m.get_root().render()


# Examples.


def test_html_text_examples():
    assert html_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert html_text("`${alert(2)}`") == "&#96;&#36;&#123;alert(2)&#125;&#96;"
    assert html_text("C:\\users") == "C:&#92;users"
    assert html_text("{% for x in y %}") == "&#123;% for x in y %&#125;"
    assert html_text("\"'&") == "&quot;&#39;&amp;"
    assert html_text("עברית 🛩️\u2028") == "עברית 🛩️\u2028"


def test_html_attr_encodes_whitespace_controls():
    assert html_attr('a\tb\nc\r"') == "a&#9;b&#10;c&#13;&quot;"


def test_template_literal_is_html_text():
    for s in HOSTILE:
        assert template_literal(s) == html_text(s)


def test_js_string_examples():
    assert js_string("</script>") == '"\\u003c/script\\u003e"'
    assert js_string("{{ 7*191 }}") == '"\\u007b\\u007b 7*191 \\u007d\\u007d"'
    assert js_string("`${x}`") == '"\\u0060\\u0024\\u007bx\\u007d\\u0060"'
    assert js_string('C:\\u "q"\n') == '"C:\\\\u \\"q\\"\\n"'
    assert js_string("a\u2028b\u2029") == '"a\\u2028b\\u2029"'


def test_safe_json_keeps_structure_and_escapes_strings():
    obj = {"z": None, "a": {"b": [1, "{{x}}"], "{%k%}": {}}, "s": "</script>&"}
    assert safe_json(obj) == (
        '{"a":{"b":[1,"\\u007b\\u007bx\\u007d\\u007d"],"\\u007b%k%\\u007d":{}},'
        '"s":"\\u003c/script\\u003e\\u0026","z":null}'
    )


def test_safe_json_nested_objects_render_unchanged_through_jinja():
    obj = {"a": {"b": {"c": {}}}, "l": [{"d": [{}]}], "h": HOSTILE}
    text = safe_json(obj)
    assert "}}}" in text  # structural closers do occur, and are harmless
    assert render_jinja(text) == text
    assert json.loads(text) == obj


def test_safe_json_rejects_what_json_cannot_carry():
    with pytest.raises(ValueError):
        safe_json({"x": float("nan")})
    with pytest.raises(TypeError):
        safe_json({"x": {1, 2}})


def test_neutralise_template_examples():
    assert neutralise_template("{{ 7*191 }}") == "{\u2060{ 7*191 }}"
    assert neutralise_template("{%x%} {#c#} {{{") == "{\u2060%x%} {\u2060#c#} {\u2060{\u2060{"
    assert neutralise_template("a}} %} #} {x} <b>") == "a}} %} #} {x} <b>"


@pytest.mark.parametrize("escape", STR_ESCAPERS)
@pytest.mark.parametrize("value", [None, 1, b"x", ["x"]])
def test_non_str_is_rejected(escape, value):
    with pytest.raises(TypeError):
        escape(value)


@pytest.mark.parametrize("escape", [html_text, html_attr, js_string, neutralise_template])
def test_str_subclass_becomes_plain_str(escape):
    # Jinja trusts Markup; an escaped value must never come back as one.
    assert type(escape(Markup("<b>"))) is str


@pytest.mark.parametrize("escape", ALL_ESCAPERS)
@pytest.mark.parametrize("s", HOSTILE)
def test_escaped_hostile_text_is_inert_in_jinja(escape, s):
    out = escape(s)
    assert not JINJA_OPEN.search(out)
    assert_jinja_inert(out)
    assert "1337" not in render_jinja(out)


@pytest.mark.parametrize("escape", ALL_ESCAPERS)
def test_canary_is_not_run(escape, tmp_path):
    out = escape(canary(tmp_path / "canary"))
    render_jinja(out)
    jinja2.Template(out).render()  # exactly as branca compiles each chunk
    assert not (tmp_path / "canary").exists()


def test_folium_page_keeps_escaped_text_literally(tmp_path):
    # Deterministic element ids: a random hex id could contain "1337" by chance.
    with deterministic_ids():
        m = folium.Map(tiles=None)
        for i, s in enumerate([*HOSTILE, canary(tmp_path / "canary")]):
            folium.Marker([i, 0], tooltip=template_literal(s), popup=html_text(s)).add_to(m)
        page = m.get_root().render()
    assert "1337" not in page
    assert not (tmp_path / "canary").exists()
    for s in HOSTILE:
        # Trailing newlines aside, Jinja's second pass left the escaped text as it was.
        assert template_literal(s).replace("\r\n", "\n").rstrip("\n") in page


@pytest.mark.skipif(NODE is None, reason="needs node")
def test_node_reads_values_back(tmp_path):
    strings = ",".join(js_string(s) for s in HOSTILE)
    literals = ",".join(f"`{template_literal(s)}`" for s in HOSTILE)
    source = f"process.stdout.write(JSON.stringify([[{strings}], [{literals}]]));"
    (tmp_path / "t.js").write_text(source, encoding="utf-8")
    out = subprocess.run([NODE, tmp_path / "t.js"], capture_output=True, text=True, check=True)
    strings, literals = json.loads(out.stdout)
    assert strings == HOSTILE
    # No substitution ran and no escape was consumed: the literal's value is the HTML text.
    assert literals == [html_text(s).replace("\r\n", "\n") for s in HOSTILE]


# Properties over arbitrary Unicode text.

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(), kids, max_size=4),
    max_leaves=20,
)


@given(st.text())
def test_html_text_properties(s):
    out = html_text(s)
    assert html.unescape(out) == s
    assert not set("<>\"'{}`$\\") & set(out)
    assert_jinja_inert(out)


@given(st.text())
def test_html_attr_properties(s):
    out = html_attr(s)
    assert html.unescape(out) == s
    assert not set("<>\"'{}`$\\\t\n\r") & set(out)
    assert render_jinja(out) == out


@given(st.text())
def test_js_string_properties(s):
    out = js_string(s)
    assert json.loads(out) == s
    assert not set("<>&{}`$'\u2028\u2029") & set(out)
    assert render_jinja(out) == out


@given(JSON_VALUES)
def test_safe_json_properties(obj):
    out = safe_json(obj)
    assert json.loads(out) == obj
    assert not set("<>&`$'\u2028\u2029") & set(out)
    assert not JINJA_OPEN.search(out)
    assert render_jinja(out) == out


@given(st.text())
def test_neutralise_template_properties(s):
    assume("\u2060" not in s)
    out = neutralise_template(s)
    assert out.replace("\u2060", "") == s
    assert not JINJA_OPEN.search(out)
    assert_jinja_inert(out)


@given(
    st.recursive(
        st.text() | st.integers() | st.booleans() | st.none(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
        max_leaves=20,
    )
)
def test_script_json_round_trips_and_cannot_end_its_script(obj):
    text = script_json(obj)
    assert json.loads(text) == obj
    lowered = text.lower()
    assert "</" not in lowered and "<!" not in lowered
    assert "\u2028" not in text and "\u2029" not in text


def test_script_json_examples():
    assert script_json({"a": "</script><!--"}) == '{"a":"<\\/script>\\u003c!--"}'
    assert script_json(["\\</x"]) == '["\\\\<\\/x"]'
