"""Word lists the entity recognizer uses as features, loaded once from ``resources/gazetteers``.

They are features, not rules: the CRF learns how much to trust them, and finds
names and units that are in no list.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..normalize import normalize

_FILES = {
    "surname": "surnames.txt",
    "honorific": "honorifics.txt",
    "position": "positions.txt",
    "unit": "unit_heads.txt",
    "place_type": "place_types.txt",
    "province": "provinces.txt",
    "middle": "middle_names.txt",
}


def _read_lines(name: str) -> list[str]:
    text = resources.files("vntextkit").joinpath(f"resources/gazetteers/{name}").read_text(encoding="utf-8")
    return [line.split("\t")[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _key(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(phrase, legacy=None).lower().split())


class Gazetteer:
    """Multi-syllable phrase lists with longest-match tagging over syllables.

    Each list is matched on its own, left to right, longest entry first; an
    index by first syllable means a syllable that starts no entry costs one
    dictionary lookup.
    """

    def __init__(self, lists: dict[str, list[str]]):
        self.names = list(lists)
        self.entries: dict[str, set[tuple[str, ...]]] = {k: {_key(p) for p in v if p} for k, v in lists.items()}
        by_first: dict[str, dict[int, set[int]]] = {}
        for gi, name in enumerate(self.names):
            for e in self.entries[name]:
                by_first.setdefault(e[0], {}).setdefault(gi, set()).add(len(e))
        self.by_first = {first: [(gi, sorted(lengths, reverse=True)) for gi, lengths in sorted(d.items())]
                         for first, d in by_first.items()}
        self.tag_names = [f"{name}={bi}" for name in self.names for bi in "BI"]

    def matches(self, lowered: list[str]) -> list[tuple[int, int, int]]:
        """``(list index, start, end)`` of every match."""
        n = len(lowered)
        free = [0] * len(self.names)
        out = []
        by_first = self.by_first
        for i in [i for i, low in enumerate(lowered) if low in by_first]:
            for gi, lengths in by_first[lowered[i]]:
                if i < free[gi]:
                    continue
                entries = self.entries[self.names[gi]]
                for length in lengths:
                    if i + length <= n and (length == 1 or tuple(lowered[i : i + length]) in entries):
                        out.append((gi, i, i + length))
                        free[gi] = i + length
                        break
        return out

    def hits(self, lowered: list[str]) -> list[tuple[int, int]]:
        """``(syllable index, tag id)`` pairs, the sparse form of :meth:`tag_ids`."""
        out = []
        for gi, s, e in self.matches(lowered):
            out.append((s, 2 * gi))
            out.extend((k, 2 * gi + 1) for k in range(s + 1, e))
        return out

    def tag_ids(self, lowered: list[str]) -> list[list[int]]:
        """For each syllable, indices into :attr:`tag_names` ("unit=B" is ``2 * list + 0``)."""
        out: list[list[int]] = [[] for _ in lowered]
        for gi, s, e in self.matches(lowered):
            out[s].append(2 * gi)
            for k in range(s + 1, e):
                out[k].append(2 * gi + 1)
        return out

    def tag(self, lowered: list[str]) -> list[list[str]]:
        """For each syllable, features like ``"unit=B"``, ``"province=I"``."""
        names = self.tag_names
        return [[names[t] for t in sorted(ids)] for ids in self.tag_ids(lowered)]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer({name: _read_lines(fname) for name, fname in _FILES.items()})


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, str]:
    text = resources.files("vntextkit").joinpath("resources/gazetteers/abbreviations.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            abbr, expansion = line.split("\t")
            out[abbr.strip()] = expansion.strip()
    return out
