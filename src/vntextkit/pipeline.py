"""The full analysis: normalization, tokens, topics and entities in one :class:`Doc`.

``vntextkit.analyze(text)`` for one text; ``vntextkit.load()`` returns a
:class:`Pipeline` whose ``pipe()`` streams many texts, optionally in several
processes, like spaCy's ``nlp.pipe``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

from .doc import Doc
from .errors import check_str
from .model_store import load_default
from .tokenize import analyze_text


class Pipeline:
    """Normalizer, tokenizer, topic model and entity recognizer, loaded once.

    Parameters
    ----------
    topics, entities : bool
        Run the topic model / the entity recognizer (both shipped in ``models/``).
    topic_model, entity_model : optional
        Use these fitted models instead of the shipped ones.
    """

    def __init__(self, topics: bool = True, entities: bool = True, topic_model=None, entity_model=None):
        self.topic_model = topic_model
        self.entity_model = entity_model
        if topics and topic_model is None:
            self.topic_model = load_default("topics", "topics")[0]
        if entities and entity_model is None:
            self.entity_model = load_default("entities", "entities")[0]

    def __call__(self, text: str) -> Doc:
        return self.analyze_batch([text])[0]

    def analyze_batch(self, texts: list[str]) -> list[Doc]:
        """Docs for several texts; the entity CRFs decode all their sentences
        together, which is several times faster per text than one at a time."""
        for i, text in enumerate(texts):
            check_str(text, f"texts[{i}]" if len(texts) > 1 else "text")
        analyses = [analyze_text(t) for t in texts]
        docs = [self._doc(tt) for tt in analyses]
        if self.entity_model is not None:
            for doc, ents in zip(docs, self.entity_model.recognize_many(analyses)):
                doc.entities = ents
        return docs

    def _doc(self, tt) -> Doc:
        doc = Doc(text=tt.text, normalized=tt.normalized, tokens=tt.tokens, sents=tt.sents)
        if self.topic_model is not None:
            from .topics.features import from_analysis

            proba = self.topic_model.predict_proba([from_analysis(tt)])[0]
            doc.topic_scores = {str(c): round(float(p), 4) for c, p in zip(self.topic_model.classes_, proba)}
            doc.topics = [str(c) for c, p, t in zip(self.topic_model.classes_, proba, self.topic_model.thresholds_)
                          if p >= t]
            doc._topic_model = self.topic_model
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 64, n_process: int = 1) -> Iterator[Doc]:
        """Analyse many texts, yielding Docs in input order.

        With ``n_process > 1`` the texts are analysed by worker processes that
        load the models once each; see :mod:`vntextkit.batch` for files and clusters.
        """
        if n_process <= 1:
            batch = []
            for text in texts:
                batch.append(text)
                if len(batch) >= batch_size:
                    yield from self.analyze_batch(batch)
                    batch = []
            if batch:
                yield from self.analyze_batch(batch)
            return
        from .batch.workers import parallel_docs

        yield from parallel_docs(texts, batch_size=batch_size, n_process=n_process, pipeline=self)


@lru_cache(maxsize=4)
def load(topics: bool = True, entities: bool = True) -> Pipeline:
    """The shipped pipeline (cached: models load once per process).

    Examples
    --------
    >>> import vntextkit
    >>> nlp = vntextkit.load()
    >>> doc = nlp("Chi bộ ấp 3 kết nạp 2 đảng viên mới.")
    >>> "party_building" in doc.topic_scores
    True
    """
    return Pipeline(topics=topics, entities=entities)


def analyze(text: str, *, topics: bool = True, entities: bool = True) -> Doc:
    """Analyse one text: normalized form, tokens, sentences, topics and entities.

    Examples
    --------
    >>> import vntextkit
    >>> doc = vntextkit.analyze("Đồng chí Phạm Chí Hải, Bí thư Huyện ủy Ngọc Hiển, dự lễ kết nạp đảng viên.")
    >>> [(e.text, e.label) for e in doc.entities if e.label == "PERSON"]
    [('Phạm Chí Hải', 'PERSON')]
    """
    return load(topics=topics, entities=entities)(text)
