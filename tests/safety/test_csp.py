"""The saved page's CSP allows exactly its own inline scripts."""

import base64
import hashlib
import html
import re
import subprocess

import folium
import pytest
from browser_support import CHROMIUM_ARGS, chromium_path

from patrolmap.safety.csp import (
    ForeignScriptError,
    apply_csp,
    build_policy,
    find_inline_handlers,
    page_scripts,
    script_hashes,
)
from patrolmap.safety.escape import html_text


def sha(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def page(body, head=""):
    return f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">{head}\n</head>\n<body>{body}</body>\n</html>\n'


def meta_policy(out):
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', out)
    return html.unescape(match.group(1))


def test_script_hashes_match_hashlib_in_page_order():
    doc = page(
        '<script>var a = "</scrip" + "t>";</script>'
        '<script src="https://x.test/l.js"></script>'
        "<SCRIPT type='text/javascript' data-x=\"a>b\">b()</SCRIPT >"
        '<script type="application/json">{"k": 1}</script>'
        '<script>var a = "</scrip" + "t>";</script>'
        "<script>\n</script>"
    )
    assert script_hashes(doc) == [
        sha('var a = "</scrip" + "t>";'),
        sha("b()"),
        sha('{"k": 1}'),
        sha("\n"),
    ]


def test_script_hashes_follow_the_browser():
    # The script ends at the first </script>, inside a JS string or not.
    assert script_hashes(page("<script>x('</script>')</script>")) == [sha("x('")]
    # The browser's input stream turns CRLF and CR into LF before the text is hashed.
    assert script_hashes(page("<script>a\r\nb\rc</script>")) == [sha("a\nb\nc")]
    # Neither <scripts> nor <script-x> is a script element.
    doc = page("<scripts>x</scripts><script-x>y</script-x><script>z</script>")
    assert script_hashes(doc) == [sha("z")]
    assert script_hashes(page("<script/src=x.js></script><script async src>z</script>")) == []


def test_build_policy_lists_hashes_and_denies_the_rest():
    doc = page("<script>a()</script><script>b()</script>")
    policy = build_policy(doc)
    assert policy.startswith("default-src 'none'; ")
    assert f"script-src {sha('a()')} {sha('b()')};" in policy
    for directive in ["object-src 'none'", "base-uri 'none'", "form-action 'none'"]:
        assert directive in policy
    assert "connect-src 'none'" in policy
    assert "img-src data:;" in policy
    assert "frame-ancestors" not in policy  # ignored in a <meta> policy
    assert "unsafe-hashes" not in policy and "unsafe-eval" not in policy
    assert "script-src 'none'" in build_policy(page("<p>no scripts</p>"))


def test_build_policy_extra_hosts():
    policy = build_policy(
        page(""),
        extra_img_hosts=["https://*.tile.example.org", "http://localhost:8080/tiles/"],
        extra_connect_hosts=("https://api.example.org",),
    )
    assert "img-src data: https://*.tile.example.org http://localhost:8080/tiles/;" in policy
    assert "connect-src https://api.example.org;" in policy


@pytest.mark.parametrize(
    "host", ["x.org; script-src *", "'unsafe-inline'", "*", "https://a.org b.org", "data:", ""]
)
def test_build_policy_rejects_sources_that_are_not_hosts(host):
    with pytest.raises(ValueError):
        build_policy(page(""), extra_img_hosts=[host])


def test_apply_csp_puts_the_meta_before_every_script():
    doc = page("<script>a()</script>", head="<script>h()</script><style>p{}</style>")
    out = apply_csp(doc, own_scripts=page_scripts(doc))
    meta_at = out.index("Content-Security-Policy")
    assert out.index("<head>") < meta_at < out.index("<script")
    assert out.index("<meta charset") < meta_at
    assert meta_policy(out) == build_policy(doc)
    assert 'content="default-src &#39;none&#39;; ' in out  # attribute-escaped
    # The hashes hold for the page as saved.
    assert build_policy(out) == build_policy(doc)
    assert (
        out.replace(out[out.index("\n<meta http-equiv") : out.index('">', meta_at) + 2], "") == doc
    )


def test_apply_csp_is_deterministic():
    m = folium.Map(tiles=None)
    folium.Marker([1, 2], tooltip=html_text("<b>{{x}}</b>")).add_to(m)
    doc = m.get_root().render()
    assert apply_csp(doc, own_scripts=page_scripts(doc)) == apply_csp(
        doc, own_scripts=page_scripts(doc)
    )


def test_apply_csp_keeps_charset_in_the_first_1024_bytes():
    doc = page("".join(f"<script>f({i})</script>" for i in range(40)))
    out = apply_csp(doc, own_scripts=page_scripts(doc))
    assert len(meta_policy(out)) > 1024
    assert out.encode("utf-8").index(b"charset") < 1024


@pytest.mark.parametrize(
    "doc",
    [
        "<html><body><script>a()</script></body></html>",
        "<!-- <head> --><html><head></head></html>",
        "<script>a()</script><head></head>",
    ],
)
def test_apply_csp_refuses_pages_without_a_leading_head(doc):
    with pytest.raises(ValueError):
        apply_csp(doc, own_scripts=page_scripts(doc))


def test_apply_csp_refuses_a_second_policy():
    with pytest.raises(ValueError):
        doc = page("<script>a()</script>")
        once = apply_csp(doc, own_scripts=page_scripts(doc))
        apply_csp(once, own_scripts=page_scripts(once))


def test_find_inline_handlers():
    doc = page(
        '<img src=x onerror=alert(1)><p ONCLICK="x()">t</p><svg/onload=y()>'
        "<script>var s = '<img onerror=z>';</script><!-- <b onmouseover=q> -->"
    )
    assert find_inline_handlers(doc) == ["img onerror", "p onclick", "svg onload"]


def test_folium_page_has_no_inline_handlers():
    m = folium.Map(tiles=None)
    folium.Marker([0, 0], tooltip=html_text("<img src=x onerror=alert(1)>")).add_to(m)
    doc = m.get_root().render()
    assert find_inline_handlers(apply_csp(doc, own_scripts=page_scripts(doc))) == []


def slots(path):
    """Open ``path`` in headless Chromium and return the text of each <p id=...> after load."""
    run = [chromium_path(), "--headless", *CHROMIUM_ARGS, "--dump-dom", path.as_uri()]
    dom = subprocess.run(run, capture_output=True, text=True, timeout=60, check=True).stdout
    return dict(re.findall(r'<p id="(\w)">([^<]*)</p>', dom))


@pytest.mark.browser
def test_chromium_runs_hashed_scripts_only(
    tmp_path, browser
):  # `browser`: skip or fail as the suite does

    def mark(slot, value):
        return f"document.getElementById('{slot}').textContent = '{value}';"

    doc = page(
        '<p id="a">-</p><p id="b">-</p><p id="c">-</p><p id="d">-</p>'
        f"<script>{mark('a', 'ran')}</script>"
        f"<script>\r\n{mark('b', 'ran')}\r\n</script>"
        f'<img src="missing.png" onerror="{mark("c", "ran")}">'
    )
    injected = f"<script>{mark('d', 'ran')}</script></body>"
    (tmp_path / "open.html").write_text(doc.replace("</body>", injected), encoding="utf-8")
    (tmp_path / "csp.html").write_text(
        apply_csp(doc, own_scripts=page_scripts(doc)).replace("</body>", injected), "utf-8"
    )
    # Without the policy everything runs, so the second check can fail.
    assert slots(tmp_path / "open.html") == {"a": "ran", "b": "ran", "c": "ran", "d": "ran"}
    # With it: the hashed scripts (one with CRLF line ends) run; the handler and a script
    # added after the policy was made do not.
    assert slots(tmp_path / "csp.html") == {"a": "ran", "b": "ran", "c": "-", "d": "-"}


def test_apply_csp_refuses_a_script_it_was_not_given():
    ours = page("<script>ours()</script>")
    slipped = ours.replace("</body>", "<script>window.__pm_pwned=1</script></body>")
    with pytest.raises(ForeignScriptError, match=r"did not write.*window\.__pm_pwned"):
        apply_csp(slipped, own_scripts=page_scripts(ours))
    # The same text with other attributes is another script.
    typed = ours.replace("<script>", '<script type="module">')
    with pytest.raises(ForeignScriptError):
        apply_csp(typed, own_scripts=page_scripts(ours))
