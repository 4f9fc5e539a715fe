"""The article's text: a plain-text file, an HTML page reduced to its main text, or standard input.

HTML goes through trafilatura, a maintained main-content extractor, so menus, share bars and
"related stories" around the article do not leak into the draft. Every evidence span is an offset
into the text returned here.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from patrolmap.errors import PatrolmapError

# Full-width digits and letters (２機, Ｔｕ) map one-to-one onto ASCII, so offsets stay valid.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_SPACES = {ord(c): " " for c in "\u00a0\u2007\u2009\u202f\u3000"}
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[ >])", re.I)


@dataclass(frozen=True)
class Article:
    text: str  # what evidence offsets point into
    title: str | None = None
    published: dt.date | None = None  # from the page's own metadata, when HTML gives it
    url: str | None = None
    outlet: str | None = None
    language: str | None = None


def read_article(path: str) -> Article:
    """Read ARTICLE: a .txt or .html file, or '-' for standard input (HTML is recognised by content)."""
    if path == "-":
        raw = sys.stdin.read()
        is_html = bool(_HTML_START.match(raw))
    else:
        file = Path(path)
        if not file.is_file():
            raise PatrolmapError(
                f"{path}: no such file; give a .txt or .html file, or - for standard input"
            )
        raw = file.read_text(encoding="utf-8", errors="replace")
        is_html = file.suffix.lower() in (".html", ".htm") or bool(_HTML_START.match(raw))
    article = article_from_html(raw) if is_html else Article(text=normalise(raw))
    if not article.text.strip():
        raise PatrolmapError(f"{path}: no article text found; give the article's text or page")
    return article


def article_from_html(html: str) -> Article:
    """The main text and metadata of an HTML page, boilerplate removed by trafilatura."""
    try:
        import trafilatura
    except ImportError:
        raise PatrolmapError(
            "ARTICLE: reading HTML needs trafilatura, which is not installed; "
            "pip install 'patrolmap[draft]', or save the article as .txt"
        ) from None
    extracted = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if extracted is None:
        return Article(text="")
    doc: dict[str, Any] = extracted.as_dict() if hasattr(extracted, "as_dict") else extracted
    return Article(
        text=normalise(doc.get("text") or ""),
        title=doc.get("title") or None,
        published=_iso_date(doc.get("date")),
        url=doc.get("url") or None,
        outlet=doc.get("sitename") or None,
        language=doc.get("language") or None,
    )


def normalise(text: str) -> str:
    """Same-length clean-up: full-width ASCII to ASCII, non-breaking and thin spaces to spaces."""
    return text.translate(_FULL_WIDTH).translate(_SPACES)


def _iso_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
