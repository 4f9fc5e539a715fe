"""The one escaping boundary: every catalogue string passes through here on its way into a page."""

import json
import re

# A catalogue string can land in three languages at once on a folium page: HTML (& < > " '),
# a JavaScript template literal (` $ \ -- folium Tooltip/Popup, #766, #853, #1640) and Jinja,
# because branca compiles every rendered chunk again as an unsandboxed template ({ }).
_HTML = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "{": "&#123;",
    "}": "&#125;",
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
}
_HTML_TABLE = str.maketrans(_HTML)
# Most catalogue strings hold none of those characters; finding that out with one regex search
# is about 7 times faster than translating (half a million strings on a 10,000-event page).
_HTML_SPECIAL = re.compile("[" + re.escape("".join(_HTML)) + "]")
# Encoding tab, newline and carriage return keeps them exactly (an attribute value would
# otherwise have CR folded into LF by the HTML parser).
_ATTR_TABLE = str.maketrans({**_HTML, "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})

# \u escapes for the inside of a JS/JSON string: no </script> or <!-- breakout (< > &), no Jinja
# delimiter ({ }), nothing a template literal or an HTML attribute treats specially (` $ '), and
# no U+2028/U+2029, which end a line in JavaScript before ES2019.
_JS_TABLE = str.maketrans(
    {c: f"\\u{ord(c):04x}" for c in "<>&{}`$'\u2028\u2029"},
)
# One JSON string token as json.dumps writes it (its only escapes are \" \\ \/ \b \f \n \r \t \uXXXX).
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
# A Jinja opening delimiter: {{, {% or {#. Closing delimiters are plain text on their own.
_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def _require_str(s: object) -> str:
    if not isinstance(s, str):
        raise TypeError(f"expected str, got {type(s).__name__}; convert it explicitly first")
    return s


def html_text(s: str) -> str:
    """Return ``s`` as HTML text content that is also inert in a JS template literal and in Jinja.

    Escapes ``& < > " '`` and encodes ``{ } ` $ \\`` as numeric character references, so the
    result contains none of those characters raw. ``html.unescape`` gives back ``s``.
    Raises TypeError if ``s`` is not a str.
    """
    if _HTML_SPECIAL.search(_require_str(s)) is None:
        return str(s)  # a plain str, as translate returns, even for a str subclass
    return str.translate(s, _HTML_TABLE)


def html_attr(s: str) -> str:
    """Return ``s`` escaped for a double- or single-quoted HTML attribute value.

    As :func:`html_text`, and tab, newline and carriage return become character references.
    Raises TypeError if ``s`` is not a str.
    """
    return str.translate(_require_str(s), _ATTR_TABLE)


def template_literal(s: str) -> str:
    """Return ``s`` as the body of a JS template literal whose value Leaflet treats as HTML.

    folium's Tooltip and Popup put their text between backticks and Leaflet then sets it as
    innerHTML. :func:`html_text` output has no `` ` `` (cannot close the literal), no ``$``
    (no ``${...}`` substitution) and no ``\\`` (no invalid ``\\u`` escape, as ``C:\\users``
    was in folium #1640), and the browser decodes its character references when it displays it.
    Raises TypeError if ``s`` is not a str.
    """
    return html_text(s)


def js_string(s: str) -> str:
    """Return a complete double-quoted JavaScript string literal whose value is ``s``.

    It is also valid JSON, safe inside ``<script>``, inside a quoted HTML attribute, and
    inert as Jinja. Raises TypeError if ``s`` is not a str.
    """
    # None of the translated characters can occur inside one of json.dumps's own escapes.
    return json.dumps(_require_str(s), ensure_ascii=False).translate(_JS_TABLE)


def safe_json(obj: object) -> str:
    """Return compact JSON (sorted keys) for a ``<script>`` block or a branca template.

    Inside string values ``< > & { } ` $ '`` and U+2028/U+2029 become ``\\uXXXX`` escapes.
    Structural braces stay: that is safe for Jinja because ``{`` outside a string is always
    followed by ``"`` (a key) or ``}`` (an empty object), so ``{{``, ``{%`` and ``{#`` cannot
    occur, and a lone ``}}`` is plain text to Jinja.
    Raises TypeError for objects json cannot encode and ValueError for NaN or infinity.
    """
    text = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return _JSON_STRING.sub(lambda m: m.group().translate(_JS_TABLE), text)


def neutralise_template(s: str) -> str:
    """Return ``s`` with every Jinja opening delimiter broken by U+2060 WORD JOINER.

    For plain text that reaches the page through a JSON encoder we do not control (folium's
    ``tojson``, e.g. GeoJSON properties that our own script shows with ``textContent``): HTML
    entities would show literally there, and ``\\u`` escapes would be escaped twice.
    ``{{``, ``{%`` and ``{#`` become ``{\\u2060{`` etc., which displays the same and which Jinja
    leaves alone; nothing else changes (``}`` and ``%`` need nothing: they only close a tag).
    It does NOT make text safe for HTML: text that Leaflet inserts with innerHTML (tooltips,
    popups, layer-control names) must use :func:`html_text`. Raises TypeError if ``s`` is not a str.
    """
    return _JINJA_OPEN.sub("{\u2060", _require_str(s))


def script_json(obj: object) -> str:
    """Return compact JSON (sorted keys) for a ``<script type="application/json">`` data block.

    Lighter than :func:`safe_json`, for data that is placed in the page after rendering and so
    never passes through a template engine: only what could end the script element or switch the
    HTML parser's state is escaped — ``</`` becomes ``<\\/`` and ``<!`` becomes ``\\u003c!`` (both
    can only occur inside strings) — plus U+2028/U+2029. ``json.loads`` gives back ``obj``.
    Raises TypeError for objects json cannot encode and ValueError for NaN or infinity.
    """
    text = json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    if "\u2028" in text or "\u2029" in text:  # a scan, not a 1 s translate of a 16 MB page
        text = text.translate(_LINE_SEPARATORS)
    return text.replace("</", "<\\/").replace("<!", "\\u003c!")


_LINE_SEPARATORS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029"})
