"""Tone-mark placement and the Vietnamese syllable parser (vntextkit.normalize.tone_marks)."""
import unicodedata

import pytest

from vntextkit.normalize import normalize
from vntextkit.normalize.tone_marks import is_vietnamese_syllable, place_tone_mark, tone_mark_edits


@pytest.mark.parametrize("new, old", [
    ("hoà", "hòa"), ("hoá", "hóa"), ("khoá", "khóa"), ("toả", "tỏa"), ("xoá", "xóa"),
    ("hoè", "hòe"), ("khoẻ", "khỏe"), ("xoè", "xòe"),
    ("thuỷ", "thủy"), ("uỷ", "ủy"), ("huỷ", "hủy"), ("tuỳ", "tùy"), ("luỹ", "lũy"), ("Thuỵ", "Thụy"),
])
def test_old_style_moves_mark_to_first_vowel_of_oa_oe_uy(new, old):
    assert place_tone_mark(new, "old") == old
    assert place_tone_mark(old, "old") == old


@pytest.mark.parametrize("old, new", [("hòa", "hoà"), ("khỏe", "khoẻ"), ("thủy", "thuỷ"), ("ủy", "uỷ"), ("hóa", "hoá")])
def test_new_style_moves_mark_to_second_vowel_of_oa_oe_uy(old, new):
    assert place_tone_mark(old, "new") == new
    assert place_tone_mark(new, "new") == new


@pytest.mark.parametrize("word", [
    "hoàng", "quý", "quí", "giữa", "thuyền", "người", "khuyên", "chuyện", "quả", "hoạch", "toán",
    "huỳnh", "huýt", "khoắng", "ngoài", "khuỷu", "ngoẹo", "rượu", "cuối", "thuở", "của", "mùa", "kìa",
    "già", "quyết", "Quỳnh", "tiếng", "Việt", "nghiêng", "yêu", "khuấy", "xoáy", "thuế", "gửi", "hưu",
])
def test_placement_is_the_same_in_both_styles_for_other_syllables(word):
    assert place_tone_mark(word, "old") == word
    assert place_tone_mark(word, "new") == word


@pytest.mark.parametrize("wrong, right", [
    ("hòang", "hoàng"), ("tóan", "toán"), ("ngòai", "ngoài"), ("qủa", "quả"), ("gìa", "già"),
    ("gĩưa", "giữa"), ("thùyên", "thuyền"), ("Hóang", "Hoáng"), ("mủa", "mủa"),
])
def test_misplaced_mark_is_moved_to_its_vowel(wrong, right):
    assert place_tone_mark(wrong, "old") == right
    assert place_tone_mark(wrong, "new") == right


def test_two_equal_marks_are_merged_into_one_at_the_right_place():
    assert place_tone_mark("bíết") == "biết"
    assert place_tone_mark("ngừơì") == "người"
    assert place_tone_mark("ho\u0300a\u0300") == "hòa"


def test_two_different_marks_leave_the_syllable_unchanged():
    for word in ("vìết", "hòá", "ngưởì"):
        assert place_tone_mark(word) == word


def _letters(word):
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


@pytest.mark.parametrize("word", ["quý", "quí", "kỹ", "kĩ", "lý", "lí", "mỹ", "mĩ", "Thúy", "Thuý", "tỉ", "tỷ"])
def test_i_and_y_spellings_are_never_changed(word):
    for style in ("old", "new", None):
        assert _letters(place_tone_mark(word, style)) == _letters(word)


@pytest.mark.parametrize("word, old, new", [
    ("HOÀ", "HÒA", "HOÀ"), ("Hoà", "Hòa", "Hoà"), ("THỦY", "THỦY", "THUỶ"), ("ỦY", "ỦY", "UỶ"), ("KhOẺ", "KhỎE", "KhOẺ"),
])
def test_capitalization_is_preserved(word, old, new):
    assert place_tone_mark(word, "old") == old
    assert place_tone_mark(word, "new") == new


