"""The domain lexicon: Party and state words the segmenter keeps whole.

The shipped list lives in ``resources/lexicon/party_state.txt`` (one word a
line). Users extend it at run time with :func:`add_words`; matching is done on
lower-cased, normalized syllables, so "Huyện ủy", "HUYỆN ỦY" and "Huyện uỷ" are
the same entry.
"""
from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from typing import Iterable

from ..errors import InputTypeError, InputValueError

MAX_WORD_SYLLABLES = 8


def _key(word: str) -> tuple[str, ...]:
    from ..normalize import normalize

    return tuple(normalize(word, tone_style="old", legacy=None).lower().split())


class Lexicon:
    """A set of multi-syllable words with longest-match lookup over syllables."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._entries: set[tuple[str, ...]] = set()
        self._lock = threading.Lock()
        self.max_len = 1
        self.version = 0
        self.update(words)

    def update(self, words: Iterable[str]) -> None:
        if isinstance(words, str):
            raise InputTypeError("add_words() takes an iterable of words, not a single str; wrap it in a list")
        new = []
        for w in words:
            if not isinstance(w, str):
                raise InputTypeError(f"lexicon words must be str, got {type(w).__name__}: {w!r}")
            key = _key(w)
            if not key:
                raise InputValueError(f"cannot add an empty word to the lexicon: {w!r}")
            if len(key) > MAX_WORD_SYLLABLES:
                raise InputValueError(f"lexicon word {w!r} has {len(key)} syllables; at most {MAX_WORD_SYLLABLES}")
            new.append(key)
        with self._lock:
            self._entries.update(new)
            if new:
                self.max_len = max(self.max_len, max(len(k) for k in new))
                self.version += 1

    def __contains__(self, key: tuple[str, ...]) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def as_phrases(self) -> set[str]:
        """The entries as lower-cased phrases ("huyện ủy"), for dictionary features."""
        return {" ".join(k) for k in self._entries}

    def longest_matches(self, syllables: list[str]) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` syllable ranges of multi-syllable entries,
        chosen left to right, longest first."""
        lowered = [s.lower() for s in syllables]
        n = len(lowered)
        out = []
        i = 0
        while i < n:
            for j in range(min(n, i + self.max_len), i + 1, -1):
                if tuple(lowered[i:j]) in self._entries:
                    out.append((i, j))
                    i = j
                    break
            else:
                i += 1
        return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The shipped lexicon (loaded once); :func:`add_words` extends this object."""
    text = resources.files("vntextkit").joinpath("resources/lexicon/party_state.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return Lexicon(words)


def add_words(words: Iterable[str]) -> None:
    """Add words to the domain lexicon used by :func:`vntextkit.tokenize`.

    Examples
    --------
    >>> import vntextkit
    >>> vntextkit.add_words(["Ban Chỉ đạo 35"])
    >>> "Ban Chỉ đạo 35" in [t.text for t in vntextkit.tokenize("Ban Chỉ đạo 35 họp")]
    True
    """
    default_lexicon().update(words)
