"""Who and what a whole corpus names: canonical people and units with mention
counts, the roles seen for each person, and which people and units appear
together."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import product
from typing import Iterable


@dataclass
class EntitySummary:
    """Result of :func:`summarize`. Lists are sorted by mentions, most first."""

    people: list[dict] = field(default_factory=list)
    units: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    cooccurrence: list[dict] = field(default_factory=list)

    def to_frames(self):
        """The same tables as pandas DataFrames (needs pandas)."""
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError("to_frames() needs pandas: pip install pandas") from exc
        return {name: pd.DataFrame(getattr(self, name)) for name in
                ("people", "units", "places", "documents", "cooccurrence")}


def _entities_of(doc) -> list[dict]:
    ents = doc["entities"] if isinstance(doc, dict) else doc.entities
    return [e if isinstance(e, dict) else e.to_dict() for e in ents]


def summarize(docs: Iterable, top: int | None = None, short_names: bool = False,
              qualify_units: bool = True) -> EntitySummary:
    """Summarize the entities of many analysed documents.

    Parameters
    ----------
    docs : iterable
        :class:`~vntextkit.Doc` objects or tagged records (dicts with
        ``entities``, as ``vntextkit tag`` writes them; a ``province`` field is used
        to qualify units).
    top : int, optional
        Keep only the ``top`` rows of each table.
    short_names : bool, default False
        Count persons known only by a one-syllable name ("Tư") that could not be
        linked to a full name in their document. Off by default: the same bare
        name in different articles is rarely the same person.
    qualify_units : bool, default True
        Add the record's province to units named without their place
        ("Huyện ủy" becomes "Huyện ủy (Cà Mau)"), so that the committees of
        different provinces are not counted as one.
    """
    mentions = {lab: Counter() for lab in ("PERSON", "ORG", "LOC", "DOCUMENT")}
    doc_counts = {lab: Counter() for lab in mentions}
    roles: dict[str, Counter] = defaultdict(Counter)
    together: Counter = Counter()
    from .canonical import lacks_place

    for doc in docs:
        seen = defaultdict(set)
        province = doc.get("province") if isinstance(doc, dict) else None
        for e in _entities_of(doc):
            label = e.get("label")
            if label not in mentions:
                continue
            name = e.get("canonical") or e.get("text")
            if label == "PERSON" and not short_names and len(name.split()) == 1:
                continue
            if label == "ORG" and qualify_units and province and lacks_place(name):
                name = f"{name} ({province})"
            mentions[label][name] += 1
            seen[label].add(name)
            if label == "PERSON" and e.get("role"):
                from .canonical import canonical_form

                roles[name][canonical_form(e["role"], "ORG")] += 1
        for label, names in seen.items():
            doc_counts[label].update(names)
        together.update(product(sorted(seen["PERSON"]), sorted(seen["ORG"])))

    def table(label, key):
        rows = [{key: name, "mentions": n, "documents": doc_counts[label][name]}
                for name, n in mentions[label].most_common(top)]
        if label == "PERSON":
            for row in rows:
                row["roles"] = dict(roles[row[key]].most_common())
        return rows

    return EntitySummary(
        people=table("PERSON", "person"),
        units=table("ORG", "unit"),
        places=table("LOC", "place"),
        documents=table("DOCUMENT", "document"),
        cooccurrence=[{"person": p, "unit": u, "documents": n} for (p, u), n in together.most_common(top)],
    )
