"""The entity recognizer: two CRF layers over syllables, a document-number rule,
and role attachment.

* Layer 1 labels every syllable B-/I-/O for PERSON, ORG, LOC and DOCUMENT.
* Layer 2 labels the syllables of positions given in apposition (ROLE); it
  sees layer 1's labels as features and runs only on sentences with a person.
* :mod:`.docrefs` finds numbered document references exactly; they replace
  whatever layer 1 said about the same stretch.
* A role written right after a name (", Bí thư Huyện ủy ...") or right before
  it ("Bí thư Huyện ủy Ngọc Hiển Phạm Chí Hải") becomes that person's ``role``.

CRFs are trained and run with ``underthesea_core`` (already a dependency of
the segmenter).
"""
from __future__ import annotations

import os
import re
import tempfile

from ..doc import Span
from ..tokenize import TokenizedText, analyze_text
from .canonical import canonical_form, link_short_names
from .docrefs import find_document_refs
from .features import sentence_features

LABELS = ("PERSON", "ORG", "LOC", "DOCUMENT")
_ROLE_GAP_AFTER = re.compile(r"^\s*[,(]\s*$|^\s*-\s*$")
_ROLE_GAP_BEFORE = re.compile(r"^\s+$")
_MAX_ROLE_GAP = 4  # characters between a name and its role; longer gaps are never apposition


def _caps_line(pieces, lo, hi) -> bool:
    words = [p.text for p in pieces[lo:hi] if p.kind == "word" and p.text.isalpha()]
    return len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)


def _decode(tags: list[str]) -> list[tuple[int, int, str]]:
    """BIO tags to ``(first, last + 1, label)`` ranges; a stray I- starts a span."""
    spans = []
    start, label = None, None
    for i, t in enumerate(tags + ["O"]):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                spans.append((start, i, label))
                start, label = None, None
            if t != "O":
                start, label = i, t[2:]
    return spans


def _role_features(base: list[list[str]], ent_tags: list[str]) -> list[list[str]]:
    pad = ["<s>", "<s>"] + ent_tags + ["</s>", "</s>"]
    out = []
    for i, f in enumerate(base):
        j = i + 2
        out.append(f + ["e=" + pad[j], "e-1=" + pad[j - 1], "e+1=" + pad[j + 1], "e-2=" + pad[j - 2],
                        "e+2=" + pad[j + 2], "e-1e=" + pad[j - 1] + pad[j]])
    return out


