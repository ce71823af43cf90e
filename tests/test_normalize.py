"""vntextkit.normalize: the whole pipeline, Unicode cleanup, argument checks and robustness."""
import time
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vntextkit.errors import EncodingNameError, InputTypeError, InputValueError
from vntextkit.normalize import normalize, normalize_with_alignment
from vntextkit.normalize.legacy_encodings import encode_legacy

ARTICLE = ("Hội nghị Ban Chấp hành Đảng bộ tỉnh Khánh Hòa lần thứ 12\n\n"
           "Sáng 12/3, Ban Thường vụ Tỉnh ủy tổ chức hội nghị quán triệt Nghị quyết số 35-NQ/TW. "
           "Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị.\n"
           "Các cấp ủy, tổ chức đảng cần nâng cao chất lượng sinh hoạt chi bộ - \"hạt nhân chính trị\" ở cơ sở...")


# --------------------------------------------------------------------------- Unicode cleanup

def test_output_is_nfc_for_decomposed_input():
    assert normalize(unicodedata.normalize("NFD", ARTICLE)) == ARTICLE


def test_clean_article_comes_back_unchanged():
    assert normalize(ARTICLE) == ARTICLE
    assert normalize(ARTICLE, tone_style=None) == ARTICLE


def test_marks_typed_after_the_vowel_are_composed():
    assert normalize("Tie\u0302\u0301ng Vie\u0323\u0302t") == "Tiếng Việt"
    assert normalize("hoa\u0300") == "hòa"
    assert normalize("hoa\u0300", tone_style="new") == "hoà"


def test_eth_used_for_d_with_stroke_becomes_d_with_stroke_in_vietnamese_words():
    assert normalize("Ðảng bộ ÐÀ NẴNG, ðường Ɖiện Biên") == "Đảng bộ ĐÀ NẴNG, đường Điện Biên"


def test_eth_outside_vietnamese_words_is_kept():
    assert normalize("Guðmundsson Ðorsteinn") == "Guðmundsson Ðorsteinn"


def test_zero_width_and_control_characters_are_removed():
    assert normalize("Đảng\u200b bộ\ufeff tỉnh\u200d\x00\x07 Hòa\u00ad Bình\u2060") == "Đảng bộ tỉnh Hòa Bình"
    assert normalize("Ti\u200bế\u200cng") == "Tiếng"


def test_zero_width_space_between_vowel_and_its_mark_does_not_keep_them_apart():
    assert normalize("Vie\u200b\u0323\u0302t") == "Việt"


def test_newlines_are_kept_and_blank_lines_collapse_to_one():
    assert normalize("Tiêu đề\n\n\n\nĐoạn một.\nĐoạn hai.") == "Tiêu đề\n\nĐoạn một.\nĐoạn hai."
    assert normalize("Tiêu đề\r\n\r\nĐoạn một.\rĐoạn hai.") == "Tiêu đề\n\nĐoạn một.\nĐoạn hai."
    assert normalize("Tiêu đề\u2028Đoạn\x0cmột") == "Tiêu đề\nĐoạn\nmột"


def test_spaces_and_tabs_collapse_and_lines_are_trimmed():
    assert normalize("  Sáng \t 12/3,\u00a0Ban\u2003Thường  vụ  \n  Tỉnh ủy  \n") == "Sáng 12/3, Ban Thường vụ\nTỉnh ủy"
    assert normalize("a \u3000 b\u202fc") == "a b c"


def test_curly_quotes_become_straight():
    assert normalize("“Đảng” ‘ta’ „Ja“") == "\"Đảng\" 'ta' \"Ja\""


def test_dash_variants_become_hyphen():
    assert normalize("Hà Nội – Hải Phòng — 2020‒2025 −5 ‐ x") == "Hà Nội - Hải Phòng - 2020-2025 -5 - x"


def test_ellipsis_character_becomes_three_dots():
    assert normalize("Chờ đợi…") == "Chờ đợi..."


def test_lone_surrogates_are_replaced_not_fatal():
    assert normalize("Đảng\ud800 bộ\udfff") == "Đảng\ufffd bộ\ufffd"


def test_emoji_and_mixed_scripts_pass_through():
    text = "Chúc mừng 🎉🇻🇳 Привет 你好 مرحبا"
    assert normalize(text) == text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\t", "\u200b", "\x00"])
