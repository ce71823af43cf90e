"""The worker side of batch tagging: one function that turns a chunk of texts
into tagged records, the same in a local process pool and on a Dask cluster.

Models load once per worker process (``vntextkit.load`` is cached), and
documents travel in chunks so that process overhead is paid per chunk.
underthesea's CRF holds the global interpreter lock, so parallelism is by
processes, not threads.
"""
from __future__ import annotations

import json
import os
from collections import deque
from itertools import count, islice
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable, Iterator

_OPTIONS = {"topics": True, "entities": True}
_CUSTOM: dict = {}


def _init_worker(topics: bool, entities: bool, pipeline=None) -> None:
    _OPTIONS.update(topics=topics, entities=entities)
    if pipeline is not None:
        _CUSTOM["pipeline"] = pipeline  # a Pipeline with the caller's own models
    # BLAS threads would fight the worker processes for the same cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # models and the segmenter load lazily: load them all now, once
    _pipeline().analyze_batch(["Chi bộ họp."])


def _pool(n_jobs: int, topics: bool, entities: bool, pipeline=None) -> ProcessPoolExecutor:
    """A worker pool whose processes each load the models once, side by side
    (loading them in the parent first and forking was measured: no faster in
    wall time, and the parent's copy raised peak memory by about 100 MB)."""
    return ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=(topics, entities, pipeline))


def _pipeline():
    if "pipeline" in _CUSTOM:
        return _CUSTOM["pipeline"]
    from ..pipeline import load

    return load(topics=_OPTIONS["topics"], entities=_OPTIONS["entities"])


def doc_record(doc) -> dict:
    """The tagged fields of a Doc, as plain JSON."""
    return {
        "topics": doc.topics,
        "topic_scores": doc.topic_scores,
        "entities": [
            {k: v for k, v in (("text", e.text), ("label", e.label), ("start", e.start), ("end", e.end),
                               ("role", e.role), ("canonical", e.canonical)) if v is not None}
            for e in doc.entities
        ],
    }


def tag_chunk(items: list[tuple[int, str]], topics: bool = True, entities: bool = True) -> list[tuple[int, dict | None, str | None]]:
    """Tag ``(index, text)`` pairs; return ``(index, tagged fields, None)`` or
    ``(index, None, reason)`` for each, in the same order."""
    _OPTIONS.update(topics=topics, entities=entities)
    nlp = _pipeline()
    try:
        docs = nlp.analyze_batch([text for _, text in items])
        return [(idx, doc_record(doc), None) for (idx, _), doc in zip(items, docs)]
    except Exception:  # find the document that failed; the others are still tagged
        pass
    out = []
    for idx, text in items:
        try:
            out.append((idx, doc_record(nlp(text)), None))
        except Exception as exc:  # one bad document must not stop the feed
            out.append((idx, None, f"analysis failed: {type(exc).__name__}: {exc}"))
    return out


def tag_lines(items: list[tuple[int, str, str, dict]], topics: bool = True, entities: bool = True,
              fields: list[str] | None = None) -> list[tuple[int, str | None, str | None]]:
    """Tag ``(index, id, text, passthrough fields)`` records into finished JSON
    lines: ``(index, line, None)`` or ``(index, None, reason)``. The JSON is
    written here, in the worker, so the parent process only copies bytes."""
    tagged = tag_chunk([(i, text) for i, _id, text, _f in items], topics, entities)
    out = []
    for (i, doc_id, _text, passthrough), (_, rec, err) in zip(items, tagged):
        if err:
            out.append((i, None, err))
            continue
        obj = {"id": doc_id, **passthrough, **rec}
        if fields:
            obj = {k: v for k, v in obj.items() if k in fields}
        out.append((i, json.dumps(obj, ensure_ascii=False), None))
    return out


def run_local(chunks: Iterable, n_jobs: int, topics: bool = True, entities: bool = True,
              fields: list[str] | None = None) -> Iterator:
    """Apply :func:`tag_lines` to each chunk in ``n_jobs`` processes, yielding
    results in input order with at most ``2 * n_jobs`` chunks in flight
    (bounded memory for any input size). ``chunks`` yields ``(key, items)``."""
    if n_jobs <= 1:
        for key, items in chunks:
            yield key, tag_lines(items, topics, entities, fields)
        return
    with _pool(n_jobs, topics, entities) as pool:
        yield from in_order(chunks, lambda items: pool.submit(tag_lines, items, topics, entities, fields),
                            2 * n_jobs)


def chunked(items: Iterable, size: int) -> Iterator[tuple[int, list]]:
    """``(chunk number, list of up to size items)``, read lazily from ``items``."""
    it = iter(items)
    for k in count():
        block = list(islice(it, size))
        if not block:
            return
        yield k, block


def in_order(jobs: Iterable, submit, window: int) -> Iterator:
    """Submit ``(key, payload)`` jobs with ``submit(payload) -> future`` and yield
    ``(key, result)`` in submission order, with at most ``window`` jobs in
    flight: memory stays bounded whatever the number of jobs."""
    pending: deque = deque()
    for key, payload in jobs:
        pending.append((key, submit(payload)))
        if len(pending) >= window:
            k, fut = pending.popleft()
            yield k, fut.result()
    while pending:
        k, fut = pending.popleft()
        yield k, fut.result()


def analyze_chunk(texts: list[str], topics: bool = True, entities: bool = True) -> list:
    """Whole Docs for a chunk of texts (the topic model reference is dropped
    before the Docs travel back; the caller re-attaches its own)."""
    _OPTIONS.update(topics=topics, entities=entities)
    docs = _pipeline().analyze_batch(texts)
    for d in docs:
        d._topic_model = None
    return docs


def parallel_docs(texts: Iterable[str], batch_size: int, n_process: int, pipeline) -> Iterator:
    """Docs in input order, analysed by ``n_process`` worker processes that each
    get a copy of ``pipeline`` (so custom models are used too)."""
    topics, entities = pipeline.topic_model is not None, pipeline.entity_model is not None
    with _pool(n_process, topics, entities, pipeline) as pool:
        for _, docs in in_order(chunked(texts, batch_size), lambda b: pool.submit(analyze_chunk, b, topics, entities), 2 * n_process):
            for d in docs:
                d._topic_model = pipeline.topic_model
                yield d
