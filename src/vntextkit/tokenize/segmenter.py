"""Word segmentation: group syllable pieces into words.

A linear-chain CRF labels every piece ``B-W`` (begins a word) or ``I-W``
(continues one). The model is underthesea's bundled CRF
(``ws_crf_vlsp2013_20230727``, installed with the ``underthesea`` package, so
nothing is downloaded and nothing of it is copied here). It runs over our own
pieces, which keeps character offsets and skips underthesea's regex tokenizer,
and by default through :class:`~vntextkit.tokenize.fast_crf.FastCRFTagger`,
which reads the model file itself and gives the same labels as
``underthesea_core``'s featurizer and tagger (``engine="underthesea"``) in a
fraction of the time. Two things are ours:

* the domain lexicon is added to the CRF's dictionary and, after
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

from ..errors import InputValueError, ModelError
from .fast_crf import FastCRFTagger, ReferenceCRFTagger, read_crfsuite_model
from .lexicon import Lexicon, default_lexicon
from .pretokenize import Piece

_JOINABLE = {"word", "code"}
_MODEL_DIR = ("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")
_ENGINES = ("fast", "underthesea")


def _underthesea_model_dir() -> Path:
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the word segmenter needs the 'underthesea' package: pip install 'underthesea>=9.5,<9.6'")
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*_MODEL_DIR)
    if not (path / "models.bin").is_file():
        raise ModelError(f"underthesea's word-segmentation model is missing at {path}; reinstall underthesea 9.5")
    return path


class CRFSegmenter:
    """Segment a sentence's pieces into words with a CRF and a domain lexicon.

    Parameters
    ----------
    lexicon : Lexicon, optional
        Words kept whole; the shared :func:`default_lexicon` by default.
    engine : {"fast", "underthesea"}
        ``"fast"`` scores with :class:`FastCRFTagger`; ``"underthesea"`` with
        ``underthesea_core``'s featurizer and tagger. Both give the same words.
    """

    def __init__(self, lexicon: Lexicon | None = None, engine: str = "fast") -> None:
        if engine not in _ENGINES:
            raise InputValueError(f"unknown CRF engine {engine!r}; use one of {', '.join(_ENGINES)}")
        path = _underthesea_model_dir()
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.engine = engine
        self._base_dictionary = joblib.load(path / "dictionary.bin")
        self._lock = threading.Lock()
        self._dictionary_version = self.lexicon.version
        templates = joblib.load(path / "features.bin")
        if engine == "fast":
            self._tagger = FastCRFTagger(read_crfsuite_model(path / "models.bin"), templates, self._dictionary())
        else:
            self._tagger = ReferenceCRFTagger(path / "models.bin", templates, self._dictionary())

    def _dictionary(self) -> set[str]:
        return set(self._base_dictionary) | self.lexicon.as_phrases()

    def _current_tagger(self):
        # The lexicon can grow at run time; give the CRF the new dictionary then.
        if self._dictionary_version != self.lexicon.version:
            with self._lock:
                version = self.lexicon.version
                self._tagger.set_dictionary(self._dictionary())
                self._dictionary_version = version
        return self._tagger

    def tag(self, pieces: list[Piece]) -> list[bool]:
        """For each piece, True when it begins a new word."""
        n = len(pieces)
        if n == 0:
            return []
        texts = [p.text for p in pieces]
        is_word = [p.kind in _JOINABLE for p in pieces]
        begins = [True] * n
        if sum(is_word) >= 2:
            tags = self._current_tagger().tag(texts)
            for i in range(1, n):
                begins[i] = not (tags[i] == "I-W" and is_word[i] and is_word[i - 1])
        for s, e in self.lexicon.longest_matches(texts):
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