@pytest.mark.parametrize("word", ["Zoë", "café", "naïve", "Hoa", "für", "Müller", "été", "déjà", "où", "Straße", "José",
                                  "está", "año", "koń", "Ñam", "Đăk", "Lắk", "hello", "x" * 40])
def test_non_vietnamese_words_are_left_unchanged(word):
    assert place_tone_mark(word, "old") == word
    assert place_tone_mark(word, "new") == word


def test_mark_typed_after_the_final_consonant_goes_onto_the_vowel():
    assert normalize("hoan\u0300 tha\u0300nh") == "hoàn thành"
    assert normalize("thanh\u0300 pho\u0302\u0301") == "thành phố"
    assert normalize("Vie\u0302t\u0323 Nam") == "Việt Nam"
    # also with tone_style=None, which otherwise leaves placement alone
    assert normalize("hoan\u0300", tone_style=None) == "hoàn"
    assert normalize("hòang", tone_style=None) == "hòang"


def test_mark_on_an_onset_consonant_is_not_moved():
    assert place_tone_mark("ñam") == "ñam"


def test_consonant_letter_with_a_mark_is_moved_only_in_an_unmistakably_vietnamese_syllable():
    # ń, ǹ are letters of other languages: Polish "koń", "toń" stay
    for word in ("koń", "toń", "pań"):
        assert place_tone_mark(word) == word
    assert place_tone_mark("hoaǹ") == "hoàn"
    assert place_tone_mark("tiêń") == "tiến"


def test_k_before_a_and_o_in_place_names_is_a_syllable():
    assert is_vietnamese_syllable("Kạn") and is_vietnamese_syllable("Kon")
    assert normalize("Bắc Ka.n", legacy="viqr") == "Bắc Kạn"


def test_checked_syllables_only_take_acute_or_dot_below():
    assert is_vietnamese_syllable("học") and is_vietnamese_syllable("hóc")
    assert not is_vietnamese_syllable("hòc")
    assert place_tone_mark("hòac") == "hòac"


@pytest.mark.parametrize("word", ["nghiêng", "Nguyễn", "quốc", "giường", "khuỷu", "ĐƯỜNG", "gì", "gìn", "kỳ", "xoong",
                                  "oanh", "uống", "ở", "ý", "yến", "ươm"])
def test_parser_accepts_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["ca-fe", "ci", "ghu", "ngi", "gé", "tiên1", "bc", "aa", "trương-", "quu", "nghă",
                                  "Wi", "zalo", "tien", "ăn1", "ươ"])
def test_parser_rejects_what_is_not_one_syllable(word):
    assert not is_vietnamese_syllable(word)


def test_decomposed_input_is_placed_and_composed():
    assert normalize(unicodedata.normalize("NFD", "Khánh Hoà, sức khoẻ")) == "Khánh Hòa, sức khỏe"


def test_edits_cover_only_changed_syllables():
    text = "Tỉnh uỷ Khánh Hoà"
    assert tone_mark_edits(text, "old") == [(5, 7, "ủy"), (14, 17, "Hòa")]
    assert tone_mark_edits(text, None) == []
    assert tone_mark_edits("plain ascii", "old") == []


def test_sentence_in_both_styles():
    text = "Ban Thường vụ Huyện uỷ Thuỷ Nguyên chăm lo sức khoẻ, hoà giải ở cơ sở."
    assert normalize(text) == "Ban Thường vụ Huyện ủy Thủy Nguyên chăm lo sức khỏe, hòa giải ở cơ sở."
    assert normalize(normalize(text), tone_style="new") == text


def test_letters_beside_a_loose_mark_are_placed_as_if_alone():
    # a word segmenter cuts "hoà" out of these; it must normalize the same inside and alone
    assert normalize("\u0300hoà") == "\u0300hòa"
    assert normalize("hoà\u0301" * 6) == "hòá" * 6
