"""Split normalized text into pieces: syllables, punctuation and the units kept whole.

A piece is the smallest unit the word segmenter sees. Document numbers
("35-NQ/TW", "1234/QĐ-UBND"), dates ("15/3/2024", "2-9"), numbers ("10.000",
"1,5"), dotted abbreviations ("TP.HCM", "PGS.TS", "ThS."), URLs, e-mail
addresses and hashtags are single pieces, so neither the segmenter nor the
sentence splitter can cut them.

The scanner is one compiled regular expression whose alternatives have no
nested repetition, so it runs in time linear in the input.
"""
from __future__ import annotations

import re
from typing import Iterator, NamedTuple

_L = r"[^\W\d_]"  # a letter in any script
_UP = r"[A-ZĐÀ-ỸĂÂÊÔƠƯ]"

# Order matters: earlier alternatives win at the same position.
_PATTERNS = [
    ("url", r"(?:https?|ftp)://[^\s<>\"]+[^\s<>\".,;:!?)\]}'»]|(?:www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]}'»]"
            r"|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:vn|com|org|net|gov|edu|info)(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]}'»])?(?![\w@])"),
    ("email", r"[A-Za-z0-9_.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    ("hashtag", r"#\w+"),
    # 35-NQ/TW, 1234/QĐ-UBND, 05-CT/TW, 45/2024/NĐ-CP, 12/KH-BCĐ, 144-QĐ/TW
    ("docnum", r"\d+(?:/\d{4})?[-/]" + _UP + r"[\wĐđ]*(?:[-/&.][\wĐđ]+)+"),
    # 15/3/2024, 15/3, 03/2024, 2-9, 2-9-2024, 15.3.2024, 7h30, 14:30
    ("date", r"\d{1,2}/\d{1,2}/\d{2,4}(?!\d)|\d{1,2}-\d{1,2}-\d{4}(?!\d)|\d{1,2}\.\d{1,2}\.\d{4}(?!\d)"
             r"|\d{1,2}/\d{4}(?!\d)|\d{1,2}/\d{1,2}(?![\d/])|\d{1,2}-\d{1,2}(?![\d-])|\d{1,2}[h:]\d{2}(?!\d)"),
    # 10.000, 1.250.000, 1,5, 12,75, 2.500,5, 10%
    ("number", r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+,\d+|\d+\.\d+|\d+"),
    # TP.HCM, Tp.HCM, PGS.TS, Th.S, T.Ư, T.H (initials)
    ("abbr", _UP + r"[A-Za-zđĐ]{0,4}\.(?:" + _UP + r"[A-Za-zđĐ]{0,5}(?:\.(?=" + _UP + r"))?)+(?![\w])"
             r"|(?:TP|Tp|ThS|TS|GS|PGS|BS|KS|CN|Th\.S|NXB|P|Q|TT|TX|Mr|Mrs|Ms|Dr)\.(?=\s|$)"),
    # initials ("ông H. cho biết") and letter-digit codes (1A, 2E, A5, m2)
    ("abbr_initial", r"[A-ZĐ]\.(?=\s+[a-zđà-ỹ]|[,;:)])"),
    ("code", r"\d+[A-Za-zĐđ]+\d*(?!\w)|[A-Za-z]+\d+(?!\w)"),
    # H'Mông, Ê-đê, Bà Rịa-Vũng Tàu pieces, COVID-19-style words stay letters-only here
    ("word", _L + r"+(?:['’]" + _L + r"+|-" + _L + r"+)*|\w+"),
    ("punct", r"\.{2,}|…|[.,;:!?()\[\]{}\"'«»“”‘’\-–—/]"),
    ("symbol", r"\S"),
]
_SCANNER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _PATTERNS))


class Piece(NamedTuple):
    """A piece of normalized text: ``normalized[start:end] == text``."""

    text: str
    start: int
    end: int
    kind: str


def pretokenize(text: str) -> Iterator[Piece]:
    """Yield the pieces of ``text`` (already normalized) in order.

    Examples
    --------
    >>> [p.text for p in pretokenize("Nghị quyết số 35-NQ/TW tại TP.HCM")]
    ['Nghị', 'quyết', 'số', '35-NQ/TW', 'tại', 'TP.HCM']
    """
    for m in _SCANNER.finditer(text):
        yield Piece(m.group(), m.start(), m.end(), m.lastgroup)
