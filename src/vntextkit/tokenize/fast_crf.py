"""Linear-chain CRF tagging with underthesea's feature templates, without building feature strings.

underthesea tags a sentence in two steps: ``underthesea_core.CRFFeaturizer``
turns every token into ~43 strings such as ``"T[-1,0].lower=huyện ủy"``, and
``underthesea_core.CRFTagger`` looks each string up in the CRFsuite model and
runs Viterbi. Most of the time goes into making and passing those strings.

:class:`FastCRFTagger` gives the same labels faster:

* the CRFsuite model file (``lCRF``) is read here, once, with :func:`read_crfsuite_model`;
* a template's value depends only on the tokens in its window (one token for
  ``T[-2]``, a pair for ``T[-1,0]``, a triple for ``T[-2,0]``), so each window
  seen is looked up in the model once and its attribute rows are cached;
* a position's label scores are summed in template order, one weight per
  template, exactly as ``CRFTagger`` adds them, so even the last bit of every
  score is the same and Viterbi ties break the same way (towards the lower label id).

:class:`ReferenceCRFTagger` is the featurizer-plus-tagger pipeline itself, with
the same interface; the tests compare the two.

Case semantics follow Rust's ``str::to_lowercase`` and ``char::to_uppercase``.
They equal Python's ``str.lower``/``str.upper`` except for characters whose case
mappings were added in Unicode versions newer than Python's own, so Python
computes them only for tokens made of the characters Vietnamese text uses
(``_PLAIN``); any other token is asked of the Rust featurizer once and cached.
"""
from __future__ import annotations

import re
import struct
import threading
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import numpy as np

from ..errors import ModelError

# Rust's regex for a template: T[offset1(,offset2)?]([column])?(.function)?
_TEMPLATE = re.compile(r"T\[(?P<index1>-?\d+)(,(?P<index2>-?\d+))?](\[(?P<column>.*)])?(\.(?P<function>.*))?")
_IDENTITY, _LOWER, _ISTITLE, _ISDIGIT, _IN_DICT = range(5)
_FUNCTIONS = {"lower": _LOWER, "istitle": _ISTITLE, "isdigit": _ISDIGIT, "is_in_dict": _IN_DICT}

# Characters for which Python's case mappings equal Rust's (checked for every
# one of them by tests/test_fast_crf.py): ASCII, Latin-1, Latin Extended-A,
# Ơ ơ Ư ư, combining marks, Latin Extended Additional, general punctuation, currency signs.
_PLAIN = re.compile("[\x00-\u017f\u01a0\u01a1\u01af\u01b0\u0300-\u036f\u1e00-\u1eff\u2000-\u206f\u20a0-\u20cf]*")
# what Rust's ``str::parse::<i32>`` accepts, before the range check
_I32 = re.compile(r"[+-]?[0-9]+")

_MAX_CACHED_WINDOWS = 200_000
_MAX_CACHED_TOKENS = 100_000
# sequences up to this length index the row table through a precomputed matrix
_PRECOMPUTED_POSITIONS = 512


@dataclass(frozen=True)
class CRFSuiteModel:
    """The parts of a CRFsuite model file that tagging needs.

    ``state_weights[a, y]`` is the weight of attribute ``attributes[a]`` for
    label ``labels[y]``; ``transitions[y1, y2]`` the weight of ``y1`` followed by ``y2``.
    """

    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    state_weights: np.ndarray
    transitions: np.ndarray


def _read_cqdb_strings(buf: bytes, offset: int, count: int, path: Path) -> list[str]:
    """The strings of a CQDB block in id order, read through its backward links."""
    magic, _size, _flag, _byteorder, bwd_size, bwd_offset = struct.unpack_from("<4s5I", buf, offset)
    if magic != b"CQDB":
        raise ModelError(f"{path}: no string table (CQDB) at byte {offset}; the CRF model file is corrupt")
    strings: dict[str, None] = {}
    for entry in struct.unpack_from(f"<{min(count, bwd_size)}I", buf, offset + bwd_offset):
        if entry == 0:
            continue  # an empty slot: underthesea_core skips it too, so later ids shift
        (ksize,) = struct.unpack_from("<I", buf, offset + entry + 4)
        key = buf[offset + entry + 8 : offset + entry + 8 + ksize].split(b"\0", 1)[0]
        strings.setdefault(key.decode("utf-8", errors="replace"))
    return list(strings)


