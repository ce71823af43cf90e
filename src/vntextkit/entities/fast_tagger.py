"""Vectorized scoring of the entity CRFs, without building feature strings.

The CRFs are trained with ``underthesea_core`` on feature strings made by
:func:`.features.sentence_features` ("w-1=huyện", "ss+1=XxXx", "g+1:unit=B"...).
Tagging with those strings costs more than tokenizing the text, most of it in
making and passing the strings. Instead, the trained models (CRFsuite format)
are read once and every attribute is filed under its template; a batch of
sentences is then encoded as small integers (:class:`Encoded`) and scored with
one sparse product per layer, and Viterbi runs over all sentences of the batch
at once, sorted by length.

The encoding must stay in step with ``sentence_features``; the tests compare
the labels with ``underthesea_core``'s tagger over the whole corpus.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..tokenize.fast_crf import CRFSuiteModel
from .features import shape_of
from .gazetteers import default_gazetteer

_LEFT_PADS, _RIGHT_PADS = ("<s2>", "<s1>"), ("</s1>", "</s2>")
_SHAPES = ("d", "XX", "Xx", "x", "o", "<s>", "</s>")
_SHAPE = {s: i for i, s in enumerate(_SHAPES)}
_NS = len(_SHAPES)
_WORD_OFFSETS = {"w": 0, "w-1": -1, "w+1": 1, "w-2": -2, "w+2": 2}
_PAIR_TEMPLATES = {"w-1w": -1, "ww+1": 0, "w-2w-1": -2}  # pair starting at this offset
_SHAPE_UNI = {"s": 0, "s-1": -1, "s+1": 1}
_SHAPE_PAIR = {"s-1s": -1, "ss+1": 0}
_SHAPE_TRIPLE = {"s-2s-1s": -2, "ss+1s+2": 0}
_GAZ_OFFSETS = {"g": 0, "g-1": -1, "g+1": 1, "g-2": -2, "g+2": 2}
_ENT_OFFSETS = {"e": 0, "e-1": -1, "e+1": 1, "e-2": -2, "e+2": 2}
_SHAPE_SPLIT = re.compile("|".join(re.escape(s) for s in sorted(_SHAPES, key=len, reverse=True)))


class Vocabulary:
    """Word and piece-kind codes shared by the taggers of one recognizer."""

    def __init__(self):
        self.words: dict[str, int] = {p: i for i, p in enumerate(_LEFT_PADS + _RIGHT_PADS)}
        self.kinds: dict[str, int] = {}
        self._pieces: dict[tuple[str, str], tuple[int, int, int, str]] = {}

    def add_model_words(self, attributes) -> None:
        for attr in attributes:
            t, _, value = attr.partition("=")
            if t in _WORD_OFFSETS:
                self.words.setdefault(value, len(self.words))
            elif t in _PAIR_TEMPLATES:
                for w in value.split("|", 1):
                    self.words.setdefault(w, len(self.words))
            elif t == "k":
                self.kinds.setdefault(value, len(self.kinds))

    @property
    def unknown(self) -> int:
        return len(self.words)

    def piece(self, text: str, kind: str) -> tuple[int, int, int, str]:
        """(word code, shape code, kind code, lower-cased text) of a piece, cached."""
        key = (text, kind)
        code = self._pieces.get(key)
        if code is None:
            if len(self._pieces) > 200_000:
                self._pieces.clear()
            low = text.lower()
            code = self._pieces[key] = (self.words.get(low, self.unknown), _SHAPE[shape_of(text)],
                                        self.kinds.get(kind, len(self.kinds)), low)
        return code


@dataclass
class Encoded:
    """Sentences laid out with two pads on each side of every sentence, so that
    windows of +-2 never reach into the next sentence."""

    n: int                 # pieces
    lengths: np.ndarray    # pieces per sentence
    pos: np.ndarray        # padded position of each piece
    word: np.ndarray       # word code at every padded position
    shape: np.ndarray      # shape code at every padded position
    kind: np.ndarray       # kind code of each piece
    word_begin: np.ndarray # bool, each piece
    caps: np.ndarray       # float 0/1, each piece: its sentence is an all-caps line
    gaz_at: np.ndarray     # padded positions of gazetteer hits
    gaz_tag: np.ndarray    # their tag ids
    ends: np.ndarray       # padded position just after each sentence


def encode(vocab: Vocabulary, sentences: list[tuple[list, list[bool], bool]]) -> Encoded:
    """Encode sentences given as ``(pieces, word_begins, caps_line)``."""
    gaz = default_gazetteer()
    words, shapes, kinds, wbs, caps, lengths = [], [], [], [], [], []
    lows_padded: list[str] = []
    piece = vocab.piece
    cached = vocab._pieces.get
    for pieces, word_begins, caps_line in sentences:
        codes = [cached((p.text, p.kind)) or piece(p.text, p.kind) for p in pieces]
        n = len(codes)
        lengths.append(n)
        words += [0, 1]
        words += [c[0] for c in codes]
        words += [2, 3]
        shapes += [5, 5]
        shapes += [c[1] for c in codes]
        shapes += [6, 6]
        kinds += [c[2] for c in codes]
        wbs += word_begins
        caps += [caps_line] * n
        lows_padded += _LEFT_PADS
        lows_padded += [c[3] for c in codes]
        lows_padded += _RIGHT_PADS
    lengths = np.array(lengths, dtype=np.int64)
    n_all = int(lengths.sum())
    first = np.cumsum(np.concatenate(([0], lengths[:-1] + 4))) + 2
    pos = np.repeat(first - np.cumsum(np.concatenate(([0], lengths[:-1]))), lengths) + np.arange(n_all)
    # pads never match a gazetteer entry, so one pass over the padded batch
    # equals one pass per sentence
    hits = gaz.hits(lows_padded)
    at = np.array([h[0] for h in hits], dtype=np.int64)
    tag = np.array([h[1] for h in hits], dtype=np.int64)
    return Encoded(n_all, lengths, pos, np.array(words, dtype=np.int64), np.array(shapes, dtype=np.int64),
                   np.array(kinds, dtype=np.int64), np.array(wbs, dtype=bool), np.array(caps, dtype=float),
                   at, tag, first + lengths)


class FastEntityTagger:
    """Score and decode with one CRF trained on :func:`sentence_features` strings.

    Parameters
    ----------
    model : CRFSuiteModel
        The weights, as read by :func:`vntextkit.tokenize.fast_crf.read_crfsuite_model`.
    vocab : Vocabulary
        Already holding the words of this model (:meth:`Vocabulary.add_model_words`).
    entity_labels : sequence of str, optional
        For the role layer: the labels of the entity layer, whose predictions
        are features (``"e=B-PERSON"``).
    """

    def __init__(self, model: CRFSuiteModel, vocab: Vocabulary, entity_labels=None):
        self.labels = list(model.labels)
        L = len(self.labels)
        # one extra zero row: code -1 (no such attribute) indexes it
        self.W = np.vstack([model.state_weights, np.zeros((1, L))])
        self.zero_row = len(self.W) - 1
        self.T = model.transitions
        gaz_index = {name: i for i, name in enumerate(default_gazetteer().tag_names)}
        self.entity_codes = {lab: i for i, lab in enumerate(list(entity_labels or []) + ["<s>", "</s>"])}
        V = vocab.unknown + 1
        self._V = V
        n_ent = len(self.entity_codes)

        def table(size):
            return np.full(size, self.zero_row, dtype=np.int64)

        self.word_rows = {t: table(V) for t in _WORD_OFFSETS}
        self.shape_rows = {t: table(_NS) for t in _SHAPE_UNI}
        self.shape_pair_rows = {t: table(_NS ** 2) for t in _SHAPE_PAIR}
        self.shape_triple_rows = {t: table(_NS ** 3) for t in _SHAPE_TRIPLE}
        self.kind_rows = table(len(vocab.kinds) + 1)
        self.wb_rows = table(2)             # [I, B]
        self.gaz_rows = {t: table(len(gaz_index)) for t in _GAZ_OFFSETS}
        self.ent_rows = {t: table(n_ent) for t in _ENT_OFFSETS}
        self.ent_pair_rows = table(n_ent * n_ent)
        self.bias_row = self.caps_row = self.zero_row
        pair_keys: dict[str, list] = {t: [] for t in _PAIR_TEMPLATES}
        words = vocab.words
        for row, attr in enumerate(model.attributes):
            if attr == "b":
                self.bias_row = row
            elif attr == "caps_line":
                self.caps_row = row
            elif attr.startswith("g") and attr.split(":", 1)[0] in _GAZ_OFFSETS:
                t, tag = attr.split(":", 1)
                if tag in gaz_index:
                    self.gaz_rows[t][gaz_index[tag]] = row
            else:
                t, _, value = attr.partition("=")
                if t in _WORD_OFFSETS:
                    self.word_rows[t][words[value]] = row
                elif t in _PAIR_TEMPLATES:
                    a, b = value.split("|", 1)
                    pair_keys[t].append((words[a] * V + words[b], row))
                elif t in _SHAPE_UNI:
                    self.shape_rows[t][_SHAPE[value]] = row
                elif t in _SHAPE_PAIR or t in _SHAPE_TRIPLE:
                    code = 0
                    for part in _SHAPE_SPLIT.findall(value):
                        code = code * _NS + _SHAPE[part]
                    (self.shape_pair_rows if t in _SHAPE_PAIR else self.shape_triple_rows)[t][code] = row
                elif t == "k" and value in vocab.kinds:
                    self.kind_rows[vocab.kinds[value]] = row
                elif t == "wb":
                    self.wb_rows[1 if value == "B" else 0] = row
                elif t in _ENT_OFFSETS and value in self.entity_codes:
                    self.ent_rows[t][self.entity_codes[value]] = row
                elif t == "e-1e":
                    for a, code in self.entity_codes.items():
                        if value.startswith(a) and value[len(a):] in self.entity_codes:
                            self.ent_pair_rows[code * n_ent + self.entity_codes[value[len(a):]]] = row
        self.pair_tables = {}
        for t, items in pair_keys.items():
            items.sort()
            self.pair_tables[t] = (np.array([k for k, _ in items], dtype=np.int64),
                                   np.array([r for _, r in items], dtype=np.int64))

    def _pair_rows(self, t: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        keys, rows = self.pair_tables[t]
        if not len(keys):
            return np.full(len(a), self.zero_row, dtype=np.int64)
        q = a * self._V + b
        at = np.searchsorted(keys, q)
        at[at >= len(keys)] = 0
        return np.where(keys[at] == q, rows[at], self.zero_row)

    def emissions(self, enc: Encoded, ents: list[list[str]] | None = None) -> np.ndarray:
        """Label scores (pieces, labels) of an encoded batch; ``ents`` holds the
        entity-layer labels of every sentence (role layer only)."""
        pos, P, S = enc.pos, enc.word, enc.shape
        cols = [self.word_rows[t][P[pos + k]] for t, k in _WORD_OFFSETS.items()]
        cols += [self._pair_rows(t, P[pos + k], P[pos + k + 1]) for t, k in _PAIR_TEMPLATES.items()]
        cols += [self.shape_rows[t][S[pos + k]] for t, k in _SHAPE_UNI.items()]
        cols += [self.shape_pair_rows[t][S[pos + k] * _NS + S[pos + k + 1]] for t, k in _SHAPE_PAIR.items()]
        cols += [self.shape_triple_rows[t][(S[pos + k] * _NS + S[pos + k + 1]) * _NS + S[pos + k + 2]]
                 for t, k in _SHAPE_TRIPLE.items()]
        cols.append(self.kind_rows[enc.kind])
        cols.append(self.wb_rows[enc.word_begin.astype(np.int64)])
        cols.append(np.where(enc.caps > 0, self.caps_row, self.zero_row))
        if ents is not None:
            cmap = self.entity_codes
            C = np.full(len(P), cmap["<s>"], dtype=np.int64)
            C[enc.ends], C[enc.ends + 1] = cmap["</s>"], cmap["</s>"]
            C[pos] = [cmap[e] for tags in ents for e in tags]
            cols += [self.ent_rows[t][C[pos + k]] for t, k in _ENT_OFFSETS.items()]
            cols.append(self.ent_pair_rows[C[pos - 1] * len(cmap) + C[pos]])
        n, width = enc.n, len(cols)
        # every piece has one attribute row per template: a CSR matrix with
        # fixed-width rows, built without sorting
        X = sparse.csr_matrix((np.ones(n * width), np.stack(cols, axis=1).ravel(), np.arange(0, n * width + 1, width)),
                              shape=(n, len(self.W)))
        E = X @ self.W + self.W[self.bias_row]
        if len(enc.gaz_at):
            # a tag at padded position p is feature "g+k" of the piece at p - k
            owner = np.full(len(P), -1, dtype=np.int64)
            owner[pos] = np.arange(n)
            who, rows = [], []
            for t, k in _GAZ_OFFSETS.items():
                w = owner[enc.gaz_at - k]
                keep = w >= 0
                who.append(w[keep])
                rows.append(self.gaz_rows[t][enc.gaz_tag[keep]])
            who, rows = np.concatenate(who), np.concatenate(rows)
            order = np.argsort(who, kind="stable")
            indptr = np.concatenate(([0], np.cumsum(np.bincount(who, minlength=n))))
            G = sparse.csr_matrix((np.ones(len(order)), rows[order], indptr), shape=(n, len(self.W)))
            E += G @ self.W
        return E

    def decode(self, E: np.ndarray, lengths: np.ndarray, only=None, batch: int = 96) -> list:
        """Best label sequence of each sentence (``None`` for sentences not in ``only``).

        Sentences are sorted by length and decoded in batches, so that one
        Viterbi step serves many sentences: its cost is numpy's call overhead,
        not arithmetic.
        """
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        wanted = range(len(lengths)) if only is None else only
        order = sorted(wanted, key=lambda k: lengths[k])
        out: list = [None] * len(lengths)
        labels = self.labels
        for b in range(0, len(order), batch):
            group = order[b : b + batch]
            paths = self._viterbi([E[starts[k] : starts[k] + lengths[k]] for k in group])
            for k, path in zip(group, paths):
                out[k] = [labels[y] for y in path]
        return out

    def _viterbi(self, emissions: list[np.ndarray]) -> list[list[int]]:
        if not emissions:
            return []
        L = len(self.labels)
        lengths = np.array([len(e) for e in emissions])
        S, N = len(emissions), int(lengths.max())
        if N == 0:
            return [[] for _ in emissions]
        E = np.zeros((S, N, L))
        for s, e in enumerate(emissions):
            E[s, : len(e)] = e
        score = E[:, 0].copy()
        back = np.zeros((S, N, L), dtype=np.int64)
        active = np.arange(N)[:, None] < lengths[None, :]   # (N, S)
        T = self.T
        for t in range(1, N):
            cand = score[:, :, None] + T                # (S, prev, cur)
            back[:, t] = cand.argmax(axis=1)            # lowest prev on ties, as CRFsuite
            best = cand.max(axis=1) + E[:, t]
            score = np.where(active[t][:, None], best, score)
        y = score.argmax(axis=1)
        path = np.zeros((S, N), dtype=np.int64)
        rows = np.arange(S)
        for t in range(N - 1, 0, -1):
            live = active[t]
            path[live, t] = y[live]
            y = np.where(live, back[rows, t, y], y)
        path[:, 0] = y
        return [path[s, : lengths[s]].tolist() for s in range(S)]
