"""Training, saving and evaluating the entity recognizer on the annotated corpus."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from ..model_store import load_default, load_model, save_model
from .recognizer import LABELS, EntityRecognizer

KIND = "entities"
DEFAULT_MODEL = "entities"


def span_metrics(gold_docs: list[list[dict]], pred_docs: list[list[dict]], seen: set[tuple[str, str]] | None = None) -> dict:
    """Exact-span precision, recall and F1 per label (and micro over labels);
    role accuracy over gold persons that have a role and were found; with
    ``seen`` (``(label, text)`` pairs of the training data), recall on gold
    entities whose text never occurs in training."""
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    role_total = role_right = 0
    unseen_total = unseen_found = 0
    for gold, pred in zip(gold_docs, pred_docs):
        g = {(e["start"], e["end"], e["label"]): e for e in gold}
        p = {(e["start"], e["end"], e["label"]): e for e in pred}
        for key in g:
            n_gold[key[2]] += 1
            if key in p:
                tp[key[2]] += 1
            if seen is not None and (key[2], g[key]["text"]) not in seen:
                unseen_total += 1
                unseen_found += key in p
        for key in p:
            n_pred[key[2]] += 1
        for key, e in g.items():
            if e["label"] == "PERSON" and e.get("role"):
                role_total += 1
                got = p.get(key, {}).get("role")
                role_right += got is not None and " ".join(got.split()) == " ".join(e["role"].split())
    per = {}
    for lab in LABELS:
        prec = tp[lab] / n_pred[lab] if n_pred[lab] else 0.0
        rec = tp[lab] / n_gold[lab] if n_gold[lab] else 0.0
        per[lab] = {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
                    "support": n_gold[lab]}
    T, P, G = sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())
    mp, mr = (T / P if P else 0.0), (T / G if G else 0.0)
    out = {"per_label": per, "micro_f1": 2 * mp * mr / (mp + mr) if mp + mr else 0.0,
           "role_accuracy": role_right / role_total if role_total else None, "persons_with_role": role_total}
    if seen is not None:
        out["unseen_recall"] = unseen_found / unseen_total if unseen_total else None
        out["unseen_entities"] = unseen_total
    return out


def format_span_metrics(m: dict) -> str:
    lines = [f"{'label':<10}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"]
    for lab, v in m["per_label"].items():
        lines.append(f"{lab:<10}{v['precision']:>7.3f}{v['recall']:>7.3f}{v['f1']:>7.3f}{v['support']:>6}")
    lines.append(f"micro F1 {m['micro_f1']:.3f}")
    if m.get("role_accuracy") is not None:
        lines.append(f"roles right for {m['role_accuracy']:.1%} of {m['persons_with_role']} persons with a gold role")
    if m.get("unseen_recall") is not None:
        lines.append(f"recall on {m['unseen_entities']} entities whose text is not in training: {m['unseen_recall']:.3f}")
    return "\n".join(lines)


def evaluate_recognizer(rec: EntityRecognizer, docs: list[dict], train_docs: list[dict] | None = None) -> dict:
    preds = [[e.to_dict() for e in rec.recognize(d["text"])] for d in docs]
    seen = {(e["label"], e["text"]) for d in train_docs for e in d["entities"]} if train_docs else None
    return span_metrics([d["entities"] for d in docs], preds, seen)


def train_entities(train_docs: list[dict], out: str | Path, dev_docs: list[dict] | None = None,
                   test_docs: list[dict] | None = None, **params) -> EntityRecognizer:
    """Train an :class:`EntityRecognizer` and save it with a model card in ``out``."""
    rec = EntityRecognizer(**params).fit(train_docs)
    h = hashlib.sha256()
    for d in train_docs:
        h.update(json.dumps([d["id"], d["text"], d["entities"]], ensure_ascii=False, sort_keys=True).encode())
    card = {
        "labels": list(LABELS) + ["ROLE"],
        "params": {"l2": rec.l2, "max_iterations": rec.max_iterations},
        "training_data": {"documents": len(train_docs), "sha256": h.hexdigest(),
                           "entities": dict(Counter(e["label"] for d in train_docs for e in d["entities"]))},
        "metrics": {},
    }
    for name, docs in (("dev", dev_docs), ("test", test_docs)):
        if docs:
            card["metrics"][name] = evaluate_recognizer(rec, docs, train_docs)
    save_model(rec, out, KIND, card)
    return rec


def load_recognizer(path: str | Path | None = None) -> EntityRecognizer:
    """The shipped recognizer (``models/entities``), or one saved at ``path``."""
    if path is None:
        return load_default(DEFAULT_MODEL, KIND)[0]
    return load_model(path, KIND)[0]