def read_crfsuite_model(path: str | Path) -> CRFSuiteModel:
    """Read a CRFsuite 1st-order model file (magic ``lCRF``) the way underthesea_core does.

    The layout (CRFsuite's ``crf1d_model.c``): a 48-byte header with counts and
    offsets, a ``FEAT`` chunk of (type, source, target, float64 weight) records,
    then the label and attribute string tables. State weights of magnitude at
    most 1e-10 are dropped, as underthesea_core drops them.
    """
    path = Path(path)
    buf = path.read_bytes()
    if len(buf) < 48 or buf[:4] != b"lCRF":
        raise ModelError(f"{path} is not a CRFsuite model file (expected magic 'lCRF'); reinstall underthesea")
    try:
        (_, _, _, _, n_features, n_labels, n_attrs, off_features, off_labels, off_attrs, _, _) = struct.unpack_from(
            "<4sI4s9I", buf, 0)
        labels = _read_cqdb_strings(buf, off_labels, n_labels, path)
        attributes = _read_cqdb_strings(buf, off_attrs, n_attrs, path)
        magic, _, n_chunk = struct.unpack_from("<4sII", buf, off_features)
        if magic != b"FEAT":
            raise ModelError(f"{path}: no FEAT chunk at byte {off_features}; the CRF model file is corrupt")
        record = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
        # the chunk's count wins over the header's (which CRFsuite leaves at 0)
        features = np.frombuffer(buf, dtype=record, count=n_chunk or n_features, offset=off_features + 12)
    except (struct.error, ValueError) as e:
        raise ModelError(f"{path}: truncated or corrupt CRFsuite model ({e}); reinstall underthesea") from e
    n_l, n_a = len(labels), len(attributes)

    state = features[(features["type"] == 0) & (features["src"] < n_a) & (features["dst"] < n_l)]
    state = state[np.abs(state["weight"]) > 1e-10]
    state_weights = np.zeros((n_a, n_l))
    state_weights[state["src"], state["dst"]] = state["weight"]
    trans = features[(features["type"] == 1) & (features["src"].astype(np.int64) * n_l + features["dst"] < n_l * n_l)]
    transitions = np.zeros((n_l, n_l))
    transitions[trans["src"], trans["dst"]] = trans["weight"]
    return CRFSuiteModel(tuple(labels), tuple(attributes), state_weights, transitions)


class _Template(NamedTuple):
    syntax: str
    start: int  # offset of the window's first token
    width: int  # tokens in the window
    function: int


def _parse_template(syntax: str) -> _Template:
    index1, index2, function = 0, None, None
    for m in _TEMPLATE.finditer(syntax):  # as in underthesea_core: later matches override
        index1 = int(m["index1"])
        index2 = int(m["index2"]) if m["index2"] is not None else index2
        function = m["function"] if m["function"] is not None else function
    if index2 is not None and index2 < index1:
        raise ModelError(f"CRF feature template {syntax!r} has a decreasing window; "
                         "only T[a,b] with a <= b is supported")
    width = 1 if index2 is None else index2 - index1 + 1
    # an unknown function leaves the text as it is, as in underthesea_core
    return _Template(syntax, index1, width, _FUNCTIONS.get(function, _IDENTITY))


def _parses_as_i32(token: str) -> bool:
    if _I32.fullmatch(token) is None:
        return False
    digits = token.lstrip("+-").lstrip("0")
    if len(digits) > 10:  # also keeps int() away from its limit on very long digit strings
        return False
    value = int(digits or "0")
    return value < 2**31 or (token[0] == "-" and value == 2**31)


def _python_token_case(token: str) -> tuple[str, bool, bool]:
    """``(lower, istitle, isdigit)`` of a token by underthesea_core's rules, computed in Python."""
    istitle = all(part[:1] == part[:1].upper() for part in token.split(" "))
    return token.lower(), istitle, _parses_as_i32(token)


