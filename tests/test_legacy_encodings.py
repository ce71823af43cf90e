"""TCVN3, VNI and VIQR tables, conversion and detection (vntextkit.normalize.legacy_encodings)."""
import shutil
import subprocess
import unicodedata

import pytest

from vntextkit.errors import EncodingNameError
from vntextkit.normalize import convert_legacy, detect_legacy_encoding, normalize
from vntextkit.normalize.legacy_encodings import _read_table, _viqr_core, encode_legacy

TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]


def vietnamese_letters():
    """The 134 Vietnamese letters outside ASCII: 12 vowels x 6 tones + đ, less a e i o u y, in both cases."""
    lower = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES]
    lower = [c for c in lower if c not in "aeiouy"] + ["đ"]
    return lower + [c.upper() for c in lower]


LETTERS = vietnamese_letters()

ARTICLE = ("Sáng 12/3, Ban Thường vụ Tỉnh ủy Hòa Bình tổ chức hội nghị quán triệt Nghị quyết số 35-NQ/TW "
           "của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng. Đồng chí Bí thư Tỉnh ủy "
           "chủ trì hội nghị, đề nghị các cấp ủy nâng cao chất lượng sinh hoạt chi bộ ở xã, phường.")


def test_there_are_134_letters_and_every_table_has_each_once():
    assert len(LETTERS) == len(set(LETTERS)) == 134
    for name in ("vni.tsv", "viqr.tsv"):
        rows = _read_table(name)
        assert sorted(r[0] for r in rows) == sorted(LETTERS)
        assert all(chr(int(r[1][2:], 16)) == r[0] for r in rows)
    tcvn = _read_table("tcvn3.tsv")
    letters = {chr(int(r[1][2:], 16)) for r in tcvn}
    assert set(LETTERS) <= letters
    assert all(r[2].strip() == chr(int(r[1][2:], 16)) for r in tcvn)


def test_tcvn3_vn3_subset_has_67_lowercase_and_7_uppercase_letters():
    vn3 = [chr(int(r[1][2:], 16)) for r in _read_table("tcvn3.tsv") if r[3].strip() == "vn3"]
    assert sorted(vn3) == sorted([c for c in LETTERS if c.islower()] + list("ĂÂÊÔƠƯĐ"))


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs GNU iconv")
def test_tcvn3_table_matches_the_iconv_tcvn5712_1_chart():
    probe = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=b"\xb6", capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1")
    for byte_hex, codepoint, _char, _subset in _read_table("tcvn3.tsv"):
        out = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([int(byte_hex, 16)]),
                             capture_output=True).stdout.decode()
        assert out == chr(int(codepoint[2:], 16)), byte_hex


def test_tcvn3_letters_round_trip_through_latin1_bytes():
    for letter in LETTERS:
        raw = encode_legacy(letter, "tcvn3").encode("latin-1").decode("latin-1")
        assert convert_legacy(raw, "tcvn3") == letter


def test_tcvn3_letters_round_trip_through_cp1252_bytes():
    for letter in LETTERS:
        data = encode_legacy(letter, "tcvn3").encode("latin-1")
        if len(data) == 1 and 0x80 <= data[0] <= 0x9F and data[0] not in (0x81, 0x8D, 0x8F, 0x90, 0x9D):
            continue    # cp1252 punctuation there stays punctuation (see the next test)
        raw = data.decode("cp1252", errors="surrogateescape")
        assert convert_legacy(raw, "tcvn3") == letter, (letter, raw)


def test_tcvn3_undefined_cp1252_bytes_are_accepted_as_c1_or_escaped():
    # 0x81 is Ả in VN1: latin-1 gives U+0081, cp1252 with surrogateescape gives U+DC81
    assert convert_legacy("\x81nh", "tcvn3") == "Ảnh"
    assert convert_legacy("\udc81nh", "tcvn3") == "Ảnh"
    # cp1252 punctuation in 0x80-0x9F is real punctuation in VN3 files
    assert convert_legacy("“§¶ng”", "tcvn3") == "“Đảng”"


def test_tcvn3_vn3_lowercase_letters_round_trip_in_cp1252():
    for letter in [c for c in LETTERS if c.islower()] + list("ĂÂÊÔƠƯĐ"):
        raw = encode_legacy(letter, "tcvn3").encode("latin-1").decode("cp1252")
        assert convert_legacy(raw, "tcvn3") == letter


def test_vni_letters_round_trip_through_cp1252_bytes():
    for letter in LETTERS:
        raw = encode_legacy(letter, "vni").encode("cp1252").decode("cp1252")
        assert convert_legacy(raw, "vni") == letter


def test_viqr_letters_round_trip():
    for letter in LETTERS:
        assert _viqr_core(encode_legacy(letter, "viqr")) == (letter, True)


def test_every_syllable_of_an_article_round_trips_in_each_encoding():
    for encoding in ("tcvn3", "vni", "viqr"):
        encoded = encode_legacy(ARTICLE, encoding)
        assert normalize(convert_legacy(encoded, encoding), legacy=None) == ARTICLE


