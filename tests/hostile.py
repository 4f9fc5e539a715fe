"""Hostile catalogue text: every text field of a tiny catalogue filled with strings that attack a page.

Each string carries a unique tag (H00, H01, ...) so a test can find where it shows. The canary global
`__pm_pwned` and the canary file stay unset/uncreated unless catalogue text is executed somewhere.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from catalog_factory import base_catalog

ATTACKS = [
    '<img src=x onerror="window.__pm_pwned=1;alert(1)">',
    "`${window.__pm_pwned=2}` C:\\users\\new\\u0041",
    "</script><script>window.__pm_pwned=3</script>",
    "{{ 7*191 }} and {{ config }}",
    "{% for x in range(3) %}loop{% endfor %} {# note #}",
    "' \" & <b>bold</b> &amp; &lt;",
    "مرحبا \u202eRTL\u202c עברית",
    "🛩️🚢 emoji ✈",
    '<svg onload="window.__pm_pwned=4">',
    "${window.__pm_pwned=5}",
    "\u2028line\u2029separators",
    '<a href="javascript:window.__pm_pwned=6">click</a>',
    ("A" * 59 + " ") * 15,  # long text; one unbroken word this long is refused at load time
    "<style>body{display:none}</style>",
]


def canary_template(path) -> str:
    """Jinja that would create `path` on the rendering machine if it were ever evaluated.

    The path is joined from its parts inside the template, so no word of the text is longer than
    the loader accepts."""
    parts = " ~ ".join(f"'/{part}'" for part in Path(path).parts[1:])
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch ' ~ {parts}).read() }}}}"


def hostile_parts(canary_path) -> dict:
    """The tiny catalogue with a hostile string in every text field; returns the parts dict."""
    tags = (f"H{i:02d}" for i in itertools.count())
    attacks = itertools.cycle([*ATTACKS, canary_template(canary_path)])

    def text() -> str:
        return f"{next(tags)} {next(attacks)}"

    parts = base_catalog()
    for layer in ("adiz", "seas", "straits", "places", "routes"):
        for feature in parts[layer]:
            props = feature["properties"]
            props["name"] = text()
            props["aliases"] = [text(), text()]
            props["note"] = text()
            props["confidence_note"] = text()
            if layer == "adiz":
                props["established"] = text()
            if layer == "places":
                props["disputed"] = text()
            if layer == "routes":
                props["vehicles"] = text()
    for event in parts["events"]:
        event["title"] = text()
        event["summary"] = text()
        event["participants"][0].update(type=text(), role=text(), count_note=text())
        event["responders"][0].update(force=text(), action=text())
        event["disputed"] = [{"field": text(), "note": text(), "sources": ["src-a"]}]
        event["markers"] = [{"label": text(), "note": text(), "lon": 131.0, "lat": 30.5}]
    source = parts["sources"][0]
    source.update(outlet=text(), headline=text(), seed_file=text(), facts=[text(), text()])
    source["url"] = 'https://example.org/a?q="><script>window.__pm_pwned=7</script>'
    return parts
