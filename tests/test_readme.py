"""The README's Quick start and what CI runs stay the same commands."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def quick_start_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_an_install_and_a_test_command_each_in_a_virtual_environment():
    install, test = quick_start_commands()
    # Debian's and Ubuntu's python3 refuse a bare `pip install` (PEP 668).
    for command in (install, test):
        assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert install.endswith("&& patrolmap render")
    assert test.endswith("&& python -m pytest")


def test_ci_runs_the_readme_test_command_as_written():
    _, test = quick_start_commands()
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert any(line == test or line.startswith(test + " || exit") for line in ci_lines)


def test_readme_links_the_licence_and_the_attributions():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(LICENSE)" in readme and "(ATTRIBUTION.md)" in readme
    assert "MIT" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "Natural Earth" in (REPO / "ATTRIBUTION.md").read_text(encoding="utf-8")


def test_every_bundled_data_file_has_its_attribution():
    attribution = (REPO / "ATTRIBUTION.md").read_text(encoding="utf-8")
    bundled = sorted((REPO / "data" / "geo").glob("*.geojson"))
    bundled += [REPO / "data" / "events.yaml", REPO / "seeds" / "sources.yaml"]
    assert [p.name for p in bundled if p.name not in attribution] == []


def test_ci_runs_no_check_at_the_head_of_an_and_list():
    """Under `set -e`, a failure before the last `&&` does not stop the script, so CI would pass."""
    for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines():
        code = line.split("#", 1)[0].strip()
        if " && " in code:
            assert code.endswith("|| exit"), line