def test_empty_or_blank_text_gives_empty_string(text):
    assert normalize(text) == ""


# --------------------------------------------------------------------------- arguments

@pytest.mark.parametrize("value", [b"Hoa", None, 3, ["Hoà"]])
def test_non_str_input_raises_input_type_error(value):
    with pytest.raises(InputTypeError, match="must be str"):
        normalize(value)
    with pytest.raises(TypeError):
        normalize_with_alignment(value)


def test_bytes_error_says_to_decode():
    with pytest.raises(InputTypeError, match="decode"):
        normalize(b"\xc4\x90\xe1\xba\xa3ng")


@pytest.mark.parametrize("style", ["OLD", "modern", "", 1, True])
def test_unknown_tone_style_raises_input_value_error(style):
    with pytest.raises(InputValueError, match="tone_style"):
        normalize("Hoà", tone_style=style)


def test_unknown_legacy_value_names_the_accepted_values():
    with pytest.raises(EncodingNameError, match="'auto', 'tcvn3', 'vni', 'viqr' or None"):
        normalize("Hoà", legacy="VNI-Windows")
    assert issubclass(EncodingNameError, ValueError)


def test_normalize_equals_first_element_of_normalize_with_alignment():
    for style in ("old", "new", None):
        assert normalize(ARTICLE, tone_style=style) == normalize_with_alignment(ARTICLE, tone_style=style)[0]


# --------------------------------------------------------------------------- size and time

def _elapsed(fn, *args):
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def test_a_100000_character_word_is_handled_in_linear_time():
    for unit in ("x", "ư", "a\u0301", "§", "a^", "\u200b", " \n"):
        word = unit * (100_000 // len(unit))
        assert _elapsed(normalize, word) < 2.0
        assert _elapsed(normalize_with_alignment, word) < 2.0


def test_five_megabytes_of_news_text_normalize_quickly():
    text = (ARTICLE.replace("Tỉnh ủy", "Tỉnh uỷ") + "\n\n") * (5_000_000 // (len(ARTICLE.encode()) + 2) + 1)
    assert len(text.encode()) >= 5_000_000
    seconds = _elapsed(normalize, text)
    assert seconds < 15, seconds


def test_time_grows_linearly_with_length():
    small = ARTICLE * 200
    large = small * 8
    normalize(small)
    t_small = min(_elapsed(normalize, small) for _ in range(3))
    t_large = min(_elapsed(normalize, large) for _ in range(2))
    assert t_large < 8 * t_small * 3


# --------------------------------------------------------------------------- properties

ALPHABET = st.sampled_from(list("aăâeêioôơuưyđĐAEOUYbcdghklmnpqrstvxĐÐð .,-'\"?`~^(+\n\t")
                           + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b",
                              "\u200b", "\xa0", "…", "“", "–", "\xad", "§", "¶", "µ", "×", "Ñ", "ø", "ù", "ä",
                              "oà", "uỷ", "khoẻ", "hòang", "\r\n", "\u2028", "\ud800"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join), st.sampled_from(["old", "new", None]))
def test_normalize_is_idempotent_on_vietnamese_like_text(text, style):
    once = normalize(text, tone_style=style)
    assert normalize(once, tone_style=style) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=60), st.sampled_from(["old", "new", None]))
def test_normalize_is_idempotent_and_nfc_on_any_string(text, style):
    once = normalize(text, tone_style=style)
    assert unicodedata.is_normalized("NFC", once)
    assert normalize(once, tone_style=style) == once


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(ARTICLE.split()), min_size=1, max_size=30).map(" ".join),
       st.sampled_from(["tcvn3", "vni", "viqr"]))
def test_normalize_is_idempotent_after_legacy_conversion(text, encoding):
    once = normalize(encode_legacy(text, encoding))
    assert normalize(once) == once


@settings(max_examples=100, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_output_has_no_odd_whitespace_or_invisible_characters(text):
    out = normalize(text)
    assert out == out.strip()
    assert "\n\n\n" not in out and "  " not in out and " \n" not in out and "\n " not in out
    assert not any(c in out for c in "\t\r\xa0\u200b\u2028…“–\xad")
