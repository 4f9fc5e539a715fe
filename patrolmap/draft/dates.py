"""When it happened: date mentions found in the text and resolved against the publication date.

Reports date events relative to when they were written ("on Tuesday", "yesterday", "on the 27th"),
so every mention is resolved against the publication date. Without one, relative mentions stay
unresolved and the draft says so rather than guessing a week.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from patrolmap.draft.evidence import Span

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CJK_WEEKDAYS = "月火水木金土日"
_HANGUL_WEEKDAYS = "월화수목금토일"

_MONTH = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?!\d)(?:st|nd|rd|th)?"
_JOIN = r"\s*(?:,|and|&|to|through|-|–|—)\s*"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
_WD = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTH_FIRST = re.compile(rf"\b{_MONTH}\s+(?P<days>{_DAY}(?:{_JOIN}{_DAY})*){_YEAR}")
_DAY_FIRST = re.compile(rf"\b(?P<days>{_DAY}(?:{_JOIN}{_DAY})?)\s+(?:of\s+)?{_MONTH}{_YEAR}")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")
_ORDINAL_DAY = re.compile(r"\bon the (?P<d>\d{1,2})(?:st|nd|rd|th)\b")
_WEEKDAY = re.compile(
    rf"\b(?:(?P<last>last|past|previous)\s+)?(?P<wd>{_WD})(?:'s|’s)?"
    rf"(?:\s+(?:and|to|through|into)\s+(?P<wd2>{_WD}))?\b"
)
_RELATIVE = re.compile(
    r"\b(?P<word>yesterday|today|tonight|this morning|this afternoon|last night)\b|"
    r"(?P<cjk>昨日|本日|今日|어제|오늘|그제)",
    re.IGNORECASE,
)
_RELATIVE_DAYS = {
    "yesterday": -1, "last night": -1, "昨日": -1, "어제": -1, "그제": -2,
}  # fmt: skip  # everything else in _RELATIVE is the publication day itself
_CJK_DATE = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日일]"
    r"(?:\s*(?:[（(][^）)]{1,3}[）)])?\s*(?:から|～|〜|-|–|부터|~)\s*(?:(?P<m2>\d{1,2})\s*[月월]\s*)?"
    r"(?P<d2>\d{1,2})\s*[日일])?"
)
# "27일", "9日": a day of the publication month ("日本" and "曜日" are not days).
_DAY_ONLY = re.compile(r"(?<![\d月월])(?P<d>\d{1,2})\s?[日일](?![본요本間])")
_CJK_WEEKDAY = re.compile(rf"(?P<wd>[{_CJK_WEEKDAYS}])曜日?|(?P<hwd>[{_HANGUL_WEEKDAYS}])요일")
# "SEOUL, Nov. 19 (Yonhap) --": the dateline is when the story was filed, not the event.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)\s*[A-Z][A-Za-z .'’-]{1,25},\s*$")  # SEOUL, / Tokyo,
_DATELINE_AFTER = re.compile(r"^\.?\s*(?:\(|/|--|—)")
# "the ministry said Friday", "according to officials today": when it was told, not when it happened.
_REPORTING_BEFORE = re.compile(
    r"(?:\b(?:said|says|announced|reported|told|stated|revealed|confirmed|disclosed)|"
    r"\baccording to(?: [\w.’'-]+){0,4})\s*(?:on\s+)?$",
    re.IGNORECASE,
)
# Korean and Japanese sentences may follow a full stop with no space: "밝혔습니다.합참은".
_SENTENCE_END = re.compile(r"[.!?。](?=\s+[A-Z\"“]|\s*[가-힣\u3040-\u30ff\u4e00-\u9fff])|[!?。]|\n")
ONE_DAY = dt.timedelta(days=1)
# How far before publication an event reported as news may lie; older dates are background.
NEWS_WINDOW = dt.timedelta(days=10)


@dataclass(frozen=True)
class Mention:
    span: Span
    days: tuple[int, ...] = ()  # day numbers as written (29 and 30 -> (29, 30))
    month: int | None = None
    end_month: int | None = None
    year: int | None = None
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    weeks_back: int = 0  # "last Tuesday"
    reporting: bool = False  # "said on Tuesday": when the news was told
    offset: int | None = None  # days from publication: yesterday = -1
    dateline: bool = False

    def resolve(self, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
        """The dates this mention names, or None when it cannot be resolved without guessing."""
        try:
            return self._resolve(published)
        except ValueError:  # 31 February and the like: a misread, not a date
            return None

    def _resolve(self, published: dt.date | None) -> tuple[dt.date, dt.date] | None:
        if self.month is not None and self.year is not None:
            return _span_dates(self.year, self.month, self.end_month, self.days)
        if published is None:
            return None
        if self.offset is not None:
            day = published + dt.timedelta(days=self.offset)
            return day, day
        if self.weekdays:
            back = (published.weekday() - self.weekdays[0]) % 7 + 7 * self.weeks_back
            if self.weeks_back and back > 7:
                back -= 7
            first = published - dt.timedelta(days=back)
            last = first + dt.timedelta(days=(self.weekdays[-1] - self.weekdays[0]) % 7)
            return first, last
        if self.month is not None:
            dates = _span_dates(published.year, self.month, self.end_month, self.days)
            if dates[0] > published + dt.timedelta(days=2):  # "Dec. 30" read in January
                dates = _span_dates(published.year - 1, self.month, self.end_month, self.days)
            return dates
        if self.days:  # "on the 27th": this month, or last month if the 27th is still to come
            month_start = published.replace(day=1)
            if self.days[0] > published.day:
                month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
            return month_start.replace(day=self.days[0]), month_start.replace(day=self.days[-1])
        return None


@dataclass(frozen=True)
class EventDates:
    start: dt.date | None
    end: dt.date | None
    evidence: Span | None
    unresolved: str | None = None  # why there is no date, in words for the person checking
    end_evidence: Span | None = None  # where the end comes from, when not the start's mention

    @property
    def end_span(self) -> Span | None:
        return self.end_evidence or self.evidence


def _sentence(text: str, at: int) -> tuple[int, int]:
    """The bounds of the sentence holding offset `at` ("Sept. 11" and "a.m." do not end one)."""
    start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, at)), default=0)
    following = _SENTENCE_END.search(text, at)
    return start, following.end() if following else len(text)


def _span_dates(year: int, month: int, end_month: int | None, days: tuple[int, ...]):
    first = dt.date(year, month, days[0])
    last_month = end_month or month
    last_year = year + 1 if last_month < month else year
    return first, dt.date(last_year, last_month, days[-1])


def find_mentions(text: str) -> list[Mention]:
    """Every date mention in the text, in text order, overlapping matches dropped."""
    found: list[Mention] = []
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        for m in pattern.finditer(text):
            days = tuple(sorted(int(d) for d in re.findall(r"\d{1,2}(?!\d)", m["days"])))
            year = int(m["year"]) if m["year"] else None
            found.append(
                _mention(text, m, days=days, month=_MONTHS[m["mon"][:3].lower()], year=year)
            )
    for m in _ISO.finditer(text):
        found.append(_mention(text, m, days=(int(m["d"]),), month=int(m["m"]), year=int(m["year"])))
    for m in _CJK_DATE.finditer(text):
        days = (int(m["d"]),) + ((int(m["d2"]),) if m["d2"] else ())
        year = int(m["year"]) if m["year"] else None
        end_month = int(m["m2"]) if m["m2"] else None
        found.append(
            _mention(text, m, days=days, month=int(m["m"]), end_month=end_month, year=year)
        )
    for m in _ORDINAL_DAY.finditer(text):
        found.append(_mention(text, m, days=(int(m["d"]),)))
    for m in _DAY_ONLY.finditer(text):
        found.append(_mention(text, m, days=(int(m["d"]),)))
    for m in _WEEKDAY.finditer(text):
        weekdays = tuple(_WEEKDAYS.index(w.lower()) for w in (m["wd"], m["wd2"]) if w)
        found.append(_mention(text, m, weekdays=weekdays, weeks_back=1 if m["last"] else 0))
    for m in _CJK_WEEKDAY.finditer(text):
        weekday = _CJK_WEEKDAYS.index(m["wd"]) if m["wd"] else _HANGUL_WEEKDAYS.index(m["hwd"])
        found.append(_mention(text, m, weekdays=(weekday,)))
    for m in _RELATIVE.finditer(text):
        word = (m["word"] or m["cjk"]).lower()
        found.append(_mention(text, m, offset=_RELATIVE_DAYS.get(word, 0)))
    return _without_overlaps(found)


def _mention(text: str, m: re.Match, **fields) -> Mention:
    span = Span.of(text, m.start(), m.end())
    reporting = bool(_REPORTING_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))
    dateline = bool(
        _DATELINE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
        and _DATELINE_AFTER.match(text[m.end() : m.end() + 6])
    )
    return Mention(span=span, dateline=dateline, reporting=reporting, **fields)


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest mention where several overlap ('Nov. 19, 2021' over 'Nov. 19')."""
    ordered = sorted(mentions, key=lambda m: (m.span.start, -(m.span.end - m.span.start)))
    kept: list[Mention] = []
    for mention in ordered:
        if kept and mention.span.start < kept[-1].span.end:
            continue
        kept.append(mention)
    return kept


