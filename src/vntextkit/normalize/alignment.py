"""Character alignment between a normalized string and the original it came from.

Every normalization pass describes what it did as a list of *edits*
``(start, end, replacement)``: the characters ``text[start:end]`` of the pass's
input were replaced by ``replacement``. Edits are sorted, do not overlap and
never insert from nothing (``end > start``). :func:`apply_edits` turns the
edits into the pass's output and :meth:`Alignment.compose` carries the mapping
to the original text through the pass, so the passes never have to know about
each other.

Inside one edit, a replacement of the same length maps character to character;
any other replacement maps each of its characters to the whole replaced span
(``"…"`` -> ``"..."``: each dot comes from the ellipsis). An edit with a fourth
element that is true, ``(start, end, replacement, True)``, always maps to the
whole span (NFC reordering marks: same length, but not character to character).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from ..errors import InputValueError

__all__ = ["Alignment", "Edit", "apply_edits"]

Edit = tuple  # (start, end, replacement) or (start, end, replacement, whole)


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Return ``text`` with every edit applied (edits sorted, not overlapping)."""
    if not edits:
        return text
    parts: list[str] = []
    pos = 0
    for start, end, replacement, *_ in edits:
        if start > pos:
            parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def _source_ranges(edits: Sequence[Edit], input_length: int) -> tuple[np.ndarray, np.ndarray] | None:
    """For each output character, the half-open span of the input it came from.

    Returns None when every edit keeps its length, so the mapping is the identity.
    """
    changed = [(edit[0], edit[1], len(edit[2])) for edit in edits
               if len(edit[2]) != edit[1] - edit[0] or (len(edit) > 3 and edit[3])]
    if not changed:
        return None
    n = input_length
    starts = np.fromiter((c[0] for c in changed), dtype=np.int64, count=len(changed))
    ends = np.fromiter((c[1] for c in changed), dtype=np.int64, count=len(changed))
    lengths = np.fromiter((c[2] for c in changed), dtype=np.int64, count=len(changed))
    # Each input character is repeated once in the output, except that the
    # first character of a changed span stands for the whole replacement and
    # the rest of the span disappears.
    counts = np.ones(n, dtype=np.int64)
    inner = np.zeros(n + 1, dtype=np.int64)
    np.add.at(inner, starts + 1, 1)
    np.add.at(inner, ends, -1)
    counts[np.cumsum(inner)[:n] > 0] = 0
    counts[starts] = lengths
    his = np.arange(1, n + 1, dtype=np.int64)
    his[starts] = ends
    lo = np.repeat(np.arange(n, dtype=np.int64), counts)
    hi = np.repeat(his, counts)
    return lo, hi


@dataclass(frozen=True, eq=False)
class Alignment:
    """Maps every character of a normalized string back to the original string.

    ``normalized[i]`` came from ``original[starts[i]:ends[i]]``; both arrays are
    monotone non-decreasing and read-only.

    Attributes
    ----------
    starts, ends : numpy.ndarray of int64, length ``len(normalized)``
    original_length : int

    Examples
    --------
    >>> from vntextkit.normalize import normalize_with_alignment
    >>> text, alignment = normalize_with_alignment("Hoà  Bình…")
    >>> text
    'Hòa Bình...'
    >>> alignment.to_original(4, 8)
    (5, 9)
    """

    starts: np.ndarray
    ends: np.ndarray
    original_length: int

    def __post_init__(self) -> None:
        self.starts.flags.writeable = False
        self.ends.flags.writeable = False

    @classmethod
    def identity(cls, length: int) -> "Alignment":
        """The alignment of a string with itself."""
        return cls(np.arange(length, dtype=np.int64), np.arange(1, length + 1, dtype=np.int64), length)

    def __len__(self) -> int:
        return len(self.starts)

    def compose(self, edits: Sequence[Edit]) -> "Alignment":
        """The alignment of ``apply_edits(current, edits)`` with the original."""
        ranges = _source_ranges(edits, len(self.starts))
        if ranges is None:
            return self
        lo, hi = ranges
        return Alignment(self.starts[lo], self.ends[hi - 1], self.original_length)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of the normalized text to the original.

        An empty span maps to an empty span at the matching position; a span
        ending at ``len(normalized)`` may be given.

        Raises
        ------
        InputValueError
            If the span is not inside the normalized text.
        """
        n = len(self.starts)
        if not (isinstance(start, (int, np.integer)) and isinstance(end, (int, np.integer))):
            raise InputValueError(f"span bounds must be int, got {type(start).__name__} and {type(end).__name__}")
        if not 0 <= start <= end <= n:
            raise InputValueError(f"span [{start}, {end}) is not inside the normalized text of length {n}")
        if start == end:
            pos = int(self.starts[start]) if start < n else self.original_length
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])
