"""Vietnamese syllable structure and the placement of tone marks.

A written Vietnamese syllable is onset + vowel nucleus + final consonant, with one
tone mark on one vowel of the nucleus. Only tokens that parse as such a syllable
are touched, so English, French or German words come back unchanged.

Where the rules come from
-------------------------
* Onsets, finals and which vowel clusters take which finals: the standard
  description of Vietnamese rhymes (Đoàn Thiện Thuật, *Ngữ âm tiếng Việt*, rhyme
  table; the same inventory is in Wikipedia "Vietnamese alphabet" and
  "Vietnamese phonology"), written out as ``_NUCLEI`` below. ``qu`` and ``gi``
  are onsets when a vowel follows them (quả, giữa), so their u/i never carry
  the tone. Syllables ending in c, ch, p, t only take the acute or dot-below
  tone. c/k, g/gh and ng/ngh follow the spelling rule (k, gh, ngh before i, e,
  ê, y), except that k is also accepted before other vowels, as in the place
  names Bắc Kạn and Kon Tum.
* Tone placement (Quy tắc đặt dấu thanh; Unicode Technical Note on Vietnamese):
  the mark goes on the vowel with a shape diacritic (ă â ê ô ơ ư; in ươ on ơ);
  otherwise on the last vowel of the nucleus when a final consonant follows
  (hoàng, toán, huýt); otherwise on the middle of three vowels (ngoài, khuỷu) or
  the first of two (tài, của, kìa). The two styles differ only for oa, oe, uy
  without a final consonant: "old" (most newspapers) marks the first vowel (hòa,
  khỏe, thủy), "new" the second (hoà, khoẻ, thuỷ).

A mark typed after the final consonant ("hoan" + U+0300, which NFC turns into
"hoaǹ") is moved onto the vowel. When it has become one character with the
consonant (ń, ǹ, ñ ...), that is done only in a syllable no other language
writes (a shaped vowel, đ or a vowel cluster), so Polish "koń" stays.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, NamedTuple

__all__ = ["TONE_STYLES", "TOKEN", "fix_token", "is_vietnamese_syllable", "place_tone_mark", "tone_mark_edits"]

TONE_STYLES = ("old", "new", None)

# Combining tone marks (ngang has none) and the shape marks NFD splits off.
_TONES = {"\u0301": "\u0301", "\u0300": "\u0300", "\u0309": "\u0309", "\u0303": "\u0303", "\u0323": "\u0323",
          "\u0341": "\u0301", "\u0340": "\u0300"}
_CHECKED_TONES = {"\u0301", "\u0323"}
_SHAPED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
           ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
_SHAPE_MARKS = {"\u0302", "\u0306", "\u031b"}
_VOWELS = frozenset("aăâeêioôơuưy")
_DIACRITIC_VOWELS = frozenset("ăâêôơư")
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
_LOWER = {c: c for c in _CONSONANTS | {"a", "e", "i", "o", "u", "y"}}
_LOWER.update({c.upper(): c for c in _CONSONANTS | {"a", "e", "i", "o", "u", "y"}})

_ONSETS = frozenset(["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
                     "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"])
_ALL = frozenset(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"])
_STOPS_NASALS = frozenset(["c", "m", "n", "ng", "p", "t"])
_OPEN = frozenset([""])
_STOP_FINALS = frozenset(["c", "ch", "p", "t"])

# Vowel nucleus (with glides) -> the final consonants it can take.
_NUCLEI: dict[str, frozenset[str]] = {
    "a": _ALL, "ă": _STOPS_NASALS, "â": _STOPS_NASALS,
    "e": _OPEN | _STOPS_NASALS, "ê": _ALL, "i": frozenset(["", "ch", "m", "n", "nh", "p", "t"]),
    "o": _OPEN | _STOPS_NASALS, "ô": _OPEN | _STOPS_NASALS, "ơ": frozenset(["", "m", "n", "p", "t"]),
    "u": _OPEN | _STOPS_NASALS, "ư": frozenset(["", "c", "m", "n", "ng", "t"]), "y": _OPEN,
    "oa": _ALL, "oă": frozenset(["c", "m", "n", "ng", "t"]), "oe": frozenset(["", "n", "t"]),
    "oo": frozenset(["c", "ng"]), "uâ": frozenset(["n", "ng", "t"]), "uê": frozenset(["", "ch", "n", "nh"]),
    "uô": frozenset(["c", "m", "n", "ng", "t"]), "uơ": _OPEN, "uy": frozenset(["", "ch", "n", "nh", "p", "t"]),
    "iê": _STOPS_NASALS, "yê": frozenset(["m", "n", "ng", "t"]), "ươ": _STOPS_NASALS,
    "uyê": frozenset(["n", "t"]),
}
for _cluster in ("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ua ưa "
                 "oai oay oeo uây uôi ươi ươu uyu iêu yêu uya").split():
    _NUCLEI[_cluster] = _OPEN
_FRONT = frozenset("ieêy")
_STYLE_DEPENDENT = frozenset(["oa", "oe", "uy"])

# A letter and the letters and combining marks after it: the unit that may be
# one syllable. A mark before the first letter belongs to no syllable.
TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*")
# The same runs, but only those with a letter or mark outside ASCII (ASCII
# tokens carry no tone mark). The ASCII prefix is taken whole, never given
# back (a possessive match, spelled so that Python 3.10 reads it), so an ASCII
# word fails at once; a match only starts where a run starts: linear time.
_TONED_TOKEN = re.compile(r"(?<![^\W\d_])(?=[^\W\d_])(?=(?P<ascii>[A-Za-z]*))(?P=ascii)"
                          r"(?:[^\W\d_\x00-\x7f]|[\u0300-\u036f])(?:[^\W\d_]|[\u0300-\u036f])*")
# "nghiêng" has 7 letters; even written with loose combining marks a syllable stays below this
_MAX_TOKEN = 16


class Syllable(NamedTuple):
    """A parsed syllable: lowercase letters with shape, case flags and tone marks found."""

    letters: list[str]
    upper: list[bool]
    tones: list[tuple[int, str]]    # (letter index, combining tone mark)
    cluster_start: int
    cluster_end: int
    first_vowel: int                # letters before this index are onset consonants


def _analyse(token: str) -> Syllable | None:
    """Parse ``token`` as a written Vietnamese syllable, or return None."""
    letters: list[str] = []
    upper: list[bool] = []
    tones: list[tuple[int, str]] = []
    for ch in unicodedata.normalize("NFD", token):
        tone = _TONES.get(ch)
        if tone is not None:
            if not letters:
                return None
            tones.append((len(letters) - 1, tone))
        elif ch in _SHAPE_MARKS:
            shaped = _SHAPED.get((letters[-1], ch)) if letters else None
            if shaped is None:
                return None
            letters[-1] = shaped
        else:
            low = _LOWER.get(ch)
            if low is None:
                return None
            letters.append(low)
            upper.append(ch != low)
    n = len(letters)
    j = 0
    while j < n and letters[j] not in _VOWELS:
        j += 1
    if j == n:
        return None
    onset = "".join(letters[:j])
    onset_end = j
    if onset == "q":
        if letters[j] != "u" or j + 1 >= n or letters[j + 1] not in _VOWELS:
            return None
        onset, onset_end = "qu", j + 1
    elif onset == "g" and letters[j] == "i" and j + 1 < n and letters[j + 1] in _VOWELS:
        onset, onset_end = "gi", j + 1
    if onset not in _ONSETS:
        return None
    k = onset_end
    while k < n and letters[k] in _VOWELS:
        k += 1
    cluster = "".join(letters[onset_end:k])
    final = "".join(letters[k:])
    finals = _NUCLEI.get(cluster)
    if finals is None:
        return None
    if final not in finals and not (onset == "qu" and cluster == "y" and final in _NUCLEI["uy"]):
        return None
    first = cluster[0]
    if onset in ("gh", "ngh") and first not in _FRONT:     # k is also written before a, o, ô: Bắc Kạn, Kon Tum
        return None
    if onset in ("c", "ng") and first in _FRONT:
        return None
    if onset == "g" and first in "eê":
        return None
    if onset == "qu" and first in "uư":
        return None
    for idx, tone in tones:
        if idx < j:     # a mark on an onset consonant is not a misplaced tone
            return None
    if final in _STOP_FINALS and any(t not in _CHECKED_TONES for _, t in tones):
        return None
    return Syllable(letters, upper, tones, onset_end, k, j)


def _tone_index(syl: Syllable, style: str) -> int:
    """Index (into ``syl.letters``) of the vowel that carries the tone mark."""
    start, end = syl.cluster_start, syl.cluster_end
    cluster = syl.letters[start:end]
    for i in range(len(cluster) - 1, -1, -1):
        if cluster[i] in _DIACRITIC_VOWELS:
            return start + i
    if end < len(syl.letters):
        return end - 1
    if len(cluster) == 3:
        return start + 1
    if len(cluster) == 2 and style == "new" and "".join(cluster) in _STYLE_DEPENDENT:
        return start + 1
    return start


_COMPOSED: dict[tuple[str, str], str] = {}


def _compose(letter: str, tone: str, upper: bool) -> str:
    key = (letter, tone)
    out = _COMPOSED.get(key)
    if out is None:
        out = _COMPOSED[key] = unicodedata.normalize("NFC", letter + tone)
    return out.upper() if upper else out


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    """True when ``token`` is one written Vietnamese syllable with at most one tone mark.

    The mark may sit on any of its vowels or after its final consonant.

    >>> is_vietnamese_syllable("Nghiêng"), is_vietnamese_syllable("café"), is_vietnamese_syllable("bíết")
    (True, False, False)
    """
    if len(token) > _MAX_TOKEN:
        return False
    syl = _analyse(token)
    return syl is not None and len(syl.tones) <= 1


def place_tone_mark(token: str, style: str | None = "old") -> str:
    """Return ``token`` with its tone mark where ``style`` puts it.

    Tokens that are not a Vietnamese syllable, or that carry two different tone
    marks, come back unchanged. ``style=None`` only repairs a tone mark that sits
    on a final consonant ("hoaǹ" -> "hoàn").

    >>> place_tone_mark("hoà"), place_tone_mark("thủy", "new"), place_tone_mark("HÒANG")
    ('hòa', 'thuỷ', 'HOÀNG')
    """
    if len(token) > _MAX_TOKEN:
        return token
    syl = _analyse(token)
    if syl is None or not syl.tones:
        return token
    marks = {t for _, t in syl.tones}
    if len(marks) != 1:
        return token
    stray = any(syl.letters[i] not in _VOWELS for i, _ in syl.tones)
    if stray and _PRECOMPOSED_CONSONANT.search(token) and not _looks_vietnamese(syl):
        return token    # "koń", "toń" are Polish as well; "hoaǹ" and "thanh" + U+0300 are not
    if style is None:
        if not stray:
            return token
        style = "old"
    tone = marks.pop()
    target = _tone_index(syl, style)
    parts = [_compose(letter, tone if i == target else "", up)
             for i, (letter, up) in enumerate(zip(syl.letters, syl.upper))]
    return "".join(parts)


def _looks_vietnamese(syl: Syllable) -> bool:
    """A shaped vowel, đ or a vowel cluster: no other language writes the syllable."""
    return (syl.cluster_end - syl.cluster_start > 1
            or any(letter in _DIACRITIC_VOWELS or letter == "đ" for letter in syl.letters))


def fix_token(token: str, fix: Callable[[str], str]) -> str:
    """Apply ``fix`` to a :data:`TOKEN`, or to its letter runs when that changes nothing.

    A run such as "hoà" + U+0301 + "x" holds a mark that did not compose with
    its letter; a word segmenter cuts it into "hoà", the mark and "x". When the
    whole run is left as it is, the letters on each side of a loose mark are
    fixed on their own, as they are when that part of the text is normalized
    alone.
    """
    fixed = fix(token)
    if fixed != token or not _LOOSE_MARK.search(token):
        return fixed
    return _LETTERS.sub(lambda m: fix(m.group()), token)


_LOOSE_MARK = re.compile("[\u0300-\u036f]")
# consonant letters that carry a tone-like mark as one character (ń ǹ ñ ṇ ḿ ṃ ć ṕ ṭ ǵ ḥ ...)
_PRECOMPOSED_CONSONANT = re.compile("[" + "".join(
    c for c, d in ((c, unicodedata.normalize("NFD", c)) for c in map(chr, range(0xC0, 0x1F00)))
    if len(d) == 2 and d[0].lower() in _CONSONANTS and d[1] in _TONES) + "]")
_LETTERS = re.compile(r"[^\W\d_]+")
_CACHE: dict[tuple[str, str | None], str] = {}
_CACHE_LIMIT = 200_000


def tone_mark_edits(text: str, style: str | None) -> list[tuple[int, int, str]]:
    """Edits that put every syllable's tone mark in place (see :func:`place_tone_mark`)."""
    if text.isascii():
        return []
    edits = []
    cache = _CACHE
    if len(cache) > _CACHE_LIMIT:
        cache.clear()
    def place(token: str) -> str:
        return place_tone_mark(token, style)

    for m in _TONED_TOKEN.finditer(text):
        token = m.group()
        if len(token) > _MAX_TOKEN:     # no syllable, but maybe syllables between loose marks
            fixed = fix_token(token, place)
        else:
            key = (token, style)
            fixed = cache.get(key)
            if fixed is None:
                fixed = cache[key] = fix_token(token, place)
        if fixed != token:
            edits.append((m.start(), m.end(), fixed))
    return edits
