"""Word segmentation: group syllable pieces into words.

A linear-chain CRF labels every piece ``B-W`` (begins a word) or ``I-W``
(continues one). The model is underthesea's bundled CRF
(``ws_crf_vlsp2013_20230727``, installed with the ``underthesea`` package, so
nothing is downloaded); its features are computed by ``underthesea_core``'s
Rust featurizer over our own pieces, which keeps character offsets and skips
underthesea's regex tokenizer. Two things are ours:

* the domain lexicon is added to the featurizer's dictionary and, after
  tagging, every lexicon match is forced whole ("Huyện ủy", "Ban Thường vụ");
* pieces that are not letters (numbers, dates, document numbers, URLs,
  punctuation) never join a neighbour unless a lexicon entry says so.
"""
from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

import joblib

from ..errors import ModelError
from .lexicon import Lexicon, default_lexicon
from .pretokenize import Piece

_JOINABLE = {"word", "code"}
_MODEL_DIR = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")


def _underthesea_model_dir() -> Path:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the word segmenter needs the 'underthesea' package: pip install 'underthesea>=9,<10'")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*_MODEL_DIR)
    if not (path / "models.bin").is_file():
        raise ModelError(f"underthesea's word-segmentation model is missing at {path}; reinstall underthesea 9.x")
    return path


class CRFSegmenter:
    """Segment a sentence's pieces into words with a CRF and a domain lexicon."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        from underthesea_core import CRFFeaturizer, CRFTagger

        path = _underthesea_model_dir()
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self._features = joblib.load(path / "features.bin")
        self._base_dictionary = joblib.load(path / "dictionary.bin")
        self._tagger = CRFTagger()
        self._tagger.load(str(path / "models.bin"))
        self._featurizer_cls = CRFFeaturizer
        self._featurizer = None
        self._featurizer_version = -1
        self._lock = threading.Lock()

    def _current_featurizer(self):
        # The lexicon can grow at run time; rebuild the featurizer's dictionary then.
        if self._featurizer_version != self.lexicon.version:
            with self._lock:
                dictionary = set(self._base_dictionary) | self.lexicon.as_phrases()
                self._featurizer = self._featurizer_cls(self._features, dictionary)
                self._featurizer_version = self.lexicon.version
        return self._featurizer

    def tag(self, pieces: list[Piece]) -> list[bool]:
        """For each piece, True when it begins a new word."""
        n = len(pieces)
        if n == 0:
            return []
        is_word = [p.kind in _JOINABLE for p in pieces]
        begins = [True] * n
        if sum(is_word) >= 2:
            x = self._current_featurizer().process([[[p.text] for p in pieces]])[0]
            tags = self._tagger.tag(x)
            for i in range(1, n):
                begins[i] = not (tags[i] == "I-W" and is_word[i] and is_word[i - 1])
        for s, e in self.lexicon.longest_matches([p.text for p in pieces]):
            begins[s] = True
            for i in range(s + 1, e):
                begins[i] = False
            if e < n:
                begins[e] = True
        return begins

    def segment(self, pieces: list[Piece]) -> list[tuple[int, int]]:
        """Word boundaries as ``(first_piece, last_piece + 1)`` ranges."""
        begins = self.tag(pieces)
        starts = [i for i, b in enumerate(begins) if b]
        return list(zip(starts, starts[1:] + [len(pieces)]))


@lru_cache(maxsize=1)
def default_segmenter() -> CRFSegmenter:
    """The shared segmenter, loaded on first use."""
    return CRFSegmenter()
