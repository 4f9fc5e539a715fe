"""The saved page allows only patrolmap's own scripts: one that slips into the page fails the render."""

from __future__ import annotations

import folium
import pytest
from click.testing import CliRunner

from patrolmap.catalog import load_catalog
from patrolmap.cli import cli
from patrolmap.render import build_map
from patrolmap.render import page as render_page
from patrolmap.safety.csp import ForeignScriptError, page_scripts


@pytest.fixture
def tiny_map(make_catalog):
    return build_map(load_catalog(make_catalog()))


def _meta_hashes(html: str) -> int:
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    return policy.count("&#39;sha256-")


@pytest.mark.parametrize("offline", [True, False])
def test_every_script_of_a_page_is_one_patrolmap_wrote(tiny_map, offline):
    html = tiny_map.page(offline=offline)
    scripts = page_scripts(html)
    inline = [s for s in scripts if "src=" not in s[0]]
    # Leaflet (offline), the stand-ins, folium's flags, the runtime, the data block, the map script.
    assert len(inline) == (6 if offline else 5)
    assert _meta_hashes(html) == len(inline)


@pytest.mark.parametrize(
    ("where", "text"),
    [
        ("html", "<script>window.__pm_pwned = 1</script>"),  # into the body, as markup
        ("header", "<script>window.__pm_pwned = 1</script>"),  # into the head
        # Out of folium's map script and into a second one.
        ("script", "</script><script>window.__pm_pwned = 1</script><script>"),
    ],
)
def test_a_script_slipping_into_the_page_fails_the_render(tiny_map, where, text):
    getattr(tiny_map.get_root(), where).add_child(folium.Element(text))
    with pytest.raises(ForeignScriptError, match="did not write"):
        tiny_map.page()


def test_the_command_saves_nothing_when_a_script_slips_in(make_catalog, tmp_path, monkeypatch):
    original = render_page.folium_scripts
    monkeypatch.setattr(render_page, "folium_scripts", lambda html: original(html)[:-1])
    target = tmp_path / "map.html"
    result = CliRunner().invoke(
        cli, ["render", "--catalog", str(make_catalog()), "-o", str(target)]
    )
    assert result.exit_code == 1 and "did not write" in result.stderr
    assert "Traceback" not in result.output and not target.exists()
