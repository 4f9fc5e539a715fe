"""What the draft recognises: aircraft and ship families, number words, countries and forces.

Each aircraft family lists the spellings reporters use (Tupolev-95, Tu-95MS, TU-95, "Bear") and the
catalogue's own form of the type, so a draft names types the way data/events.yaml does. One table,
so adding a type is one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Separators reporters put between a design bureau prefix and its number: Tu-95, Tu 95, Tu–95, Tu95.
_DASH = r"[-‐‑–—− ]?"  # the minus sign too: Japanese text writes Tu−95


@dataclass(frozen=True)
class Family:
    key: str  # the family, as the scorer compares types: "Tu-95"
    country: str  # who flies it: RU or CN
    role: str
    pattern: str  # a regex for the family stem; a variant suffix may follow
    variants: tuple[str, ...] = ()  # suffixes kept when the text gives them: MS, K, N
    domain: str = "air"  # air | sea


def _stem(prefixes: str, number: str) -> str:
    return rf"(?:{prefixes}){_DASH}{number}"


AIRCRAFT: tuple[Family, ...] = (
    # Russia
    Family(
        "Tu-95",
        "RU",
        "strategic bomber",
        _stem("Tu|TU|Tupolev", "95") + r"|Bear[- ]H",
        ("MSM", "MS", "K"),
    ),
    Family(
        "Tu-142", "RU", "maritime patrol aircraft", _stem("Tu|TU|Tupolev", "142"), ("MK", "MZ", "M")
    ),
    Family("Tu-160", "RU", "strategic bomber", _stem("Tu|TU|Tupolev", "160"), ("M",)),
    Family("Tu-22M", "RU", "bomber", _stem("Tu|TU|Tupolev", "22M") + r"|Backfire", ("3",)),
    Family("Tu-214", "RU", "reconnaissance aircraft", _stem("Tu|TU|Tupolev", "214"), ("R",)),
    Family("Su-35", "RU", "fighter", _stem("Su|SU|Sukhoi", "35"), ("S",)),
    Family("Su-30", "RU", "fighter", _stem("Su|SU|Sukhoi", "30"), ("SM2", "SM")),
    Family("Su-27", "RU", "fighter", _stem("Su|SU|Sukhoi", "27")),
    Family("Su-24", "RU", "attack aircraft", _stem("Su|SU|Sukhoi", "24"), ("MR", "M")),
    Family("Su-34", "RU", "fighter-bomber", _stem("Su|SU|Sukhoi", "34")),
    Family("MiG-31", "RU", "interceptor", _stem("MiG|MIG|Mig", "31"), ("BM", "K")),
    Family("A-50", "RU", "airborne early warning", _stem("A", "50") + r"|Beriev A-50", ("U",)),
    Family("Il-20", "RU", "reconnaissance aircraft", _stem("Il|IL|Ilyushin", "20"), ("M",)),
    Family("Il-38", "RU", "maritime patrol aircraft", _stem("Il|IL|Ilyushin", "38"), ("N",)),
    Family("Il-78", "RU", "tanker", _stem("Il|IL|Ilyushin", "78"), ("M",)),
    Family("An-12", "RU", "transport", _stem("An|AN|Antonov", "12")),
    Family("An-26", "RU", "transport", _stem("An|AN|Antonov", "26")),
    # China
    Family("H-6", "CN", "strategic bomber", _stem("H|Hong|Xian H", "6"), ("K", "N", "J", "G", "M")),
    Family("J-16", "CN", "fighter", _stem("J|Jian", "16")),
    Family("J-11", "CN", "fighter", _stem("J|Jian", "11"), ("BH", "B")),
    Family("J-10", "CN", "fighter", _stem("J|Jian", "10"), ("C", "A")),
    Family("J-15", "CN", "carrier fighter", _stem("J|Jian", "15")),
    Family("J-20", "CN", "fighter", _stem("J|Jian", "20")),
    Family("KJ-2000", "CN", "airborne early warning", _stem("KJ", "2000")),
    Family("KJ-500", "CN", "airborne early warning", _stem("KJ", "500")),
    Family("KJ-200", "CN", "airborne early warning", _stem("KJ", "200")),
    Family("Y-20", "CN", "tanker or transport", _stem("Y|Yun", "20"), ("U", "A")),
    Family("Y-9", "CN", "patrol aircraft", _stem("Y|Yun", "9"), ("JB", "G")),
    Family("Y-8", "CN", "patrol aircraft", _stem("Y|Yun", "8"), ("Q", "J", "G")),
    Family("WZ-7", "CN", "drone", _stem("WZ", "7")),
    Family("TB-001", "CN", "drone", _stem("TB", "001")),
    Family("BZK-005", "CN", "drone", _stem("BZK", "005")),
)

# Ship classes as reporters write them, with the class the catalogue would name.
SHIP_CLASSES: tuple[tuple[str, str, str], ...] = (
    # (pattern, class as written in the catalogue, country or "" when the class does not say)
    (r"Type[- ]?055|Renhai", "Type 055 destroyer", "CN"),
    (r"Type[- ]?052D?|Luyang(?: III| II)?", "Type 052 destroyer", "CN"),
    (r"Type[- ]?054A?|Jiangkai(?: II)?", "Type 054 frigate", "CN"),
    (r"Type[- ]?903A?|Fuchi", "Type 903 replenishment ship", "CN"),
    (r"Type[- ]?815A?|Dongdiao", "Type 815 intelligence ship", "CN"),
    (r"Type[- ]?071|Yuzhao", "Type 071 landing ship", "CN"),
    (r"Udaloy(?: I)?", "Udaloy-class destroyer", "RU"),
    (r"Steregushchiy|Steregushchy", "Steregushchiy-class corvette", "RU"),
    (r"Slava", "Slava-class cruiser", "RU"),
    (r"Vishnya|Project 864", "Project 864 Vishnya intelligence ship", "RU"),
    (r"Sovremenny", "Sovremenny-class destroyer", "RU"),
    (r"aircraft carrier|空母|항공모함", "aircraft carrier", ""),
)
# Named ships the catalogue already knows, so a bare name gives country and class.
NAMED_SHIPS: dict[str, tuple[str, str]] = {
    "Liaoning": ("CN", "aircraft carrier"),
    "Shandong": ("CN", "aircraft carrier"),
    "Fujian": ("CN", "aircraft carrier"),
    "Kareliya": ("RU", "Project 864 Vishnya intelligence ship"),
    "Beijixing": ("CN", "Type 815 intelligence ship"),
    "Varyag": ("RU", "Slava-class cruiser"),
    "Admiral Panteleyev": ("RU", "Udaloy-class destroyer"),
    "Admiral Tributs": ("RU", "Udaloy-class destroyer"),
    "Admiral Vinogradov": ("RU", "Udaloy-class destroyer"),
    "Xi'an": ("CN", "Type 052 destroyer"),
    "Zibo": ("CN", "Type 052 destroyer"),
    "Binzhou": ("CN", "Type 054 frigate"),
    "Chaohu": ("CN", "Type 903 replenishment ship"),
}
# Words that say the text is about ships (for the kind), in English, Japanese and Korean.
SHIP_WORDS = re.compile(
    r"\b(?:warships?|destroyers?|frigates?|corvettes?|cruisers?|vessels?|naval ships?|"
    r"aircraft carriers?|flotilla|fleet)\b|艦艇|駆逐艦|フリゲート|空母|군함|구축함|함정|항공모함"
)
AIR_WORDS = re.compile(
    r"\b(?:aircraft|bombers?|fighters?|jets?|warplanes?|planes?)\b|航空機|爆撃機|戦闘機|軍用機|"
    r"군용기|폭격기|전투기|항공기"
)
JOINT_WORDS = re.compile(
    r"\bjoint (?:strategic )?(?:air |aerial )?(?:patrol|flight|exercise|drill|mission)s?\b|"
    r"\bcombined (?:air )?(?:patrol|flight|exercise|drill)s?\b|共同(?:飛行|パトロール)|연합(?:\s?훈련|\s?비행)|"
    r"联合(?:空中)?(?:战略)?巡航",
    re.IGNORECASE,
)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "lone": 1, "two": 2, "pair of": 2, "a pair of": 2,
    "a couple of": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "dozen": 12, "a dozen": 12,
}  # fmt: skip
KANJI_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
# Korean native numerals before a counter (두 대: two aircraft).
HANGUL_NUMBERS = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}

# Words that mark a mention as one country's: "Russian Tu-95", "Chinese drones".
COUNTRY_WORDS = {
    "RU": r"Russia(?:n|'s|’s)?|Moscow(?:'s|’s)?|ロシア|러시아|露",
    "CN": r"China(?:'s|’s)?|Chinese|Beijing(?:'s|’s)?|PLA|中国|중국|中",
}

# Responders: who is named, and which force to write.
RESPONDERS: tuple[tuple[str, str, str], ...] = (
    # (country, pattern naming that country's military or government, force to write)
    (
        "JP",
        r"\bJapan(?:ese|'s|’s)?\b|\bTokyo\b|\bJASDF\b|\bMSDF\b|(?:Air|Maritime) Self-Defen[cs]e Force|"
        r"Joint Staff|海上自衛隊|"
        r"航空自衛隊|自衛隊|統合幕僚監部|防衛省|일본",
        "Japan Air Self-Defense Force",
    ),
    (
        "KR",
        r"\b(?:South|S\.) Korea(?:n|'s|’s)?\b|\bSeoul(?:'s|’s)?\b|\bROKAF\b|\bROK\b|\bJCS\b|"
        r"Joint Chiefs of Staff|합동참모본부|합참|공군|우리 군|韓国|韓国軍|"
        # Korean outlets write "our military" (우리 군) for their own forces, also in translation
        r"\bour (?:military|Air Force|fighter)",
        "Republic of Korea Air Force",
    ),
    (
        "US",
        r"\bNORAD\b|North American Aerospace Defen[cs]e Command|\bU\.?S\.? (?:Air Force|military|fighter)|\bF-22s?\b|\bAmerican\b",
        "NORAD",
    ),
    (
        "CA",
        r"\bRCAF\b|Royal Canadian Air Force|\bCF-18s?\b|\bCF-188s?\b|Canadian NORAD Region|\bCanadian fighter",
        "Royal Canadian Air Force",
    ),
)
# A response: the forces acted on the flight, not merely spoke of it.
RESPONSE_VERBS = re.compile(
    r"\bscrambl\w*|\bintercept\w*|\btrack(?:ed|ing|s)?\b|\bdetect\w*|\bmonitor\w*|\bshadow\w*|"
    r"\bescort\w*|\bwatch(?:ed|ing)\b|\bspotted\b|\bsighted\b|\bsurveillance\b|\bidentif(?:y|ied|ying)\b|\btook (?:\w+ )?action\b|\bdispatch\w*|\blaunch\w*|\bsent\b|\bdeploy\w*|\bmobili[sz]\w*|"
    r"緊急発進|スクランブル|対応|긴급\s?출격|출격|투입|전술조치|대응",
    re.IGNORECASE,
)
SCRAMBLE = re.compile(r"scrambl\w*|緊急発進|スクランブル|출격|투입", re.IGNORECASE)
