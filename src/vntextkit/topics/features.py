"""Text features for topic tagging, built from vntextkit's own tokens.

As in ``CountVectorizer.build_analyzer()``, each analyzer is a small callable
that can be tested and replaced alone:

* :func:`word_ngrams`: n-grams of segmented words (lower-cased, punctuation and
  numbers dropped), so "quán triệt" and "Bộ Chính trị" are single units;
* :func:`char_ngrams`: character n-grams inside word boundaries of the
  normalized text, robust to spelling variants and unseen compounds.

Both read a :class:`Tokenized` record, which a text is turned into once and
shared by the two analyzers.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..tokenize import analyze_text

_SKIP_KINDS = {"punct", "symbol", "number", "date", "url", "email"}


@dataclass(frozen=True)
class Tokenized:
    """A text reduced to what the topic features need."""

    words: tuple[str, ...]        # lower-cased words used as features
    spans: tuple[tuple[int, int], ...]  # their offsets in the original text
    surfaces: tuple[str, ...]     # the words as they appear in the original text


def tokenized(text: str) -> Tokenized:
    return from_analysis(analyze_text(text))


def from_analysis(tt) -> Tokenized:
    """A :class:`Tokenized` record from an existing :class:`~vntextkit.tokenize.TokenizedText`."""
    text = tt.text
    kept = [t for t in tt.tokens if t.kind not in _SKIP_KINDS]
    return Tokenized(
        tuple(t.text.lower() for t in kept),
        tuple((t.start, t.end) for t in kept),
        tuple(text[t.start : t.end] for t in kept),
    )


def word_ngrams(doc: Tokenized, ngram_range: tuple[int, int] = (1, 2)) -> list[str]:
    words = [w.replace(" ", "_") for w in doc.words]
    lo, hi = ngram_range
    out = []
    for n in range(lo, hi + 1):
        out.extend(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def char_ngrams(doc: Tokenized, ngram_range: tuple[int, int] = (3, 5)) -> list[str]:
    lo, hi = ngram_range
    out = []
    for w in doc.words:
        padded = f" {w} "
        m = len(padded)
        for n in range(lo, min(hi, m) + 1):
            out.extend(padded[i : i + n] for i in range(m - n + 1))
    return out