class _WindowGroup:
    """The templates whose window has one width, and the model rows of every window seen.

    An entry of the row table holds, for one window, the model row of each of
    the group's templates, identity templates first, then ``lower``, then the
    three boolean functions; ``columns`` lists the templates in that order.
    """

    def __init__(self, width: int, members: list[int], templates: list[_Template], rows: list[dict[str, int]]) -> None:
        self.width = width
        by_function = [[j for j in members if templates[j].function == f] for f in range(5)]
        self.columns = [j for js in by_function for j in js]
        self.identity = self._rows_by_value(by_function[_IDENTITY], rows)
        self.lower = self._rows_by_value(by_function[_LOWER], rows)
        self.no_identity = (0,) * len(by_function[_IDENTITY])
        self.no_lower = (0,) * len(by_function[_LOWER])
        self.flags = [{b: tuple(rows[j].get(str(b), 0) for j in by_function[f]) for b in (False, True)}
                      for f in (_ISTITLE, _ISDIGIT, _IN_DICT)]
        self.bos = tuple(rows[j].get("BOS", 0) for j in self.columns)
        self.eos = tuple(rows[j].get("EOS", 0) for j in self.columns)
        self.cache: dict = {}
        self.bos_entry = self.eos_entry = 0

    @staticmethod
    def _rows_by_value(members: list[int], rows: list[dict[str, int]]) -> dict[str, tuple[int, ...]]:
        values = {v for j in members for v in rows[j]}
        return {v: tuple(rows[j].get(v, 0) for j in members) for v in values}


