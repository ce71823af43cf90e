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
    words = text.split()
    if label in ("PERSON", "LOC"):
        return " ".join(w[:1] + w[1:].lower() for w in words)
    return " ".join([words[0][:1] + words[0][1:].lower()] + [w.lower() for w in words[1:]])


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
    if len(letters) > 3 and all(c.isupper() for c in letters) and label != "DOCUMENT":
        expanded_first = _expand(t)
        t = expanded_first if expanded_first != t else _recase_caps(t, label)
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