class EntityRecognizer:
    """Find PERSON, ORG, LOC and DOCUMENT spans, with roles for persons.

    Parameters
    ----------
    l2 : float
        L2 penalty of both CRFs.
    max_iterations : int
        L-BFGS iterations of the CRF trainer.

    Examples
    --------
    >>> from vntextkit.entities import load_recognizer
    >>> rec = load_recognizer()
    >>> [(e.text, e.label) for e in rec.recognize("Đồng chí Phạm Chí Hải, Bí thư Huyện ủy Ngọc Hiển phát biểu.")][:1]
    [('Phạm Chí Hải', 'PERSON')]
    """

    def __init__(self, l2: float = 0.05, max_iterations: int = 200, engine: str = "fast"):
        if engine not in ("fast", "underthesea"):
            raise ValueError(f"engine must be 'fast' or 'underthesea', got {engine!r}")
        self.l2 = l2
        self.max_iterations = max_iterations
        self.engine = engine
        self._entity_bytes = None
        self._role_bytes = None
        self._entity_tagger = None
        self._role_tagger = None

    # -- training -------------------------------------------------------
    @staticmethod
    def _gold_tags(tt: TokenizedText, spans: list[tuple[int, int, str]]) -> list[str]:
        """BIO tags of the pieces for gold character spans of the original text."""
        tags = ["O"] * len(tt.pieces)
        if not spans:
            return tags
        starts = [tt.alignment.to_original(p.start, p.end) for p in tt.pieces]
        for s, e, label in spans:
            inside = [k for k, (ps, pe) in enumerate(starts) if ps >= s and pe <= e]
            for n, k in enumerate(inside):
                tags[k] = ("B-" if n == 0 else "I-") + label
        return tags

    def _examples(self, docs: list[dict]):
        ent_X, ent_Y, role_X, role_Y = [], [], [], []
        for d in docs:
            tt = analyze_text(d["text"])
            ents = self._gold_tags(tt, [(e["start"], e["end"], e["label"]) for e in d["entities"]])
            roles = self._gold_tags(tt, [(e["role_start"], e["role_end"], "ROLE") for e in d["entities"] if "role_start" in e])
            for lo, hi in tt.sent_piece_ranges:
                feats = sentence_features(tt.pieces, tt.word_begins, lo, hi, _caps_line(tt.pieces, lo, hi))
                ent_X.append(feats)
                ent_Y.append(ents[lo:hi])
                if any(t.endswith("PERSON") for t in ents[lo:hi]):
                    role_X.append(_role_features(feats, ents[lo:hi]))
                    role_Y.append(roles[lo:hi])
        return ent_X, ent_Y, role_X, role_Y

    def fit(self, docs: list[dict]) -> "EntityRecognizer":
        """Train on corpus documents (dicts with ``text`` and ``entities``)."""
        from underthesea_core import CRFTrainer

        def train(X, Y) -> bytes:
            trainer = CRFTrainer(loss_function="lbfgs", l1_penalty=0.0, l2_penalty=self.l2,
                                 max_iterations=self.max_iterations, verbose=0)
            return self._model_bytes(trainer.train(X, Y))

        ent_X, ent_Y, role_X, role_Y = self._examples(docs)
        self._entity_bytes = train(ent_X, ent_Y)
        self._role_bytes = train(role_X, role_Y)
        self._entity_tagger = self._role_tagger = None
        return self

    @staticmethod
    def _model_bytes(model) -> bytes:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "crf.bin")
            model.save(path)
            with open(path, "rb") as fh:
                return fh.read()

    @staticmethod
    def _from_bytes(data: bytes, load):
        """``load(path)`` of a CRF model held in memory (the loaders read files)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "crf.bin")
            with open(path, "wb") as fh:
                fh.write(data)
            return load(path)

    @classmethod
    def _tagger(cls, data: bytes):
        from underthesea_core import CRFTagger

        def load(path):
            tagger = CRFTagger()
            tagger.load(path)
            return tagger

        return cls._from_bytes(data, load)

    @classmethod
    def _read_model(cls, data: bytes):
        from ..tokenize.fast_crf import read_crfsuite_model

        return cls._from_bytes(data, read_crfsuite_model)

    def __getstate__(self):
        return {"l2": self.l2, "max_iterations": self.max_iterations,
                "_entity_bytes": self._entity_bytes, "_role_bytes": self._role_bytes}

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault("engine", "fast")
        self._entity_tagger = self._role_tagger = None

    def with_engine(self, engine: str) -> "EntityRecognizer":
        """A copy of this trained recognizer that tags with ``engine``: ``"fast"``
        (vectorized, the default) or ``"underthesea"`` (underthesea_core's CRF
        tagger over feature strings, the reference the tests compare with)."""
        other = EntityRecognizer(self.l2, self.max_iterations, engine)
        other._entity_bytes, other._role_bytes = self._entity_bytes, self._role_bytes
        return other

    def _taggers(self):
        if self._entity_bytes is None:
            raise RuntimeError("this EntityRecognizer is not trained: call fit() or load_recognizer()")
        if self._entity_tagger is None:
            if self.engine == "fast":
                from .fast_tagger import FastEntityTagger, Vocabulary

                ent_model, role_model = self._read_model(self._entity_bytes), self._read_model(self._role_bytes)
                self._vocab = Vocabulary()
                self._vocab.add_model_words(ent_model.attributes)
                self._vocab.add_model_words(role_model.attributes)
                self._entity_tagger = FastEntityTagger(ent_model, self._vocab)
                self._role_tagger = FastEntityTagger(role_model, self._vocab, ent_model.labels)
            else:
                self._entity_tagger = self._tagger(self._entity_bytes)
                self._role_tagger = self._tagger(self._role_bytes)
        return self._entity_tagger, self._role_tagger

    def _tag_fast(self, tts: list[TokenizedText]):
        """Entity and role tags of every sentence of several documents at once."""
        from .fast_tagger import encode

        ent, role = self._taggers()
        sentences = [(tt.pieces[lo:hi], tt.word_begins[lo:hi], _caps_line(tt.pieces, lo, hi))
                     for tt in tts for lo, hi in tt.sent_piece_ranges]
        tags: list = []
        role_tags: list = []
        if sentences:
            enc = encode(self._vocab, sentences)
            tags = ent.decode(ent.emissions(enc), enc.lengths)
            with_person = [k for k, t in enumerate(tags) if any(x.endswith("PERSON") for x in t)]
            role_tags = [None] * len(tags)
            if with_person:
                role_tags = role.decode(role.emissions(enc, ents=tags), enc.lengths, only=with_person)
        out, at = [], 0
        for tt in tts:
            n = len(tt.sent_piece_ranges)
            out.append((tags[at : at + n], role_tags[at : at + n]))
            at += n
        return out

    # -- prediction -----------------------------------------------------
    def recognize(self, text_or_tokens) -> list[Span]:
        """Entities of a text (or of an already tokenized text), in text order."""
        return self.recognize_many([text_or_tokens])[0]

    def recognize_many(self, texts_or_tokens) -> list[list[Span]]:
        """Entities of several texts; faster per text than :meth:`recognize`
        because the CRFs decode the sentences of all texts together."""
        tts = [t if isinstance(t, TokenizedText) else analyze_text(t) for t in texts_or_tokens]
        return [self._spans(tt, tags, rtags) for tt, (tags, rtags) in zip(tts, self.tag_pieces_many(tts))]

    def _spans(self, tt: TokenizedText, sent_tags, sent_role_tags) -> list[Span]:
        text = tt.text
        found: list[tuple[int, int, str]] = []
        roles: list[tuple[int, int]] = []
        for (lo, _hi), tags, rtags in zip(tt.sent_piece_ranges, sent_tags, sent_role_tags):
            for a, b, label in _decode(tags):
                found.append((*tt.piece_span(lo + a, lo + b), label))
            if rtags:
                roles.extend(tt.piece_span(lo + a, lo + b) for a, b, _ in _decode(rtags))
        # exact document references replace model output over the same stretch
        for ns, ne in find_document_refs(tt.normalized):
            s, e = tt.alignment.to_original(ns, ne)
            found = [f for f in found if f[1] <= s or f[0] >= e]
            found.append((s, e, "DOCUMENT"))
        found.sort()
        return link_short_names(self._with_roles(text, found, roles))

    def tag_pieces(self, tt: TokenizedText) -> tuple[list[list[str]], list[list[str] | None]]:
        """BIO tags of each sentence's pieces (entity layer) and role tags (None
        for sentences without a person)."""
        return self.tag_pieces_many([tt])[0]

    def tag_pieces_many(self, tts: list[TokenizedText]):
        """:meth:`tag_pieces` of several documents."""
        if self.engine == "fast":
            return self._tag_fast(tts)
        return [self._tag_reference(tt) for tt in tts]

    def _tag_reference(self, tt: TokenizedText):
        ent_tagger, role_tagger = self._taggers()
        tags_out, roles_out = [], []
        for lo, hi in tt.sent_piece_ranges:
            feats = sentence_features(tt.pieces, tt.word_begins, lo, hi, _caps_line(tt.pieces, lo, hi))
            tags = ent_tagger.tag(feats)
            tags_out.append(tags)
            roles_out.append(role_tagger.tag(_role_features(feats, tags)) if any(t.endswith("PERSON") for t in tags)
                             else None)
        return tags_out, roles_out

    @staticmethod
    def _with_roles(text: str, found, roles) -> list[Span]:
        used = set()
        out = []
        for s, e, label in found:
            role = None
            if label == "PERSON":
                for r in roles:
                    if r in used:
                        continue
                    after = 0 <= r[0] - e <= _MAX_ROLE_GAP and _ROLE_GAP_AFTER.match(text[e : r[0]])
                    before = 0 <= s - r[1] <= _MAX_ROLE_GAP and _ROLE_GAP_BEFORE.match(text[r[1] : s])
                    if after or before:
                        role = r
                        used.add(r)
                        break
            span_text = text[s:e]
            if role:
                out.append(Span(span_text, s, e, label, text[role[0] : role[1]], role[0], role[1],
                                canonical_form(span_text, label)))
            else:
                out.append(Span(span_text, s, e, label, canonical=canonical_form(span_text, label)))
        return out
