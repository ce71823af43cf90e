"""The data model shared by every layer: :class:`Doc`, :class:`Token`, :class:`Span`.

Offsets (``start``, ``end``) always index the ORIGINAL input string, as
``spacy.tokens.Token.idx`` and ``Span.start_char`` do, so a result can be shown
in or written back to the text the user gave, even when normalization changed
it. The normalized form is kept beside it (``Token.text``, ``Doc.normalized``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Token:
    """One word (possibly several syllables) or punctuation mark.

    Attributes
    ----------
    text : str
        The normalized form of the word, syllables separated by one space
        ("Bộ Chính trị").
    start, end : int
        Character offsets into the original input: ``original[start:end]``
        normalizes to ``text``.
    kind : str
        ``"word"``, ``"number"``, ``"date"``, ``"docnum"`` (document number such
        as "35-NQ/TW"), ``"abbr"``, ``"url"``, ``"email"``, ``"hashtag"``,
        ``"punct"`` or ``"symbol"``.
    """

    text: str
    start: int
    end: int
    kind: str = "word"

    @property
    def is_punct(self) -> bool:
        return self.kind == "punct"

    @property
    def is_word(self) -> bool:
        return self.kind not in ("punct", "symbol")

    @property
    def n_syllables(self) -> int:
        return self.text.count(" ") + 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Span:
    """A labelled stretch of the original text: a sentence, an entity, a role.

    ``label`` is ``"SENT"`` for sentences and ``PERSON``, ``ORG``, ``LOC`` or
    ``DOCUMENT`` for entities. ``role`` is the position given in apposition to a
    person ("Bí thư Huyện ủy Ngọc Hiển"), ``role_start``/``role_end`` its
    offsets; ``canonical`` is the form used to count mentions across documents.
    """

    text: str
    start: int
    end: int
    label: str = ""
    role: str | None = None
    role_start: int | None = None
    role_end: int | None = None
    canonical: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Doc:
    """One analysed text and everything found in it.

    Attributes
    ----------
    text : str
        The original input, unchanged.
    normalized : str
        ``vntextkit.normalize(text)``.
    tokens : list of Token
    sents : list of Span
        Sentences, label ``"SENT"``.
    topics : list of str
        Topic labels above their thresholds (filled by :func:`vntextkit.analyze`).
    topic_scores : dict
        Probability for every topic label.
    entities : list of Span
    """

    text: str
    normalized: str = ""
    tokens: list[Token] = field(default_factory=list)
    sents: list[Span] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_scores: dict[str, float] = field(default_factory=dict)
    entities: list[Span] = field(default_factory=list)
    _topic_model: Any = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self):
        return iter(self.tokens)

    def char_span(self, start: int, end: int, label: str = "") -> Span:
        """A :class:`Span` over ``text[start:end]`` of the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span ({start}, {end}) is outside the text of length {len(self.text)}")
        return Span(self.text[start:end], start, end, label)

    def explain_topics(self, top: int = 8) -> dict[str, dict[str, list[tuple[str, float]]]]:
        """Words and phrases of this text that pushed each topic up (``"up"``,
        positive weight) or down (``"down"``, negative), strongest first, as
        written in the text.

        Needs a Doc made by :func:`vntextkit.analyze`.
        """
        if self._topic_model is None:
            raise ValueError("explain_topics() needs a Doc made by vntextkit.analyze() with topics enabled")
        return self._topic_model.explain(self, top=top)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-serializable dict (offsets into ``text``)."""
        return {
            "text": self.text,
            "normalized": self.normalized,
            "tokens": [t.to_dict() for t in self.tokens],
            "sents": [{"start": s.start, "end": s.end} for s in self.sents],
            "topics": list(self.topics),
            "topic_scores": dict(self.topic_scores),
            "entities": [e.to_dict() for e in self.entities],
        }
