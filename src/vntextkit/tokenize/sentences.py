"""Sentence boundaries over pieces.

Because "TP.", "ThS.", "Tp.HCM", decimal numbers, dates and document numbers
are single pieces (see :mod:`.pretokenize`), a lone ``.`` piece is a real
full stop. A sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed by
something that can start a sentence, and at every line break (a headline is a
sentence of its own). Inside double quotes or guillemets an ellipsis does not
end the sentence, and a sentence that ends inside quotes takes the closing
quote with it.
"""
from __future__ import annotations

from .pretokenize import Piece

_STOPS = {".", "!", "?"}
_ELLIPSES = {"...", "…"}
_OPENERS = {'"', "«", "(", "[", "'", "-"}


def _can_start_sentence(piece: Piece) -> bool:
    first = piece.text[0]
    return first.isupper() or first.isdigit() or piece.text in _OPENERS or piece.kind in ("url", "hashtag", "abbr")


def split_pieces(pieces: list[Piece], text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as ``(first_piece, last_piece + 1)`` ranges.

    ``text`` is the normalized string the pieces index into; it is read only to
    see line breaks between pieces.
    """
    bounds = []
    start = 0
    in_quote = False
    n = len(pieces)
    i = 0
    while i < n:
        p = pieces[i]
        if p.text == '"':
            in_quote = not in_quote
        elif p.text == "«":
            in_quote = True
        elif p.text == "»":
            in_quote = False
        end_here = False
        if i + 1 < n and "\n" in text[p.end : pieces[i + 1].start]:
            end_here = True
        elif p.text in _STOPS or (p.text in _ELLIPSES and not in_quote):
            # take trailing closing quotes, brackets and repeated marks with the sentence
            j = i + 1
            while j < n and pieces[j].start == pieces[j - 1].end and pieces[j].text in {'"', "»", ")", "]", "!", "?", "."}:
                if pieces[j].text == '"':
                    in_quote = False
                elif pieces[j].text == "»":
                    in_quote = False
                j += 1
            if j >= n or (not in_quote and _can_start_sentence(pieces[j])):
                i = j - 1
                end_here = True
        if end_here:
            bounds.append((start, i + 1))
            start = i + 1
            in_quote = False
        i += 1
    if start < n:
        bounds.append((start, n))
    return bounds
