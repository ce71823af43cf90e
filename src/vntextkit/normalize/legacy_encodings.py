"""Convert Vietnamese text in the legacy encodings TCVN3, VNI-Windows and VIQR.

TCVN3 (ABC, .VnTime fonts) and VNI files reach Python as ``str`` decoded with
cp1252 (or latin-1): "§¶ng bé" is TCVN3 for "Đảng bộ", "Ñaûng boä" is VNI.
VIQR writes the marks in ASCII after the letter: "Vie^.t Nam". The tables are the
data files in ``resources/legacy`` (their headers name the sources).

Detection is conservative: a text counts as TCVN3 or VNI only when its words
decode into real Vietnamese syllables, words that were already valid are not
counted as evidence, and telltale characters or sequences are present; VIQR
needs several unambiguous words in text that is otherwise plain ASCII.

TCVN3 here is the TCVN 5712 chart: VN3 plus the capitals VN2 and VN1 add. The
capitals VN1 puts at 0x80-0x9F are read from the C1 (latin-1) or
surrogate-escaped form only: where cp1252 has punctuation there (“ ” – …),
a VN3 file, which leaves those bytes free, means the punctuation.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ..errors import EncodingNameError, check_str
from .alignment import Edit, apply_edits
from .tone_marks import is_vietnamese_syllable, place_tone_mark
from .unicode_cleanup import ASCII_REPLACEMENTS, INVISIBLE, WHITESPACE, remove_invisible

__all__ = ["ENCODINGS", "detect_legacy_encoding", "convert_legacy", "legacy_edits", "encode_legacy"]

ENCODINGS = ("tcvn3", "vni", "viqr")

# Bytes 0x80-0x9F that cp1252 leaves undefined; Python's "surrogateescape"
# error handler turns them into U+DC80+byte, latin-1 into the C1 control itself.
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
# Detection reads at most this many characters (and _MAX_WORDS words): enough
# for a decision, while a 5 MB text costs no more than a short one.
_SAMPLE = 200_000
_STRIP = "\"'()[]{}<>,;:!?.…“”‘’„–—-/*"
# VIQR text is ASCII; these are the other characters it may hold, because
# cleanup turns them into ASCII or removes them (then it is ASCII too).
_NOT_VIQR = re.compile(f"[^\x00-\x7f{WHITESPACE}{''.join(ASCII_REPLACEMENTS)}]")
_UNICODE_ONLY_VN = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_VN_LOWER = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def _unknown(encoding: object) -> EncodingNameError:
    return EncodingNameError(f"unknown legacy encoding {encoding!r}; use one of {', '.join(map(repr, ENCODINGS))}")


def _sequence_pattern(sequences: list[str]) -> str:
    """A regex matching any of ``sequences`` (one or two characters), longest first."""
    by_first: dict[str, list[str]] = {}
    for seq in sequences:
        if len(seq) == 2:
            by_first.setdefault(seq[0], []).append(seq[1])
    pairs = [re.escape(first) + "[" + "".join(map(re.escape, sorted(seconds))) + "]"
             for first, seconds in sorted(by_first.items())]
    singles = "".join(re.escape(seq) for seq in sorted(sequences) if len(seq) == 1)
    return "|".join(pairs + ([f"[{singles}]"] if singles else []))


def _read_table(name: str) -> list[list[str]]:
    text = resources.files("vntextkit").joinpath(f"resources/legacy/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


class _Tables:
    """The decoding and encoding maps, built once from the data files."""

    def __init__(self) -> None:
        self.tcvn3_decode: dict[str, str] = {}
        self.tcvn3_encode: dict[str, str] = {}
        for byte_hex, codepoint, _char, subset in _read_table("tcvn3.tsv"):
            byte, uni = int(byte_hex, 16), chr(int(codepoint[2:], 16))
            self.tcvn3_decode[chr(byte)] = uni
            if byte in _CP1252_UNDEFINED:
                self.tcvn3_decode[chr(0xDC00 + byte)] = uni
            # encode to the smallest subset that has the letter (VN3 first)
            if uni not in self.tcvn3_encode or subset.strip() == "vn3":
                self.tcvn3_encode[uni] = chr(byte)
        self.tcvn3_trans = str.maketrans(self.tcvn3_decode)
        # characters that are not letters (or not Vietnamese-looking ones) in cp1252
        self.tcvn3_strong = frozenset(c for c in self.tcvn3_decode
                                      if not c.isalpha() or c in "µªºÐÞþ")
        self.tcvn3_strong_re = re.compile("[" + "".join(map(re.escape, sorted(self.tcvn3_strong))) + "]")
        # table characters that cleanup deletes: soft hyphen, C0/C1 controls
        self.tcvn3_fragile = frozenset(c for c in self.tcvn3_decode if INVISIBLE.fullmatch(c))

        self.vni_decode: dict[str, str] = {}
        self.vni_encode: dict[str, str] = {}
        for uni, _cp, seq, _bytes in _read_table("vni.tsv"):
            self.vni_encode[uni] = seq
            self.vni_decode[seq] = uni
        for seq, uni in list(self.vni_decode.items()):
            if len(seq) == 2:   # a modifier typed in the other case still belongs to its base letter
                other = seq[0] + (seq[1].lower() if seq[1].isupper() else seq[1].upper())
                self.vni_decode.setdefault(other, uni)
        self.vni_re = re.compile(_sequence_pattern(list(self.vni_decode)))
        self.vni_chars = frozenset("".join(self.vni_decode))
        # a vowel followed by a mark byte, or Đ starting a word: rare outside VNI
        self.vni_strong_re = re.compile(_sequence_pattern([s for s in self.vni_decode if len(s) == 2]) + "|^[Ññ]")

        self.viqr_decode: dict[str, str] = {}
        self.viqr_encode: dict[str, str] = {}
        for uni, _cp, seq in _read_table("viqr.tsv"):
            self.viqr_encode[uni] = seq
            if seq.lower() != "dd":
                self.viqr_decode[seq] = uni
                if "'" in seq:    # word processors turn the apostrophe into U+2019
                    self.viqr_decode[seq.replace("'", "\u2019")] = uni
        self.viqr_d = {"dd": "đ", "DD": "Đ", "Dd": "Đ", "d9": "đ", "D9": "Đ"}


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    return _Tables()


# --------------------------------------------------------------------------- decoding

def _decode_tcvn3_word(word: str) -> str:
    return word.translate(_tables().tcvn3_trans)


def _decode_vni_word(word: str) -> str:
    return _tables().vni_re.sub(lambda m: _tables().vni_decode[m.group()], word)


def _viqr_core(word: str) -> tuple[str, bool]:
    t = _tables()
    out: list[str] = []
    i, n, changed = 0, len(word), False
    if word[:2] in t.viqr_d:
        out.append(t.viqr_d[word[:2]])
        i, changed = 2, True
    table = t.viqr_decode
    while i < n:
        for size in (3, 2):
            letter = table.get(word[i:i + size])
            if letter is not None:
                out.append(letter)
                i += size
                changed = True
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out), changed


def _decode_viqr_word(word: str) -> str | None:
    """The Unicode syllable a VIQR word stands for, or None.

    A final '.', '?' or apostrophe is first read as a tone mark (as RFC 1456
    says: "ho.c.." is "học.") and, when that gives no syllable, as punctuation;
    a backslash before it marks it as punctuation. In a word of capitals that
    is no syllable, DD is Đ ("HDDND" -> "HĐND").
    """
    if not word:
        return None
    if "DD" in word and word.isalpha() and word.isupper() and not is_vietnamese_syllable(_viqr_core(word)[0]):
        return word.replace("DD", "Đ")
    last = word[-1]
    decoded, changed = _viqr_core(word)
    if changed and is_vietnamese_syllable(decoded):
        return decoded
    tail = len(word) - 1
    if last in ".?'\u2019":
        escaped = tail > 0 and word[tail - 1] == "\\"
        if escaped:
            tail -= 1
        decoded, changed = _viqr_core(word[:tail])
        if (changed or escaped) and is_vietnamese_syllable(decoded):
            return decoded + last
    return None


# A VIQR word: letters and marks, optionally after DD/dd/D9 for Đ; "đồng/kg"
# and "hoạch\"." give the parts between the other characters.
_VIQR_WORD = re.compile(r"(?:[Dd][Dd9])?[A-Za-z][A-Za-z(^+'\u2019`?~.\\]*")


def _core(word: str) -> str:
    """``word`` without the punctuation around it."""
    a, b = 0, len(word)
    while a < b and word[a] in _STRIP:
        a += 1
    while b > a and word[b - 1] in _STRIP:
        b -= 1
    return word[a:b]


# --------------------------------------------------------------------------- detection
#
# normalize(normalize(x)) == normalize(x) needs the detector to give None again
# on text it gave None for once cleanup and tone placement ran. So it reads the
# text as cleanup will leave it (invisible characters removed, NFC, words split
# at every kind of space), a word that is already a Unicode syllable counts the
# same whatever its tone placement, and a word holding a character that cleanup
# deletes (TCVN3's soft hyphen is "ư") is judged both with and without it.

_MAX_WORDS = 2_000
_WORD_IN_VIEW = re.compile(f"[^{WHITESPACE}]+")
_MISS, _NEUTRAL, _HIT, _STRONG = range(4)


class _Verdict(NamedTuple):
    rank: int
    valid: bool
    against: bool
    key: str = ""


def _strength(verdict: _Verdict) -> tuple[int, bool, bool]:
    return verdict.rank, verdict.valid, not verdict.against


def _judge(raw: str, decode, is_strong, changed_chars) -> _Verdict | None:
    word = _core(raw)
    if not word or not any(c.isalpha() or c in changed_chars for c in word):
        return None
    if _UNICODE_ONLY_VN.search(word):
        return _Verdict(_NEUTRAL, False, True)
    if not word.isascii() and is_vietnamese_syllable(place_tone_mark(word)):
        # already Unicode Vietnamese, before or after tone placement
        return _Verdict(_NEUTRAL, True, False)
    decoded = decode(word) if any(c in changed_chars for c in word) else word
    valid = is_vietnamese_syllable(decoded)
    if decoded == word or (valid and sum(c.isalpha() for c in decoded) < 2):
        return _Verdict(_NEUTRAL, valid, False)
    if valid:
        return _Verdict(_STRONG if is_strong(word) else _HIT, True, False, decoded.lower())
    return _Verdict(_MISS, False, False)


def _looks_like(words: list[str], decode, is_strong, changed_chars) -> int:
    """Score for one 8-bit encoding (hits less misses); 0 means "not this encoding"."""
    hits = misses = valid = letter_words = against = strong = 0
    distinct: set[str] = set()
    for seen, word in enumerate(words):
        if against * 10 > hits + len(words) - seen:
            return 0    # Unicode Vietnamese: no number of hits can outweigh it now
        verdict = _judge(word, decode, is_strong, changed_chars)
        if INVISIBLE.search(word):
            other = _judge(unicodedata.normalize("NFC", remove_invisible(word)), decode, is_strong, changed_chars)
            if other is None:
                # without the deleted characters it is no word at all: keep only a verdict that helps
                if verdict is not None and _strength(verdict) < (_NEUTRAL, True, True):
                    verdict = None
            elif verdict is None or _strength(other) > _strength(verdict):
                verdict = other
        if verdict is None:
            continue
        letter_words += 1
        valid += verdict.valid
        against += verdict.against
        if verdict.rank >= _HIT:
            hits += 1
            strong += verdict.rank == _STRONG
            distinct.add(verdict.key)
        elif verdict.rank == _MISS:
            misses += 1
    if len(distinct) >= 2 and strong >= 1 and hits >= 4 * misses and against * 10 <= hits \
            and 2 * valid >= letter_words:
        return hits - misses
    return 0


def _looks_like_viqr(text: str) -> bool:
    hits = misses = valid = letter_words = 0
    strong: set[str] = set()
    for m, _ in zip(_VIQR_WORD.finditer(text), range(_MAX_WORDS)):
        word = m.group()
        letter_words += 1
        if word.isalpha() and word.isupper():     # "HDDND", "DDR": no evidence either way
            valid += is_vietnamese_syllable(word)
            continue
        decoded = _decode_viqr_word(word)
        if decoded is None:
            valid += is_vietnamese_syllable(word)
            misses += _VIQR_INNER_MARK.search(word) is not None
            continue
        valid += 1
        hits += 1
        if _VIQR_STRONG.search(word):
            strong.add(decoded.lower())
    return len(strong) >= 3 and hits >= 4 * misses and 5 * valid >= 3 * letter_words


_VIQR_INNER_MARK = re.compile(r"[AEIOUYaeiouy][(^+`~]|[AEIOUYaeiouy]['\u2019?.][A-Za-z]")
_VIQR_STRONG = re.compile(r"[(^+`~]|['\u2019?.][A-Za-z]|^(?:dd|DD|Dd|d9|D9)")
_VIQR_MARK = re.compile(r"[\^(+`~'\u2019?.]")


def _ascii_text(view: str) -> bool:
    """True when ``view`` is ASCII once cleanup has run (so it may be VIQR)."""
    if view.isascii():
        return True
    return _NOT_VIQR.search(unicodedata.normalize("NFC", view)) is None


def detect_legacy_encoding(text: str) -> str | None:
    """Name the legacy encoding ``text`` is written in ("tcvn3", "vni", "viqr"), or None.

    Unicode Vietnamese, English, French, German or Spanish text gives None.

    Examples
    --------
    >>> detect_legacy_encoding("§¶ng bé tØnh Hßa B×nh")
    'tcvn3'
    >>> detect_legacy_encoding("Ñaûng boä tænh Hoøa Bình")
    'vni'
    >>> detect_legacy_encoding("Đảng bộ tỉnh Hòa Bình") is None
    True
    """
    check_str(text)
    t = _tables()
    view = unicodedata.normalize("NFC", remove_invisible(text[:_SAMPLE], keep=t.tcvn3_fragile))
    words = [m.group() for m, _ in zip(_WORD_IN_VIEW.finditer(view), range(_MAX_WORDS))]
    best, best_score = None, 0
    if t.tcvn3_strong_re.search(view):
        score = _looks_like(words, _decode_tcvn3_word, lambda w: t.tcvn3_strong_re.search(w) is not None,
                            t.tcvn3_decode)
        if score > best_score:
            best, best_score = "tcvn3", score
    plain = remove_invisible(view)
    if t.vni_strong_re.search(plain) or "Ñ" in plain or "ñ" in plain:
        score = _looks_like(words, _decode_vni_word, lambda w: t.vni_strong_re.search(w) is not None, t.vni_chars)
        if score > best_score:
            best, best_score = "vni", score
    if best is None and _VIQR_MARK.search(plain) and _ascii_text(plain):
        if _looks_like_viqr(plain):
            best = "viqr"
    return best


# --------------------------------------------------------------------------- conversion

_TWO_CAPS = re.compile(r"(?<!\S)(?=\S*[A-Z]\S*[A-Z])(?!\S*[a-z])\S+")


def _tcvn3_edits(text: str) -> list[Edit]:
    decoded = text.translate(_tables().tcvn3_trans)
    if decoded == text:
        return []
    # .VnTimeH (all-capital) fonts show the lowercase codes as capitals, so a
    # word whose plain letters are all capitals is a capital word.
    parts = []
    pos = 0
    for m in _TWO_CAPS.finditer(decoded):
        word = m.group()
        upper = "".join(c.upper() if c in _VN_LOWER else c for c in word)
        if upper != word:
            parts += [decoded[pos:m.start()], upper]
            pos = m.end()
    if parts:
        decoded = "".join(parts) + decoded[pos:]
    # one edit of the same length: the alignment stays character to character
    return [(0, len(text), decoded)]


def _vni_edits(text: str) -> list[Edit]:
    t = _tables()
    return [(m.start(), m.end(), t.vni_decode[m.group()]) for m in t.vni_re.finditer(text)
            if m.group() != t.vni_decode[m.group()]]


def _viqr_edits(text: str) -> list[Edit]:
    edits = []
    for m in _VIQR_WORD.finditer(text):
        decoded = _decode_viqr_word(m.group())
        if decoded is not None:
            edits.append((m.start(), m.end(), decoded))
    return edits


def legacy_edits(text: str, encoding: str) -> list[Edit]:
    """Edits (see :mod:`.alignment`) that convert ``text`` from ``encoding`` to Unicode."""
    if encoding == "tcvn3":
        return _tcvn3_edits(text)
    if encoding == "vni":
        return _vni_edits(text)
    if encoding == "viqr":
        return _viqr_edits(text)
    raise _unknown(encoding)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert ``text`` written in ``encoding`` ("tcvn3", "vni" or "viqr") to Unicode.

    TCVN3 and VNI are converted character by character; VIQR word by word, and
    only words that become a Vietnamese syllable (so "Hello." keeps its full stop).
    Output may still need :func:`vntextkit.normalize` (NFC, tone placement).

    Examples
    --------
    >>> convert_legacy("§¶ng bé", "tcvn3"), convert_legacy("Ñaûng boä", "vni"), convert_legacy("Vie^.t Nam", "viqr")
    ('Đảng bộ', 'Đảng bộ', 'Việt Nam')
    """
    check_str(text)
    return apply_edits(text, legacy_edits(text, encoding))


def encode_legacy(text: str, encoding: str) -> str:
    """Write Unicode Vietnamese ``text`` in ``encoding`` (the inverse tables; for tests and fixtures).

    TCVN3 uses the VN3 code where there is one, else VN2/VN1 codes (uppercase
    letters with tone marks), as latin-1 characters.
    """
    check_str(text)
    t = _tables()
    table = {"tcvn3": t.tcvn3_encode, "vni": t.vni_encode, "viqr": t.viqr_encode}.get(encoding)
    if table is None:
        raise _unknown(encoding)
    return "".join(table.get(c, c) for c in text)
