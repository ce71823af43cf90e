"""The annotated corpus: loading, splits and the quality gates.

The corpus is JSON Lines, one document a line, as written by
``data/compile_corpus.py``::

    {"id": "p1-001", "title": ..., "text": ..., "date": "2021-03-15",
     "outlet_type": ..., "province": ..., "topics": [...],
     "entities": [{"start": 0, "end": 12, "label": "ORG", "text": ...,
                   "role": ..., "role_start": ..., "role_end": ...}]}

``validate`` returns every problem it finds (an empty list means the corpus
passes); the test suite runs it on the shipped corpus.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Iterable

from .errors import DataError

TOPIC_LABELS = ("party_building", "production_model", "emulation_example")
ENTITY_LABELS = ("PERSON", "ORG", "LOC", "DOCUMENT")
SPLITS = ("train", "dev", "test")

# Minimum counts the corpus issue asks for.
MIN_DOCUMENTS = 600
MIN_PER_TOPIC = 130
MIN_MULTI_LABEL = 80
MIN_NO_TOPIC = 150
MAX_JACCARD = 0.5


def repo_data_dir() -> Path:
    """``data/`` of a source checkout (the corpus is not installed with the package)."""
    return Path(__file__).resolve().parents[2] / "data"


def default_corpus_path() -> Path:
    return repo_data_dir() / "corpus" / "corpus.jsonl"


def default_splits_path() -> Path:
    return repo_data_dir() / "corpus" / "splits.json"


def iter_jsonl(path: str | Path):
    """Yield ``(line number, object, problem)`` for each non-blank line of a JSON
    Lines file: ``problem`` is None, or says why the line is not a JSON object."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, None, f"{path}:{lineno}: invalid JSON ({exc.msg})"
                continue
            if not isinstance(obj, dict):
                yield lineno, None, f"{path}:{lineno}: expected a JSON object, got {type(obj).__name__}"
                continue
            yield lineno, obj, None


def load_jsonl(path: str | Path) -> list[dict]:
    """Read JSON Lines; a line that is not a JSON object raises :class:`DataError` naming it."""
    docs = []
    for lineno, obj, problem in iter_jsonl(path):
        if problem:
            raise DataError(problem)
        obj.setdefault("_line", lineno)
        docs.append(obj)
    return docs


def load_corpus(path: str | Path | None = None, split: str | None = None, splits_path: str | Path | None = None) -> list[dict]:
    """The annotated corpus, or one of its splits (``"train"``, ``"dev"``, ``"test"``)."""
    docs = load_jsonl(path or default_corpus_path())
    if split is None:
        return docs
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    assignment = load_splits(splits_path)
    return [d for d in docs if assignment.get(d["id"]) == split]


def load_splits(path: str | Path | None = None) -> dict[str, str]:
    """``{doc_id: split}`` from ``data/corpus/splits.json``."""
    path = Path(path or default_splits_path())
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {doc_id: split for split in SPLITS for doc_id in raw[split]}


def char_shingles(text: str, n: int = 5) -> set[str]:
    t = " ".join(text.lower().split())
    return {t[i : i + n] for i in range(len(t) - n + 1)}


def near_duplicate_pairs(docs: list[dict], threshold: float = MAX_JACCARD) -> list[tuple[str, str, float]]:
    """Pairs of documents whose character 5-gram Jaccard similarity is at least ``threshold``."""
    sets = [char_shingles(d["text"]) for d in docs]
    # Jaccard can reach the threshold only if the smaller set is at least
    # threshold times the larger: most pairs are skipped on their sizes.
    out = []
    for i in range(len(docs)):
        a = sets[i]
        for j in range(i + 1, len(docs)):
            b = sets[j]
            small, large = (a, b) if len(a) < len(b) else (b, a)
            if len(small) < threshold * len(large):
                continue  # Jaccard <= |small| / |large|
            inter = len(a & b)
            jac = inter / (len(a) + len(b) - inter)
            if jac >= threshold:
                out.append((docs[i]["id"], docs[j]["id"], jac))
    return out


