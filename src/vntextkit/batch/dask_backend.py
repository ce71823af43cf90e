"""Running the batch worker on a Dask cluster (``pip install 'vntextkit[dask]'``).

``run_on_cluster`` is what ``vntextkit tag --scheduler ADDRESS`` uses: the same
:func:`~vntextkit.batch.workers.tag_lines` as the local pool, submitted to a
running ``dask.distributed`` scheduler with a bounded number of chunks in
flight. ``tag_bag`` and ``tag_dataframe`` tag collections of pipelines that
already use Dask.
"""
from __future__ import annotations

import json

from .workers import in_order, tag_chunk, tag_lines


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError as exc:
        raise ImportError("running on a Dask cluster needs dask.distributed: pip install 'vntextkit[dask]'") from exc
    if hasattr(scheduler, "submit"):
        return scheduler, False
    return Client(scheduler), True


def run_on_cluster(chunks, scheduler, topics: bool = True, entities: bool = True, fields=None,
                   in_flight: int | None = None):
    """Yield ``(key, tag_lines results)`` in input order, computed on the cluster."""
    client, own = _client(scheduler)
    try:
        n = in_flight or max(2, 2 * sum(client.nthreads().values()))
        yield from in_order(chunks, lambda items: client.submit(tag_lines, items, topics, entities, fields,
                                                                pure=False), n)
    finally:
        if own:
            client.close()


def _tag_records(records, text_field: str, topics: bool, entities: bool) -> list[dict]:
    items = [(i, r.get(text_field) if isinstance(r.get(text_field), str) else "") for i, r in enumerate(records)]
    out = []
    for (i, rec, err), original in zip(tag_chunk(items, topics, entities), records):
        row = dict(original)
        if err or not items[i][1].strip():
            row["error"] = err or "empty or missing text"
        else:
            row.update(rec)
        out.append(row)
    return out


def tag_bag(bag, text_field: str = "text", topics: bool = True, entities: bool = True):
    """A dask bag of dict records, each with ``topics``, ``topic_scores`` and
    ``entities`` added (or ``error`` when it could not be tagged)."""
    return bag.map_partitions(_tag_records, text_field, topics, entities)


def _tag_frame(df, text_column: str, topics: bool, entities: bool):
    import pandas as pd

    rows = _tag_records(df[[text_column]].to_dict("records"), text_column, topics, entities)
    out = df.copy()
    out["topics"] = [r.get("topics", []) for r in rows]
    out["topic_scores"] = [json.dumps(r.get("topic_scores", {}), ensure_ascii=False) for r in rows]
    out["entities"] = [json.dumps(r.get("entities", []), ensure_ascii=False) for r in rows]
    out["error"] = pd.Series([r.get("error") for r in rows], index=df.index, dtype="object")
    return out


def tag_dataframe(df, text_column: str = "text", topics: bool = True, entities: bool = True):
    """A dask DataFrame with columns ``topics`` (list), ``topic_scores`` and
    ``entities`` (JSON strings) and ``error`` added."""
    import pandas as pd

    meta = df._meta.assign(topics=pd.Series(dtype="object"), topic_scores=pd.Series(dtype="object"),
                           entities=pd.Series(dtype="object"), error=pd.Series(dtype="object"))
    return df.map_partitions(_tag_frame, text_column, topics, entities, meta=meta)
