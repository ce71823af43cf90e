"""Sentences and words with character offsets into the original text.

``tokenize(text)`` normalizes the text, cuts it into pieces, splits sentences,
segments each sentence into words, and maps every word back to the span of the
ORIGINAL string it came from.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..doc import Span, Token
from ..errors import check_str
from ..normalize import normalize_with_alignment
from .lexicon import add_words, default_lexicon
from .pretokenize import Piece, pretokenize
from .segmenter import default_segmenter
from .sentences import split_pieces

__all__ = ["tokenize", "sentences", "analyze_text", "add_words", "default_lexicon", "TokenizedText"]

# Longest run of pieces given to the CRF at once: a 5 MB text without any full
# stop must not become one sequence whose features fill the memory.
_MAX_CRF_PIECES = 300

# pretokenizer kinds that are reported under another Token.kind
_KIND_ALIASES = {"abbr_initial": "abbr", "code": "word"}


@dataclass
class TokenizedText:
    """Everything the tokenizer found, before it is wrapped in a :class:`~vntextkit.Doc`."""

    text: str
    normalized: str
    tokens: list[Token]
    sents: list[Span]
    # token index ranges of each sentence, parallel to ``sents``
    sent_token_ranges: list[tuple[int, int]]
    # the pieces (syllables and kept-whole units) of the normalized text, and
    # for each sentence its piece range; for each piece, whether it begins a word
    pieces: list[Piece]
    sent_piece_ranges: list[tuple[int, int]]
    word_begins: list[bool]
    alignment: object

    def piece_span(self, lo: int, hi: int) -> tuple[int, int]:
        """Offsets in the original text of pieces ``lo`` to ``hi - 1``."""
        return self.alignment.to_original(self.pieces[lo].start, self.pieces[hi - 1].end)


def _windows(lo: int, hi: int, pieces: list[Piece]):
    """Cut [lo, hi) into runs of at most _MAX_CRF_PIECES, preferring cuts after punctuation."""
    while hi - lo > _MAX_CRF_PIECES:
        cut = lo + _MAX_CRF_PIECES
        for k in range(cut - 1, lo + _MAX_CRF_PIECES // 2, -1):
            if pieces[k].kind == "punct":
                cut = k + 1
                break
        yield lo, cut
        lo = cut
    yield lo, hi


def analyze_text(text: str, *, tone_style: str | None = "old", legacy: str | None = "auto") -> TokenizedText:
    """Normalize, split sentences and segment words; offsets point into ``text``."""
    check_str(text)
    normalized, alignment = normalize_with_alignment(text, tone_style=tone_style, legacy=legacy)
    pieces = list(pretokenize(normalized))
    segmenter = default_segmenter()
    tokens: list[Token] = []
    sents: list[Span] = []
    ranges: list[tuple[int, int]] = []
    piece_ranges: list[tuple[int, int]] = []
    word_begins = [True] * len(pieces)
    for s_lo, s_hi in split_pieces(pieces, normalized):
        first_token = len(tokens)
        for lo, hi in _windows(s_lo, s_hi, pieces):
            window = pieces[lo:hi]
            for a, b in segmenter.segment(window):
                for k in range(lo + a + 1, lo + b):
                    word_begins[k] = False
                ns, ne = window[a].start, window[b - 1].end
                start, end = alignment.to_original(ns, ne)
                kind = window[a].kind if b - a == 1 else "word"
                word = " ".join(normalized[ns:ne].split()) if b - a > 1 else window[a].text
                tokens.append(Token(word, start, end, _KIND_ALIASES.get(kind, kind)))
        if len(tokens) > first_token:
            start, end = tokens[first_token].start, tokens[-1].end
            sents.append(Span(text[start:end], start, end, "SENT"))
            ranges.append((first_token, len(tokens)))
            piece_ranges.append((s_lo, s_hi))
    return TokenizedText(text, normalized, tokens, sents, ranges, pieces, piece_ranges, word_begins, alignment)


def tokenize(text: str, *, tone_style: str | None = "old", legacy: str | None = "auto") -> list[Token]:
    """Segment ``text`` into words and punctuation with offsets into ``text``.

    Parameters
    ----------
    text : str
        Any string; it is normalized first (see :func:`vntextkit.normalize`).
    tone_style, legacy
        Passed to :func:`vntextkit.normalize`.

    Returns
    -------
    list of Token
        ``text[tok.start:tok.end]`` normalizes to ``tok.text``.

    Examples
    --------
    >>> from vntextkit import tokenize
    >>> [t.text for t in tokenize("Ban Thường vụ Huyện ủy quán triệt Nghị quyết số 35-NQ/TW.")]
    ['Ban Thường vụ', 'Huyện ủy', 'quán triệt', 'Nghị quyết', 'số', '35-NQ/TW', '.']
    """
    return analyze_text(text, tone_style=tone_style, legacy=legacy).tokens


def sentences(text: str, *, tone_style: str | None = "old", legacy: str | None = "auto") -> list[Span]:
    """Sentence spans (label ``"SENT"``) with offsets into ``text``.

    Examples
    --------
    >>> from vntextkit import sentences
    >>> [s.text for s in sentences("Đoàn công tác đến TP.HCM lúc 7h30. Sau đó, đoàn làm việc với ThS. Lê Văn A.")]
    ['Đoàn công tác đến TP.HCM lúc 7h30.', 'Sau đó, đoàn làm việc với ThS. Lê Văn A.']
    """
    return analyze_text(text, tone_style=tone_style, legacy=legacy).sents
