"""The map from normalized text back to the original (vntextkit.normalize.alignment)."""
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vntextkit.errors import InputValueError
from vntextkit.normalize import normalize, normalize_with_alignment
from vntextkit.normalize.alignment import Alignment, apply_edits

SYLLABLES = ["Đảng", "bộ", "tỉnh", "Hòa", "Hoà", "Bình", "huyện", "uỷ", "ủy", "THỦY", "khoẻ", "người", "quý", "giữa",
             "hòang", "Việt", "Nam", "nghị", "quyết", "35-NQ/TW", "UBND", "café", "Zoë", "the", "2024", "hoan\u0300",
             "Ðà", "ðường", "A", "…", "“", "”", "–", ",", ".", "(", ")", "Thuỷ", "Hóa", "hoá", "vìêt", "bíết"]
SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "\n\n", "\n\n\n\n", " \n ", "\r\n", "\xa0", "\u2003", " \u200b ", "\u3000"]
INSIDE = ["", "", "", "", "\u200b", "\ufeff", "\x00", "\u00ad"]


@st.composite
def news_like(draw):
    """Text made of real syllables (in NFC, NFD, new style, misplaced), odd spaces and invisible characters."""
    words = draw(st.lists(st.sampled_from(SYLLABLES), min_size=0, max_size=12))
    parts = [draw(st.sampled_from(["", " ", "\n", "\u200b"]))]
    for word in words:
        form = draw(st.sampled_from(["nfc", "nfc", "nfd", "upper"]))
        if form == "nfd":
            word = unicodedata.normalize("NFD", word)
        elif form == "upper":
            word = word.upper()
        cut = draw(st.integers(0, len(word)))
        parts.append(word[:cut] + draw(st.sampled_from(INSIDE)) + word[cut:])
        parts.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(parts)


def word_spans(text):
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def check_alignment(original, style):
    normalized, alignment = normalize_with_alignment(original, tone_style=style, legacy=None)
    assert normalized == normalize(original, tone_style=style, legacy=None)
    assert len(alignment.starts) == len(alignment.ends) == len(normalized)
    assert alignment.original_length == len(original)
    if len(normalized):
        assert np.all(np.diff(alignment.starts) >= 0) and np.all(np.diff(alignment.ends) >= 0)
        assert np.all(alignment.starts < alignment.ends)
        assert alignment.starts[0] >= 0 and alignment.ends[-1] <= len(original)
    # letter runs, the pieces a word segmenter cuts out of "Hòa," or "Sở-Hòa";
    # not one followed by a mark that did not compose with it ("ạ\u0300"):
    # that letter and its mark are one character pair in the original
    for m in re.finditer(r"(?<![^\W\d_])[^\W\d_]+(?![^\W\d_]|[\u0300-\u036f])", normalized):
        a, b = alignment.to_original(m.start(), m.end())
        assert normalize(original[a:b], tone_style=style, legacy=None) == m.group(), (original[a:b], m.group())
    spans = word_spans(normalized)
    for i in range(len(spans)):
        for j in range(i, min(len(spans), i + 3)):
            s, e = spans[i][0], spans[j][1]
            a, b = alignment.to_original(s, e)
            assert normalize(original[a:b], tone_style=style, legacy=None) == normalized[s:e], (original[a:b], s, e)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(news_like(), st.sampled_from(["old", "new", None]))
def test_whole_word_spans_map_to_original_spans_that_normalize_to_them(original, style):
    check_alignment(original, style)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["old", "new", None]))
def test_alignment_invariant_holds_for_arbitrary_text(original, style):
    check_alignment(original, style)


def test_identity_maps_every_character_to_itself():
    alignment = Alignment.identity(3)
    assert alignment.to_original(0, 3) == (0, 3)
    assert alignment.to_original(1, 2) == (1, 2)


def test_empty_spans_and_the_end_of_the_text_are_handled():
    normalized, alignment = normalize_with_alignment("  Hoà Bình  ")
    assert normalized == "Hòa Bình"
    assert alignment.to_original(0, 0) == (2, 2)
    assert alignment.to_original(3, 3) == (5, 5)
    assert alignment.to_original(8, 8) == (12, 12)
    assert alignment.to_original(4, 8) == (6, 10)
    assert normalize_with_alignment("")[1].to_original(0, 0) == (0, 0)


def test_span_outside_the_text_is_an_error():
    _, alignment = normalize_with_alignment("Hòa")
    for bad in [(-1, 2), (2, 1), (0, 4)]:
        with pytest.raises(InputValueError):
            alignment.to_original(*bad)


def test_arrays_are_read_only():
    _, alignment = normalize_with_alignment("Hoà")
    with pytest.raises(ValueError):
        alignment.starts[0] = 5


def test_expansion_maps_each_output_character_to_the_whole_source():
    normalized, alignment = normalize_with_alignment("Chờ…")
    assert normalized == "Chờ..."
    assert [alignment.to_original(i, i + 1) for i in range(3, 6)] == [(3, 4)] * 3


def test_composed_letter_maps_to_base_and_marks():
    original = unicodedata.normalize("NFD", "Hòa,")
    normalized, alignment = normalize_with_alignment(original)
    assert normalized == "Hòa,"
    assert alignment.to_original(0, 3) == (0, 4)
    assert alignment.to_original(3, 4) == (4, 5)
    assert original[slice(*alignment.to_original(0, 3))] == "Ho\u0300a"


def test_legacy_conversion_maps_words_to_their_encoded_form():
    original = "Ñaûng boä tænh Hoøa Bình"
    normalized, alignment = normalize_with_alignment(original)
    assert normalized == "Đảng bộ tỉnh Hòa Bình"
    assert original[slice(*alignment.to_original(0, 4))] == "Ñaûng"
    assert original[slice(*alignment.to_original(5, 7))] == "boä"
    viqr = "Vie^.t Nam la` mo^.t nu+o+'c d9o^.c la^.p."
    normalized, alignment = normalize_with_alignment(viqr)
    assert normalized == "Việt Nam là một nước độc lập."
    assert viqr[slice(*alignment.to_original(0, 4))] == "Vie^.t"


def test_compose_chains_two_passes():
    first = [(0, 1, "xy")]                 # "ab" -> "xyb"
    second = [(1, 3, "Z")]                 # "xyb" -> "xZ"
    alignment = Alignment.identity(2).compose(first).compose(second)
    assert apply_edits(apply_edits("ab", first), second) == "xZ"
    assert alignment.to_original(0, 1) == (0, 1)
    assert alignment.to_original(1, 2) == (0, 2)


def test_same_length_edits_keep_the_alignment():
    alignment = Alignment.identity(4)
    assert alignment.compose([(0, 2, "xy")]) is alignment
