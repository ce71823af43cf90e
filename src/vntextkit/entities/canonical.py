"""Canonical forms of entities, for counting mentions across a corpus.

Abbreviations expanded ("UBND" to "Ủy ban nhân dân", "TP.HCM" to "thành phố Hồ
Chí Minh"), one tone style (the old one: "Huyện uỷ" and "Huyện ủy" count as
one), whitespace collapsed and casing made consistent (all-caps headline text is
re-cased; a place's type word is lower case).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..normalize import normalize
from .gazetteers import abbreviations

_SINGLE_PLACE_TYPES = {"tỉnh", "huyện", "xã", "phường", "quận", "ấp", "thôn", "bản", "khóm", "buôn", "plei", "làng",
                       "bon", "xóm", "sóc", "tp.", "tx."}
_PLACE_TYPES = ("tỉnh", "thành phố", "thị xã", "huyện", "quận", "thị trấn", "xã", "phường", "đặc khu", "ấp",
                "thôn", "bản", "khóm", "khu phố", "tổ dân phố", "buôn", "plei", "làng", "bon", "xóm", "sóc")


@lru_cache(maxsize=1)
def _abbr_pattern():
    abbr = abbreviations()
    keys = sorted(abbr, key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])"), abbr


def _expand(text: str) -> str:
    pattern, table = _abbr_pattern()
    out = pattern.sub(lambda m: table[m.group()] + " ", text)
    return " ".join(out.split())


def _recase_caps(text: str, label: str) -> str:
    """Re-case all-caps text (a scraped headline): abbreviations are expanded,
    names are capitalized, other words are lower case ("CHỦ TỊCH UBND TỈNH LẠNG
    SƠN" gives "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn")."""
    table = abbreviations()
    out = []
    in_name = label in ("PERSON", "LOC")
    for i, w in enumerate(text.split()):
        if w in table:
            out.append(table[w])
            in_name = w in _NAME_INTRODUCERS
            continue
        low = w.lower()
        if low in _SINGLE_PLACE_TYPES:
            out.append(low if i else w[:1] + w[1:].lower())
            in_name = True  # what follows a place type is its name
        elif in_name or i == 0:
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(low)
    return _restore_known_case(out)


_NAME_INTRODUCERS = {"HTX", "THT", "CLB", "THCS", "THPT"}


@lru_cache(maxsize=1)
def _known_phrases() -> tuple[dict[tuple[str, ...], list[str]], int]:
    """Unit, position and place names as the resources spell them, by lower-cased words."""
    from importlib import resources

    phrases: dict[tuple[str, ...], list[str]] = {}
    files = ["lexicon/party_state.txt"] + [f"gazetteers/{n}" for n in ("unit_heads.txt", "positions.txt", "provinces.txt")]
    for name in files:
        text = resources.files("vntextkit").joinpath(f"resources/{name}").read_text(encoding="utf-8")
        for line in text.splitlines():
            phrase = line.split("\t")[0].strip()
            if phrase and not phrase.startswith("#") and any(c.isupper() for c in phrase):
                words = normalize(phrase, legacy=None).split()
                phrases.setdefault(tuple(w.lower() for w in words), words)
    return phrases, max(len(k) for k in phrases)


def _restore_known_case(words: list[str]) -> str:
    """Give known names their usual case ("hội nông dân" to "Hội Nông dân"), longest first."""
    phrases, longest = _known_phrases()
    out, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + longest), i, -1):
            cased = phrases.get(tuple(w.lower() for w in words[i:j]))
            if cased:
                out.extend(cased)
                i = j
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


@lru_cache(maxsize=65536)
def canonical_form(text: str, label: str) -> str:
    """The form under which mentions of the same entity are counted together.

    Examples
    --------
    >>> canonical_form("UBND tỉnh Cà Mau", "ORG")
    'Ủy ban nhân dân tỉnh Cà Mau'
    >>> canonical_form("Huyện uỷ  Ngọc Hiển", "ORG")
    'Huyện ủy Ngọc Hiển'
    >>> canonical_form("TP.HCM", "LOC")
    'thành phố Hồ Chí Minh'
    """
    t = " ".join(normalize(text, tone_style="old", legacy=None).split())
    letters = [c for c in t if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters) and label != "DOCUMENT" and " " in t:
        t = _recase_caps(t, label)
    if label in ("ORG", "LOC"):
        t = _expand(t)
    if label == "LOC":
        low = t.lower()
        for typ in sorted(_PLACE_TYPES, key=len, reverse=True):
            if low.startswith(typ + " "):
                t = typ + t[len(typ):]
                break
    if label == "PERSON":
        t = " ".join(w[:1].upper() + w[1:] for w in t.split())
    return t


def link_short_names(spans: list) -> list:
    """Give a short mention of a person ("ông Tư" gives "Tư") the canonical form of
    the full name it stands for ("Nguyễn Văn Tư") when exactly one full name of the
    same document ends with it; other spans are returned unchanged."""
    from dataclasses import replace

    full = {e.canonical for e in spans if e.label == "PERSON" and e.canonical and len(e.canonical.split()) >= 2}
    out = []
    for e in spans:
        if e.label == "PERSON" and e.canonical and len(e.canonical.split()) == 1:
            matches = {f for f in full if f.split()[-1] == e.canonical}
            if len(matches) == 1:
                e = replace(e, canonical=matches.pop())
        out.append(e)
    return out


_LEVEL_WORDS = ("tỉnh", "huyện", "xã", "phường", "thị trấn", "thị xã", "quận", "thành phố")
_BARE_UNITS = {"Tỉnh ủy", "Huyện ủy", "Thành ủy", "Thị ủy", "Quận ủy", "Đảng ủy", "Tỉnh đoàn", "Huyện đoàn",
               "Thành đoàn", "Đảng bộ", "Chi bộ"}


def lacks_place(canonical: str) -> bool:
    """True for a unit named without its place ("Huyện ủy", "Ủy ban nhân dân tỉnh"):
    such names stand for different bodies in different provinces."""
    return canonical in _BARE_UNITS or any(canonical.endswith(" " + w) for w in _LEVEL_WORDS)
