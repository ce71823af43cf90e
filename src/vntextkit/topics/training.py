"""Training and evaluating topic models from JSON Lines files.

A training file has one JSON object a line with ``text`` and ``topics`` (a list
of labels, possibly empty); ``id`` and ``split`` (``train``/``dev``/``test``)
are optional. These functions are what ``vntextkit train-topics`` and
``vntextkit evaluate-topics`` run.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import numpy as np

from ..errors import DataError
from ..model_store import load_model, save_model
from .estimator import TopicClassifier

KIND = "topics"


def read_labeled(path: str | Path, labels: list[str] | None = None, min_examples: int = 5) -> list[dict]:
    """Read and check a labelled JSON Lines file; every problem is reported with its line."""
    from ..corpus import iter_jsonl

    path = Path(path)
    problems = []
    records = []
    seen_ids: dict[str, int] = {}
    for lineno, obj, problem in iter_jsonl(path):
        if problem:
            problems.append(problem)
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{path}:{lineno}: empty or missing 'text'")
        topics = obj.get("topics", obj.get("labels"))
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            problems.append(f"{path}:{lineno}: 'topics' must be a list of label strings")
            topics = []
        if labels is not None:
            unknown = sorted(set(topics) - set(labels))
            if unknown:
                problems.append(f"{path}:{lineno}: unknown labels {unknown}; expected some of {labels}")
        doc_id = str(obj.get("id", f"line-{lineno}"))
        if doc_id in seen_ids:
            problems.append(f"{path}:{lineno}: duplicate id {doc_id!r} (first on line {seen_ids[doc_id]})")
        seen_ids[doc_id] = lineno
        split = obj.get("split", "train")
        if split not in ("train", "dev", "test"):
            problems.append(f"{path}:{lineno}: split {split!r} is not train, dev or test")
        records.append({"id": doc_id, "text": text, "topics": topics, "split": split, "line": lineno})
    if not problems:
        counts = Counter(t for r in records if r["split"] == "train" for t in r["topics"])
        for label in labels or sorted(counts):
            if counts[label] < min_examples:
                lines = [r["line"] for r in records if label in r["topics"]]
                problems.append(
                    f"{path}: label {label!r} has {counts[label]} training examples (lines {lines[:10]}), "
                    f"need at least {min_examples}"
                )
    if problems:
        shown = "\n  ".join(problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        raise DataError(f"{len(problems)} problem(s) in the training data:\n  {shown}{more}")
    return records


def metrics(y_true: list[list[str]], y_pred: list[list[str]], labels: list[str]) -> dict:
    """Per-label precision, recall, F1 and support; macro and micro averages;
    the confusion table of label sets; the share of no-topic documents given a topic."""
    per = {}
    tp_all = fp_all = fn_all = 0
    for lab in labels:
        tp = sum(lab in t and lab in p for t, p in zip(y_true, y_pred))
        fp = sum(lab not in t and lab in p for t, p in zip(y_true, y_pred))
        fn = sum(lab in t and lab not in p for t, p in zip(y_true, y_pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": f1, "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    micro_p = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    micro_r = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    none_docs = [p for t, p in zip(y_true, y_pred) if not t]
    confusion = Counter((" + ".join(sorted(t)) or "(none)", " + ".join(sorted(p)) or "(none)") for t, p in zip(y_true, y_pred))
    return {
        "per_label": per,
        "macro_f1": float(np.mean([v["f1"] for v in per.values()])) if per else 0.0,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0,
        "exact_match": sum(set(t) == set(p) for t, p in zip(y_true, y_pred)) / max(1, len(y_true)),
        "no_topic_false_positive_rate": (sum(bool(p) for p in none_docs) / len(none_docs)) if none_docs else None,
        "n_documents": len(y_true),
        "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(confusion.items())],
    }


def format_metrics(m: dict) -> str:
    """A plain-text report of :func:`metrics` output."""
    lines = [f"{'label':<22}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for lab, v in m["per_label"].items():
        lines.append(f"{lab:<22}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['support']:>6}")
    lines.append(f"{'macro F1':<22}{m['macro_f1']:>21.3f}")
    lines.append(f"{'micro P/R/F1':<22}{m['micro_precision']:>7.3f}{m['micro_recall']:>7.3f}{m['micro_f1']:>7.3f}")
    if m["no_topic_false_positive_rate"] is not None:
        lines.append(f"no-topic documents given a topic: {m['no_topic_false_positive_rate']:.1%}")
    lines.append("confusion of label sets (gold -> predicted: count):")
    for row in m["confusion"]:
        mark = "" if row["gold"] == row["predicted"] else "  *"
        lines.append(f"  {row['gold']} -> {row['predicted']}: {row['count']}{mark}")
    return "\n".join(lines)


def data_hash(records: list[dict]) -> str:
    h = hashlib.sha256()
    for r in records:
        h.update(json.dumps([r["id"], r["text"], sorted(r["topics"]), r["split"]], ensure_ascii=False).encode())
    return h.hexdigest()


def train_topics(data: str | Path, out: str | Path, *, labels: list[str] | None = None, **params) -> TopicClassifier:
    """Train a :class:`TopicClassifier` on ``data`` and save it with its card in ``out``.

    Records with ``split: dev`` choose the thresholds (else out-of-fold
    predictions do); ``split: test`` records are only evaluated, never trained on.
    """
    records = read_labeled(data, labels=labels)
    train = [r for r in records if r["split"] == "train"]
    dev = [r for r in records if r["split"] == "dev"]
    test = [r for r in records if r["split"] == "test"]
    label_list = labels or sorted({t for r in records for t in r["topics"]})
    clf = TopicClassifier(labels=label_list, **params)
    if dev:
        clf.fit([r["text"] for r in train], [r["topics"] for r in train],
                X_dev=[r["text"] for r in dev], y_dev=[r["topics"] for r in dev])
    else:
        clf.fit([r["text"] for r in train], [r["topics"] for r in train])
    card = {
        "labels": label_list,
        "params": clf.get_params(),
        "thresholds": dict(zip(label_list, map(float, clf.thresholds_))),
        "training_data": {"file": Path(data).name, "sha256": data_hash(records),
                           "counts": {s: len(v) for s, v in (("train", train), ("dev", dev), ("test", test))},
                           "label_counts": dict(Counter(t for r in train for t in r["topics"]))},
        "metrics": {},
    }
    for name, part in (("dev", dev), ("test", test)):
        if part:
            card["metrics"][name] = metrics([r["topics"] for r in part], clf.predict_labels([r["text"] for r in part]), label_list)
    save_model(clf, out, KIND, card)
    return clf


def load_topic_model(directory: str | Path) -> TopicClassifier:
    clf, _card = load_model(directory, KIND)
    return clf


def evaluate_topics(model: str | Path | TopicClassifier, data: str | Path, split: str | None = None) -> dict:
    """Metrics of a topic model on a labelled file (optionally only its ``split`` records)."""
    clf = model if isinstance(model, TopicClassifier) else load_topic_model(model)
    records = read_labeled(data, min_examples=0)
    if split:
        records = [r for r in records if r["split"] == split]
    labels = [str(c) for c in clf.classes_]
    return metrics([r["topics"] for r in records], clf.predict_labels([r["text"] for r in records]), labels)