def event_dates(text: str, published: dt.date | None) -> EventDates:
    """The event's start and end: the first date the text gives that falls in the news window.

    Without a publication date only a full date (with its year) counts, and only when it is the
    first date the text gives: an earlier "on Tuesday" would have to be guessed, so it is reported
    as unresolved instead.
    """
    mentions = [m for m in find_mentions(text) if not m.dateline]
    if published is None:
        if not mentions:
            return EventDates(None, None, None, "the text gives no date; give --published")
        first = mentions[0]
        dates = first.resolve(None)
        if dates is None:
            reason = f"the text dates the event only as {first.span.text!r}; give --published to resolve it"
            return EventDates(None, None, first.span, reason)
        return EventDates(dates[0], max(dates), first.span)

    # A date the text gives for the event itself beats the date someone said or announced it;
    # the announcement date stands in when the text gives no other (JCS "said on the 27th that").
    def in_window(mention: Mention) -> tuple[dt.date, dt.date] | None:
        dates = mention.resolve(published)
        if dates is None or not (published - NEWS_WINDOW <= dates[0] <= published + ONE_DAY):
            return None  # unresolvable, background (an earlier incident), or still to come
        return dates

    for mention in sorted(mentions, key=lambda m: m.reporting):
        if in_window(mention) is None:
            continue
        # The rest of its sentence may carry on the event: "spotted on Thursday ... and on Friday
        # it passed the strait". Announcement dates stay out of it.
        start, end = _sentence(text, mention.span.start)
        same: list[tuple[Mention, tuple[dt.date, dt.date]]] = [
            (m, d)
            for m in mentions
            if start <= m.span.start < end and (m is mention or not m.reporting)
            for d in [in_window(m)]
            if d is not None
        ]
        earliest = min(same, key=lambda md: md[1][0])
        latest = max(same, key=lambda md: md[1][1])
        return EventDates(
            earliest[1][0], latest[1][1], earliest[0].span, end_evidence=latest[0].span
        )
    return EventDates(
        None,
        None,
        None,
        f"no date in the text falls within {NEWS_WINDOW.days} days before {published}",
    )
