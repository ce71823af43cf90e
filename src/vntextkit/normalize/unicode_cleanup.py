"""Character-level cleanup: NFC, invisible characters, spaces, quotes, dashes, Đ lookalikes.

Each function returns edits ``(start, end, replacement)`` for one pass (see
:mod:`.alignment`); :func:`vntextkit.normalize.normalize` runs them in order:

1. :func:`invisible_edits` - lone surrogates become U+FFFD; zero-width, bidi and
   other format characters and control characters (except tab and line breaks)
   are removed. This runs before NFC so that a zero-width space between a vowel
   and its combining mark does not keep them apart.
2. :func:`nfc_edits` - canonical composition (NFC), letter by letter.
3. :func:`character_edits` - curly quotes, dashes, the ellipsis, odd spaces and
   whitespace runs, and Ð/ð used for Đ/đ inside Vietnamese words.
"""
from __future__ import annotations

import re
import unicodedata

from .tone_marks import TOKEN, fix_token, is_vietnamese_syllable

__all__ = ["invisible_edits", "nfc_edits", "character_edits", "cleanup", "remove_invisible",
           "ASCII_REPLACEMENTS", "INVISIBLE", "WHITESPACE"]

# Format characters (Unicode category Cf: zero-width, bidi, soft hyphen, BOM,
# tags) met in text copied from the web or Word, and the C0/C1 controls other
# than tab and the line breaks.
INVISIBLE = re.compile(
    "[\ud800-\udfff]"
    "|[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]+"
)
_SURROGATE = re.compile("[\ud800-\udfff]")

# Line breaks: \r\n counts as one; the others are one each.
_LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
_SPACE_CHARS = " \t\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
WHITESPACE = _SPACE_CHARS + _LINE_BREAKS   # for a regex character class
_WS = f"[{WHITESPACE}]"
# Whitespace that is not already a single space or newline: a run of two or
# more, or one other character. Single spaces and newlines (almost all) are not visited.
_WS_CHAR = re.compile(_WS)
_WS_RUN = re.compile(f"{_WS}{{2,}}|[\t\r\x0b\x0c\x85\u2028\u2029\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]")

ASCII_REPLACEMENTS = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
}
_CHARS = re.compile("[" + "".join(ASCII_REPLACEMENTS) + "]")

_STABLE = "\x00-\u02ff\u1e00-\u1eff\u1680\u2002-\u200a\u2028\u2029\u202f\u205f\u3000"
_NFC_SEGMENT = re.compile(f"[{_STABLE}]?[^{_STABLE}]+")

_D_LOOKALIKES = {"\u00d0": "\u0110", "\u0189": "\u0110", "\u00f0": "\u0111", "\u0256": "\u0111"}
_D_LOOKALIKE = re.compile("[\u00d0\u0189\u00f0\u0256]")


def invisible_edits(text: str) -> list[tuple[int, int, str]]:
    """Remove invisible characters; lone surrogates become U+FFFD."""
    edits = []
    for m in INVISIBLE.finditer(text):
        run = m.group()
        if _SURROGATE.match(run):
            edits.append((m.start(), m.end(), "\ufffd"))
        else:
            edits.append((m.start(), m.end(), ""))
    return edits


def remove_invisible(text: str, keep: frozenset[str] = frozenset()) -> str:
    """``text`` after :func:`invisible_edits`, except that characters in ``keep`` stay."""
    def replace(m: re.Match) -> str:
        run = m.group()
        if _SURROGATE.match(run):
            return run if run in keep else "\ufffd"
        return "".join(c for c in run if c in keep) if keep else ""
    return INVISIBLE.sub(replace, text)


def nfc_edits(text: str) -> list[tuple[int, int, str]]:
    """Compose to NFC, one short segment at a time.

    A segment is a character below U+0300, in Latin Extended Additional
    (U+1E00-U+1EFF) or a space, followed by at least one character outside
    those ranges (combining marks, other scripts). Characters in those ranges
    never compose with what precedes them and are their own NFC, so NFC of the
    text is the concatenation of NFC of the segments and the rest, and an edit
    never reaches over a space.
    """
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    for m in _NFC_SEGMENT.finditer(text):
        segment = m.group()
        composed = unicodedata.normalize("NFC", segment)
        if composed == segment:
            continue
        # Characters NFC leaves alone at either end ("0" in "0\uf900", the mark
        # in "a\u0301\u0300" -> "á\u0300") keep their own place, so the rest
        # maps to just the characters it was made of.
        limit = min(len(segment), len(composed))
        same_start = 0
        while same_start < limit - 1 and segment[same_start] == composed[same_start]:
            same_start += 1
        same_end = 0
        while same_start + same_end < limit - 1 and segment[-1 - same_end] == composed[-1 - same_end]:
            same_end += 1
        old = segment[same_start:len(segment) - same_end]
        new = composed[same_start:len(composed) - same_end]
        if unicodedata.normalize("NFC", old) == new:
            edits.append((m.start() + same_start, m.end() - same_end, new, True))
        else:
            edits.append((m.start(), m.end(), composed, True))
    return edits


def _whitespace(run: str, at_edge: bool) -> str:
    breaks = sum(run.count(c) for c in _LINE_BREAKS) - run.count("\r\n")
    if at_edge:
        return ""
    if breaks:
        return "\n" * min(breaks, 2)
    return " "


def character_edits(text: str) -> list[tuple[int, int, str]]:
    """Quotes, dashes, ellipsis, whitespace runs and Đ lookalikes."""
    edits = []
    n = len(text)
    for m in _WS_RUN.finditer(text):
        s, e = m.start(), m.end()
        replacement = _whitespace(m.group(), s == 0 or e == n)
        if replacement != m.group():
            edits.append((s, e, replacement))
    # a single space or newline at either end is the one case the run pattern leaves out
    if n and text[0] in " \n" and (n == 1 or not _WS_CHAR.match(text, 1)):
        edits.append((0, 1, ""))
    if n > 1 and text[-1] in " \n" and not _WS_CHAR.match(text, n - 2):
        edits.append((n - 1, n, ""))
    for m in _CHARS.finditer(text):
        edits.append((m.start(), m.end(), ASCII_REPLACEMENTS[m.group()]))
    if _D_LOOKALIKE.search(text):
        for m in TOKEN.finditer(text):
            token = m.group()
            if _D_LOOKALIKE.search(token):
                fixed = fix_token(token, _fix_d)
                if fixed != token:
                    edits.append((m.start(), m.end(), fixed))
    edits.sort()
    return _drop_overlaps(edits)


def _fix_d(token: str) -> str:
    fixed = _D_LOOKALIKE.sub(lambda d: _D_LOOKALIKES[d.group()], token)
    return fixed if is_vietnamese_syllable(fixed) else token


def _drop_overlaps(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    end = -1
    for edit in edits:
        if edit[0] >= end:
            out.append(edit)
            end = edit[1]
    return out


def cleanup(text: str) -> str:
    """Run the three cleanup passes (no tone placement, no legacy conversion)."""
    from .alignment import apply_edits
    for make_edits in (invisible_edits, nfc_edits, character_edits):
        text = apply_edits(text, make_edits(text))
    return text