def test_examples_from_the_issue_convert():
    assert convert_legacy("§¶ng bé", "tcvn3") == "Đảng bộ"
    assert convert_legacy("Ñaûng boä", "vni") == "Đảng bộ"
    assert convert_legacy("D9a?ng bo^.", "viqr") == "Đảng bộ"
    assert convert_legacy("Vie^.t Nam", "viqr") == "Việt Nam"


def test_tcvn3_capital_words_from_all_capital_fonts_become_capitals():
    assert convert_legacy("§¶NG Bé TØNH", "tcvn3") == "ĐẢNG Bộ TỈNH"
    assert convert_legacy("UBND tØnh", "tcvn3") == "UBND tỉnh"


def test_viqr_keeps_sentence_punctuation_and_non_vietnamese_words():
    assert convert_legacy("Ha` No^.i.", "viqr") == "Hà Nội."
    assert convert_legacy("Ba\\. Hello. Don't", "viqr") == "Ba. Hello. Don't"
    assert convert_legacy("nu+o+’c", "viqr") == "nước"


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "viqr"])
def test_detects_each_encoding_in_a_news_paragraph(encoding):
    encoded = encode_legacy(ARTICLE, encoding)
    assert detect_legacy_encoding(encoded) == encoding
    assert normalize(encoded) == ARTICLE


def test_detection_reads_a_headline_with_paragraphs():
    text = "§¶ng bé huyÖn MÌo V¹c kÕt n¹p 14 ®¶ng viªn míi\n\nNgµy 12/3, HuyÖn ñy MÌo V¹c tæ chøc lÔ trao quyÕt ®Þnh."
    assert detect_legacy_encoding(text) == "tcvn3"
    assert normalize(text) == ("Đảng bộ huyện Mèo Vạc kết nạp 14 đảng viên mới\n\n"
                               "Ngày 12/3, Huyện ủy Mèo Vạc tổ chức lễ trao quyết định.")


SAMPLES = {
    "english": ("The Prime Minister said on Tuesday that the government would invest $2.5 billion in the Mekong "
                "Delta. \"We're committed,\" he said. I'm sure it's fine; you're right, I'm told. Cells were 25 µm "
                "wide. © 2024 Reuters®. Price: £5 or 7€. The café served crème brûlée to Zoë."),
    "french": ("Le président a déclaré mercredi qu'il était « très préoccupé » par la situation. Où est la "
               "bibliothèque ? C'est déjà l'été. Ça va très bien, merci. L'hôtel est à côté de la gare."),
    "german": ("Die Bundesregierung hat am Dienstag beschlossen, die Förderung für Straßenbau zu erhöhen. Grüße "
               "aus München! Über 25 µm dick; nach § 5 Abs. 2 gilt das Gesetz. Schöne Größe, Herr Müller."),
    "spanish": ("¿Dónde está la biblioteca? ¡Hola! El niño comió una manzana. Sí, él está aquí mañana. "
                "Qué día más bonito, José. Tú y yo sé que sí."),
    "vietnamese": ARTICLE,
    "vietnamese_new_style": "Huyện uỷ Khánh Hoà chăm lo sức khoẻ; đồng chí Thuỷ nói: “Hoá ra là vậy”.",
    "vietnamese_nfd": unicodedata.normalize("NFD", ARTICLE),
    "vietnamese_no_marks": "Ban Thuong vu Tinh uy Hoa Binh to chuc hoi nghi quan triet Nghi quyet so 35.",
    "short_new_style": "hoà",
    "code": "if (a > b) { x = y + z; } else { print('ok?'); } // done. e.g. i.e. U.S. a.m.",
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_unicode_and_western_text_is_not_taken_for_a_legacy_encoding(name):
    text = SAMPLES[name]
    assert detect_legacy_encoding(text) is None
    assert normalize(text, tone_style=None) == normalize(text, tone_style=None, legacy=None)


def test_western_text_comes_back_unchanged_apart_from_quotes_and_spaces():
    for name in ("english", "french", "german", "spanish"):
        text = SAMPLES[name]
        assert normalize(text) == " ".join(text.split()), name


def test_forced_encoding_and_disabled_conversion():
    raw = "§¶ng bé"
    assert normalize(raw, legacy=None) == raw
    assert normalize(raw, legacy="tcvn3") == "Đảng bộ"
    assert normalize("Ñaûng boä", legacy="vni") == "Đảng bộ"


def test_unknown_encoding_name_is_an_error_naming_the_accepted_values():
    with pytest.raises(EncodingNameError, match="tcvn3"):
        normalize("x", legacy="utf-8")
    with pytest.raises(EncodingNameError, match="vni"):
        convert_legacy("x", "abc")
    with pytest.raises(ValueError):
        encode_legacy("x", "vps")


def test_detection_of_a_short_single_word_is_not_attempted():
    assert detect_legacy_encoding("§¶ng") is None
    assert detect_legacy_encoding("µm") is None
    assert detect_legacy_encoding("") is None
