"""Content-Security-Policy for saved pages: only patrolmap's own scripts may run.

The policy lists the hash of each inline script. Hashing whatever scripts a page holds would let an
escaping slip run, so `apply_csp` takes the scripts patrolmap wrote (Leaflet, the stand-ins, the
runtime, the data block, folium's map script) and refuses a page holding any other.
"""

import base64
import hashlib
import re
from collections.abc import Collection
from html.parser import HTMLParser

from patrolmap.errors import PatrolmapError
from patrolmap.safety.escape import html_attr

# Quoted attribute values may contain ">", so a start tag is matched value by value.
_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# A script element's text ends at the first "</script" followed by whitespace, "/" or ">"
# (HTML spec, script data end tag), wherever that falls in the JavaScript.
_SCRIPT = re.compile(rf"<script(?=[\s/>])({_TAG_BODY})>(.*?)</script[\s/>]", re.I | re.S)
_SRC_ATTR = re.compile(r"""(?:^|[\s/"'])src(?=[\s/=>]|$)""", re.I)
# The page must open with (BOM) doctype, <html ...> and <head ...>; anything else before <head>
# (a comment, a script) could mean the meta lands where the browser ignores it.
_HEAD = re.compile(
    rf"\ufeff?\s*(?:<!doctype[^>]*>)?\s*(?:<html(?=[\s>]){_TAG_BODY}>)?\s*<head(?=[\s>]){_TAG_BODY}>"
    # Keep a leading <meta charset> first: a long policy could push it out of the first 1024
    # bytes, where the browser looks for it, and non-ASCII text would be decoded wrongly.
    r"(?:\s*<meta\b[^>]*charset[^>]*>)?",
    re.I,
)
_CSP_META = re.compile(r"<meta\b[^>]*content-security-policy", re.I)
_HOST = re.compile(
    r"https?://(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?(?:/[\w.~%!$&()*+=:@/-]*)?", re.I
)


class ForeignScriptError(PatrolmapError, RuntimeError):
    """A page holds a <script> that patrolmap did not write: an escaping slip, never saved."""


Script = tuple[str, str]  # (the attributes of its start tag, its text), exactly as in the page


def page_scripts(html: str) -> list[Script]:
    """Every ``<script>`` element of ``html`` in page order, as (attributes, text)."""
    return [(m.group(1), m.group(2)) for m in _SCRIPT.finditer(html)]


def check_scripts(html: str, own: Collection[Script]) -> None:
    """Raise ForeignScriptError unless every script in ``html`` is one of ``own``."""
    allowed = set(own)
    for match in _SCRIPT.finditer(html):
        if (match.group(1), match.group(2)) not in allowed:
            text = match.group(2)[:60]
            raise ForeignScriptError(
                f"the page holds a <script> that patrolmap did not write, at character "
                f"{match.start():,} ({text!r}); nothing was saved. This is a bug in patrolmap's "
                "escaping: please report it with the catalogue"
            )


def _browser_text(script: str) -> str:
    # What the browser hashes: its input stream turns CRLF and CR into LF, and the tokenizer
    # replaces NUL in script data with U+FFFD.
    return script.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")


def script_hashes(html: str) -> list[str]:
    """Return the ``'sha256-...'`` source token of every inline ``<script>`` in ``html``.

    Tokens are in page order, each once. Scripts with a ``src`` attribute are skipped. Data
    blocks (``type="application/json"``) are hashed too: deciding which types execute is where
    bugs hide, and allowing JSON text to run as script grants nothing (it has no calls or
    assignments). A script this function misreads gets a hash that does not match, so the
    browser blocks it: errors fail closed.
    """
    tokens: dict[str, None] = {}
    for match in _SCRIPT.finditer(html):
        if _SRC_ATTR.search(match.group(1)):
            continue
        digest = hashlib.sha256(_browser_text(match.group(2)).encode("utf-8")).digest()
        tokens[f"'sha256-{base64.b64encode(digest).decode('ascii')}'"] = None
    return list(tokens)


def _sources(hosts: tuple[str, ...] | list[str]) -> list[str]:
    for host in hosts:
        if not isinstance(host, str) or not _HOST.fullmatch(host):
            raise ValueError(f"not a plain http(s) host source for a CSP: {host!r}")
    return list(dict.fromkeys(hosts))


def build_policy(
    html: str,
    *,
    extra_img_hosts: tuple[str, ...] | list[str] = (),
    extra_connect_hosts: tuple[str, ...] | list[str] = (),
    extra_script_hosts: tuple[str, ...] | list[str] = (),
    extra_style_hosts: tuple[str, ...] | list[str] = (),
) -> str:
    """Return a CSP for ``html`` that lets only its own inline scripts run.

    The ``extra_*_hosts`` (tile servers for img, a CDN for script and style) are
    ``http(s)://host[:port][/path]`` sources; anything else raises ValueError. A path without a
    trailing slash allows that one file only. Inline event handlers and
    ``javascript:`` URLs are blocked because script-src has hashes only (no 'unsafe-hashes').
    """
    directives = [
        "default-src 'none'",
        # Script hosts only for the --cdn page, which loads Leaflet (with SRI) from a CDN.
        "script-src "
        + (" ".join([*script_hashes(html), *_sources(extra_script_hosts)]) or "'none'"),
        # folium emits <style> blocks and style="" attributes and Leaflet builds markup with
        # style attributes; CSS cannot run script, so inline styles are allowed.
        " ".join(["style-src", "'unsafe-inline'", *_sources(extra_style_hosts)]),
        " ".join(["img-src", "data:", *_sources(extra_img_hosts)]),
        "connect-src " + (" ".join(_sources(extra_connect_hosts)) or "'none'"),
        "font-src data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
        # No frame-ancestors, report-uri or sandbox: browsers ignore them in a <meta> policy.
    ]
    return "; ".join(directives)


def apply_csp(html: str, *, own_scripts: Collection[Script], **kwargs) -> str:
    """Return ``html`` with a CSP ``<meta>`` at the top of ``<head>``, before any script.

    ``own_scripts`` are the scripts patrolmap wrote (see :func:`page_scripts`): a page holding any
    other raises ForeignScriptError.

    The meta goes right after ``<head>`` (after a leading ``<meta charset>`` if there is one).
    Hashes are taken over ``html`` itself; the insertion is outside every script, so they hold
    for the saved page. ``kwargs`` go to :func:`build_policy`. Raises ValueError if the page
    does not start with its ``<head>`` or already has a CSP meta.
    """
    if _CSP_META.search(html):
        raise ValueError("the page already has a Content-Security-Policy meta")
    check_scripts(html, own_scripts)
    head = _HEAD.match(html)
    if head is None:
        raise ValueError("the page has no <head> at its start to put the CSP meta in")
    policy = html_attr(build_policy(html, **kwargs))
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html[: head.end()] + meta + html[head.end() :]


class _HandlerFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [f"{tag} {name}" for name, _ in attrs if name.startswith("on")]


def find_inline_handlers(html: str) -> list[str]:
    """Return ``"tag attribute"`` for every ``on*`` attribute in the static markup of ``html``.

    Script contents and comments are not markup and are skipped. The policy blocks handlers
    anyway; this lets a test show the page does not depend on any.
    """
    finder = _HandlerFinder()
    finder.feed(html)
    finder.close()
    return finder.found
