"""Features of each syllable for the entity CRF.

Per syllable: its lower-cased form, shape, kind of piece, whether it begins a
segmented word, gazetteer memberships; and the same for a window of two
syllables either side. Features of a syllable that do not depend on its
neighbours are cached by the syllable's text, which makes extraction cheap on
long feeds.
"""
from __future__ import annotations

from functools import lru_cache

from .gazetteers import default_gazetteer


@lru_cache(maxsize=65536)
def shape_of(text: str) -> str:
    """Coarse shape of a piece: d (digits), XX (all caps), Xx, x, o (other)."""
    if text.isdigit():
        return "d"
    if text.isupper() and len(text) > 1:
        return "XX"
    if text[:1].isupper():
        return "Xx"
    if text[:1].islower():
        return "x"
    return "o"


@lru_cache(maxsize=65536)
def _static(text: str, kind: str) -> tuple[str, str, str]:
    """(lower, shape, kind) of a piece, cached."""
    return text.lower(), shape_of(text), kind


def sentence_features(pieces, word_begins, lo: int, hi: int, line_upper: bool = False) -> list[list[str]]:
    """Feature lists for pieces ``lo`` to ``hi - 1`` (one sentence)."""
    stat = [_static(p.text, p.kind) for p in pieces[lo:hi]]
    lowered = [s[0] for s in stat]
    gaz = default_gazetteer().tag(lowered)
    n = hi - lo
    pad_low = ["<s2>", "<s1>"] + lowered + ["</s1>", "</s2>"]
    pad_shape = ["<s>", "<s>"] + [s[1] for s in stat] + ["</s>", "</s>"]
    pad_gaz = [[], []] + gaz + [[], []]
    out = []
    for i in range(n):
        j = i + 2
        low, shape, kind = stat[i]
        f = [
            "b",
            "w=" + low,
            "s=" + shape,
            "k=" + kind,
            "wb=" + ("B" if word_begins[lo + i] else "I"),
            "w-1=" + pad_low[j - 1],
            "w+1=" + pad_low[j + 1],
            "w-2=" + pad_low[j - 2],
            "w+2=" + pad_low[j + 2],
            "w-1w=" + pad_low[j - 1] + "|" + low,
            "ww+1=" + low + "|" + pad_low[j + 1],
            "w-2w-1=" + pad_low[j - 2] + "|" + pad_low[j - 1],
            "s-1=" + pad_shape[j - 1],
            "s+1=" + pad_shape[j + 1],
            "s-1s=" + pad_shape[j - 1] + shape,
            "ss+1=" + shape + pad_shape[j + 1],
            "s-2s-1s=" + pad_shape[j - 2] + pad_shape[j - 1] + shape,
            "ss+1s+2=" + shape + pad_shape[j + 1] + pad_shape[j + 2],
        ]
        if line_upper:
            f.append("caps_line")
        f.extend("g:" + g for g in pad_gaz[j])
        f.extend("g-1:" + g for g in pad_gaz[j - 1])
        f.extend("g+1:" + g for g in pad_gaz[j + 1])
        f.extend("g-2:" + g for g in pad_gaz[j - 2])
        f.extend("g+2:" + g for g in pad_gaz[j + 2])
        out.append(f)
    return out