class FastCRFTagger:
    """Tag token sequences like ``CRFFeaturizer(templates, dictionary)`` + ``CRFTagger``, faster.

    Parameters
    ----------
    model : CRFSuiteModel
        From :func:`read_crfsuite_model`.
    templates : list of str
        underthesea feature templates (``"T[-1,0].lower"``, ``"T[0].istitle"``...).
    dictionary : set of str
        Lower-cased words for the ``is_in_dict`` templates.

    Examples
    --------
    A one-feature model: a pair of syllables found in the dictionary makes a word.

    >>> import numpy as np
    >>> model = CRFSuiteModel(("B-W", "I-W"), ("T[-1,0].is_in_dict=True",), np.array([[0.0, 2.0]]), np.zeros((2, 2)))
    >>> tagger = FastCRFTagger(model, ["T[-1,0].is_in_dict"], {"huyện ủy"})
    >>> tagger.tag(["Huyện", "ủy", "họp"])
    ['B-W', 'I-W', 'B-W']
    """

    def __init__(self, model: CRFSuiteModel, templates: Sequence[str], dictionary: Iterable[str]) -> None:
        if not (np.isfinite(model.state_weights).all() and np.isfinite(model.transitions).all()):
            raise ModelError("the CRF model has infinite or NaN weights; it cannot be used for tagging")
        self.labels = model.labels
        self._transitions = model.transitions.tolist()
        parsed = [_parse_template(t) for t in templates]
        # row 0 of the weight table is the all-zero row of attributes the model does not know
        self._weights = np.vstack([np.zeros((1, len(model.labels))), model.state_weights])
        # for each template, its values the model knows and their rows
        by_syntax: dict[str, dict[str, int]] = {t.syntax: {} for t in parsed}
        for row, attribute in enumerate(model.attributes, start=1):
            syntax, sep, value = attribute.partition("=")
            if sep and syntax in by_syntax:
                by_syntax[syntax].setdefault(value, row)
        rows = [by_syntax[t.syntax] for t in parsed]
        self._pad_left = max([0] + [-t.start for t in parsed])
        self._pad_right = max([0] + [t.start + t.width - 1 for t in parsed])
        self._groups = [_WindowGroup(w, [j for j, t in enumerate(parsed) if t.width == w], parsed, rows)
                        for w in sorted({t.width for t in parsed})]
        # template j reads column column[j] of the entry of group group[j] at padded position t + pad_left + start[j]
        where = {j: (g, c) for g, group in enumerate(self._groups) for c, j in enumerate(group.columns)}
        self._group_index = np.array([[where[j][0]] for j in range(len(parsed))], dtype=np.intp)
        self._column = np.array([[where[j][1]] for j in range(len(parsed))], dtype=np.intp)
        self._shift = np.array([[self._pad_left + t.start] for t in parsed], dtype=np.intp)
        self._positions = np.arange(_PRECOMPUTED_POSITIONS) + self._shift
        self._token_case: dict[str, tuple[str, bool, bool]] = {}
        self._rust_case = None
        self._lock = threading.Lock()
        self.set_dictionary(dictionary)

    def set_dictionary(self, dictionary: Iterable[str]) -> None:
        """Use another dictionary for ``is_in_dict`` (this forgets the cached windows)."""
        with self._lock:
            self._dictionary = dictionary if isinstance(dictionary, (set, frozenset)) else set(dictionary)
            self._reset_windows()

    def _reset_windows(self) -> None:
        self._table = array("i")
        self._offsets: dict[tuple[int, ...], int] = {}
        self._n_windows = 0
        for group in self._groups:
            group.cache = {}
            group.bos_entry = self._entry(group.bos)
            group.eos_entry = self._entry(group.eos)

    def _entry(self, rows: tuple[int, ...]) -> int:
        """Offset in the row table of an entry holding ``rows``; windows with the same rows share it."""
        offset = self._offsets.get(rows)
        if offset is None:
            offset = self._offsets[rows] = len(self._table)
            self._table.extend(rows)
        return offset

    def _case(self, token: str) -> tuple[str, bool, bool]:
        case = self._token_case.get(token)
        if case is None:
            if len(self._token_case) >= _MAX_CACHED_TOKENS:
                self._token_case.clear()
            # underthesea_core panics on a token with an empty part ("", "a  b"): no behaviour to copy there
            plain = _PLAIN.fullmatch(token) is not None or "" in token.split(" ")
            case = _python_token_case(token) if plain else self._case_from_rust(token)
            self._token_case[token] = case
        return case

    def _case_from_rust(self, token: str) -> tuple[str, bool, bool]:
        if self._rust_case is None:
            from underthesea_core import CRFFeaturizer

            self._rust_case = CRFFeaturizer(["T[0].lower", "T[0].istitle", "T[0].isdigit"], set())
        try:
            lower, istitle, isdigit = (f.split("=", 1)[1] for f in self._rust_case.process([[[token]]])[0][0])
        except Exception:  # a str Rust cannot take (lone surrogates): the reference would fail too
            return _python_token_case(token)
        return lower, istitle == "True", isdigit == "True"

    def _window_entry(self, group: _WindowGroup, key, cases: list[tuple[str, bool, bool]]) -> int:
        if group.width == 1:
            raw = key
            lower, istitle, isdigit = cases[0]
        else:
            raw = " ".join(key)
            lower = " ".join([c[0] for c in cases])
            istitle = all([c[1] for c in cases])
            isdigit = False  # "12 3" never parses as an integer
        title_rows, digit_rows, dict_rows = group.flags
        entry = self._entry(group.identity.get(raw, group.no_identity) + group.lower.get(lower, group.no_lower)
                            + title_rows[istitle] + digit_rows[isdigit] + dict_rows[lower in self._dictionary])
        group.cache[key] = entry
        self._n_windows += 1
        return entry

    def _entries(self, tokens: list[str]) -> list[list[int]]:
        """For every group, the entries of the windows starting at each padded position."""
        span = len(tokens) + self._pad_left + self._pad_right
        out = []
        cases = None
        for group in self._groups:
            w = group.width
            keys = tokens if w == 1 else list(zip(*(tokens[k:] for k in range(w))))
            found = list(map(group.cache.get, keys))
            if None in found:
                cases = cases or [self._case(t) for t in tokens]
                found = [self._window_entry(group, keys[r], cases[r : r + w]) if e is None else e
                         for r, e in enumerate(found)]
            n_eos = span - self._pad_left - len(found)
            out.append([group.bos_entry] * self._pad_left + found + [group.eos_entry] * n_eos)
        return out

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """State scores, shape ``(len(tokens), n_labels)``, summed as underthesea_core sums them."""
        tokens = list(tokens)
        n = len(tokens)
        if n == 0:
            return np.zeros((0, len(self.labels)))
        span = n + self._pad_left + self._pad_right
        positions = self._positions[:, :n] if n <= _PRECOMPUTED_POSITIONS else np.arange(n) + self._shift
        with self._lock:
            if self._n_windows > _MAX_CACHED_WINDOWS:
                self._reset_windows()
            entries = np.array(self._entries(tokens), dtype=np.intp).ravel()
            table = np.frombuffer(self._table, dtype=np.intc)
            # rows[j, t]: the model row of template j at position t
            rows = table.take(entries.take(self._group_index * span + positions) + self._column)
            del table  # while exported, the buffer could not grow
        weights = self._weights.take(rows, axis=0)  # (templates, n, labels)
        # Reducing over the first (slow) axis adds one template after another,
        # left to right, as the Rust tagger does, so the sums are bit-identical.
        return np.add.reduce(weights.reshape(len(rows), -1), axis=0).reshape(n, -1)

    def tag_ids(self, tokens: Sequence[str]) -> list[int]:
        """The best label sequence, as label ids (Viterbi; CRFsuite has no start or end transitions)."""
        if len(tokens) == 0:
            return []
        emissions = self.scores(tokens).tolist()
        if len(self.labels) == 2:
            return _viterbi_two_labels(emissions, self._transitions)
        return _viterbi(emissions, self._transitions)

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """The best label sequence for ``tokens``."""
        return [self.labels[y] for y in self.tag_ids(tokens)]


