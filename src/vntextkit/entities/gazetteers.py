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
    """Multi-syllable phrase lists with longest-match tagging over syllables."""

    def __init__(self, lists: dict[str, list[str]]):
        self.entries: dict[str, set[tuple[str, ...]]] = {k: {_key(p) for p in v if p} for k, v in lists.items()}
        self.max_len = {k: max((len(e) for e in v), default=1) for k, v in self.entries.items()}
        self.single: dict[str, set[str]] = {k: {e[0] for e in v if len(e) == 1} for k, v in self.entries.items()}

    def tag(self, lowered: list[str]) -> list[list[str]]:
        """For each syllable, features like ``"unit=B"``, ``"province=I"``."""
        n = len(lowered)
        out: list[list[str]] = [[] for _ in range(n)]
        for name, entries in self.entries.items():
            longest = self.max_len[name]
            i = 0
            while i < n:
                for j in range(min(n, i + longest), i, -1):
                    if tuple(lowered[i:j]) in entries:
                        out[i].append(f"{name}=B")
                        for k in range(i + 1, j):
                            out[k].append(f"{name}=I")
                        i = j
                        break
                else:
                    i += 1
        return out


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
