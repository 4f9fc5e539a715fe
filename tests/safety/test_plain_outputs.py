"""The plain-text outputs are inert: markdown holds no raw HTML or links, terminals see no controls."""

from __future__ import annotations

import json
from dataclasses import replace

import markdown
import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from patrolmap.catalog import load_catalog
from patrolmap.catalog.model import Participant
from patrolmap.cli import cli
from patrolmap.join import join_catalog
from patrolmap.safety.plain import for_terminal, markdown_text
from patrolmap.summary import COLUMNS, format_summary

MARKDOWN_ATTACKS = [
    "<script>window.pwned=1</script>",
    '<img src=x onerror="window.pwned=2">',
    "[x](javascript:alert(1))",
    "![x](javascript:alert(2))",
    "<javascript:alert(3)>",
    "a \\| b | c",
    "*em* _em_ `code` ~~del~~ &lt;b&gt;",
]
LINE_ENDS = ["\r", "\n", "\r\n", "\v", "\f", "\x85", "\u2028", "\u2029"]
TERMINAL_ATTACKS = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b[32mok\x1b[0m",  # a forged green ok
    "\x1b[8mhidden\x1b[28m",  # concealed text
    "\x1b]52;c;cGF0cm9sbWFw\x07",  # OSC 52: write the clipboard
    "\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\",  # OSC 8: a hyperlink
    "\x9b2J",  # C1 CSI
    "\u202eevil",  # bidi override
]


def _summary(make_catalog, participant_type: str, fmt: str) -> str:
    catalog = load_catalog(make_catalog())
    first = catalog.events[0]
    changed = replace(first, participants=(Participant("RU", participant_type, 2),))
    catalog = catalog.with_events((changed, *catalog.events[1:]))
    return format_summary(join_catalog(catalog), fmt)


def _rendered(text: str) -> list[str]:
    python_markdown = markdown.markdown(text, extensions=["tables"])
    markdown_it = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)
    return [python_markdown, markdown_it]


@pytest.mark.parametrize("attack", MARKDOWN_ATTACKS)
@pytest.mark.parametrize("line_end", ["", *LINE_ENDS])
def test_markdown_summary_renders_as_text_in_both_renderers(make_catalog, attack, line_end):
    text = _summary(make_catalog, f"Tu-95{line_end}| {attack}", "markdown")
    lines = text.splitlines()
    assert len(lines) == 2 + 4  # the header, the rule, one line per event
    for html in _rendered(text):
        assert (
            "<script" not in html
            and "<img" not in html
            and "javascript:" not in html.split('"')[1::2]
        )
        assert (
            "<a " not in html
            and "<em>" not in html
            and "<code>" not in html
            and "<del>" not in html
        )
        rows = html.split("<tr>")[1:]
        assert len(rows) == 5 and all(row.count("<td") == len(COLUMNS) for row in rows[1:])


def test_markdown_text_keeps_the_words_and_drops_controls():
    cell = markdown_text("a\x1bb\x00c" + "".join(f"{i}{end}" for i, end in enumerate(LINE_ENDS)))
    assert cell == "abc0 1 2 3 4 5 6 7 "
    assert MarkdownIt().render(markdown_text("<b>x</b> | y")) == "<p>&lt;b&gt;x&lt;/b&gt; | y</p>\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "json"])
@pytest.mark.parametrize("attack", TERMINAL_ATTACKS)
def test_summary_never_sends_terminal_controls(make_catalog, fmt, attack):
    text = _summary(make_catalog, f"Tu-95 {attack}", fmt)
    assert not any(c in text for c in "\x1b\x07\x9b\r")
    # A bidi override is text in a file (Arabic, Hebrew), but reorders what a terminal shows.
    assert fmt != "table" or "\u202e" not in text
    if fmt == "json":
        assert json.loads(text)[0]["participants"][0]["type"] == f"Tu-95 {attack}"


def test_for_terminal_shows_what_a_control_was():
    assert for_terminal("a\x1b]52;c;x\x07b\u202ec\nd") == "a\\x1b]52;c;x\\x07b\\u202ec\nd"


def test_validate_shows_a_key_written_twice_without_acting_on_it(make_catalog):
    root = make_catalog()
    events = root / "data" / "events.yaml"
    key = '"\\e[2J\\e]52;c;cGF0cm9sbWFw\\a"'
    events.write_text(
        events.read_text().replace("version: 1", f"version: 1\n{key}: 1\n{key}: 2", 1)
    )
    for args in (["validate"], ["validate", "--format", "json"], ["summary"]):
        result = CliRunner().invoke(cli, [*args, "--catalog", str(root)])
        assert result.exit_code == 1
        assert "\x1b" not in result.output and "\x07" not in result.output
        assert "2J" in result.output  # shown, as an escape