# Both Viterbi functions keep underthesea_core's tie-breaking: on equal scores
# the lower label id wins, for the previous label and for the last one.

def _viterbi(emissions: list[list[float]], trans: list[list[float]]) -> list[int]:
    labels = range(len(trans))
    score = emissions[0]
    back = []
    for emission in emissions[1:]:
        new, pointers = [], []
        for y in labels:
            best, arg = float("-inf"), 0
            for prev in labels:
                s = score[prev] + trans[prev][y]
                if s > best:
                    best, arg = s, prev
            new.append(best + emission[y])
            pointers.append(arg)
        score = new
        back.append(pointers)
    best, y = float("-inf"), 0
    for label in labels:
        if score[label] > best:
            best, y = score[label], label
    return _backtrack(y, back)


def _viterbi_two_labels(emissions: list[list[float]], trans: list[list[float]]) -> list[int]:
    (t00, t01), (t10, t11) = trans
    s0, s1 = emissions[0]
    back = []
    for e0, e1 in emissions[1:]:
        a, b, c, d = s0 + t00, s1 + t10, s0 + t01, s1 + t11
        p0, p1 = int(b > a), int(d > c)
        s0 = (b if p0 else a) + e0
        s1 = (d if p1 else c) + e1
        back.append((p0, p1))
    return _backtrack(int(s1 > s0), back)


def _backtrack(last: int, back: list) -> list[int]:
    path = [last]
    for pointers in reversed(back):
        last = pointers[last]
        path.append(last)
    return path[::-1]


class ReferenceCRFTagger:
    """underthesea_core's ``CRFFeaturizer`` + ``CRFTagger``, with :class:`FastCRFTagger`'s interface."""

    def __init__(self, model_path: str | Path, templates: Sequence[str], dictionary: Iterable[str]) -> None:
        from underthesea_core import CRFTagger

        self._templates = list(templates)
        self._tagger = CRFTagger()
        self._tagger.load(str(model_path))
        self.labels = tuple(self._tagger.labels())
        self.set_dictionary(dictionary)

    def set_dictionary(self, dictionary: Iterable[str]) -> None:
        from underthesea_core import CRFFeaturizer

        self._featurizer = CRFFeaturizer(self._templates, set(dictionary))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        if not tokens:
            return []
        return self._tagger.tag(self._featurizer.process([[[t] for t in tokens]])[0])