def validate(docs: list[dict], *, check_counts: bool = True) -> list[str]:
    """Every problem of the corpus, as readable messages; ``[]`` when it passes."""
    problems = []
    ids = Counter(d.get("id") for d in docs)
    for doc_id, n in ids.items():
        if n > 1:
            problems.append(f"id {doc_id!r} is used by {n} documents")
    for d in docs:
        where = f"document {d.get('id')!r}"
        text = d.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: empty or missing text")
            continue
        if not 300 <= len(text) <= 2000:
            problems.append(f"{where}: text length {len(text)} outside 300-2000")
        for key in ("title", "date", "outlet_type", "province"):
            if not d.get(key):
                problems.append(f"{where}: missing {key}")
        bad_topics = set(d.get("topics", [])) - set(TOPIC_LABELS)
        if bad_topics:
            problems.append(f"{where}: unknown topics {sorted(bad_topics)}")
        spans = []
        for e in d.get("entities", []):
            if e.get("label") not in ENTITY_LABELS:
                problems.append(f"{where}: unknown entity label {e.get('label')!r}")
            s, t = e.get("start"), e.get("end")
            if not (isinstance(s, int) and isinstance(t, int) and 0 <= s < t <= len(text)):
                problems.append(f"{where}: bad offsets {s}-{t}")
                continue
            if text[s:t] != e.get("text"):
                problems.append(f"{where}: span {s}-{t} is {text[s:t]!r}, annotated as {e.get('text')!r}")
            if text[s:t] != text[s:t].strip():
                problems.append(f"{where}: span {s}-{t} {text[s:t]!r} has surrounding whitespace")
            if "role" in e:
                rs, re_ = e.get("role_start"), e.get("role_end")
                if e["label"] != "PERSON":
                    problems.append(f"{where}: role on a {e['label']} entity")
                elif not (isinstance(rs, int) and isinstance(re_, int) and text[rs:re_] == e["role"]):
                    problems.append(f"{where}: role {e['role']!r} does not match its offsets")
            spans.append((s, t))
        spans.sort()
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                problems.append(f"{where}: spans {s1}-{e1} and {s2}-{e2} overlap")
    for a, b, jac in near_duplicate_pairs(docs):
        problems.append(f"documents {a} and {b} are near-duplicates (5-gram Jaccard {jac:.2f})")
    if check_counts:
        problems.extend(count_problems(docs))
    return problems


def count_problems(docs: list[dict]) -> list[str]:
    stats = corpus_stats(docs)
    out = []
    if stats["documents"] < MIN_DOCUMENTS:
        out.append(f"{stats['documents']} documents, need at least {MIN_DOCUMENTS}")
    for label in TOPIC_LABELS:
        if stats["topics"][label] < MIN_PER_TOPIC:
            out.append(f"topic {label}: {stats['topics'][label]} documents, need at least {MIN_PER_TOPIC}")
    if stats["multi_label"] < MIN_MULTI_LABEL:
        out.append(f"{stats['multi_label']} documents with two or more topics, need {MIN_MULTI_LABEL}")
    if stats["no_topic"] < MIN_NO_TOPIC:
        out.append(f"{stats['no_topic']} documents with no topic, need {MIN_NO_TOPIC}")
    return out


def corpus_stats(docs: Iterable[dict]) -> dict:
    docs = list(docs)
    return {
        "documents": len(docs),
        "topics": {label: sum(label in d["topics"] for d in docs) for label in TOPIC_LABELS},
        "multi_label": sum(len(d["topics"]) >= 2 for d in docs),
        "no_topic": sum(not d["topics"] for d in docs),
        "entities": {label: sum(e["label"] == label for d in docs for e in d["entities"]) for label in ENTITY_LABELS},
        "persons_with_role": sum("role" in e for d in docs for e in d["entities"]),
        "characters": sum(len(d["text"]) for d in docs),
    }
