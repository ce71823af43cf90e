"""Word segmentation, kept-whole units, sentences and offsets."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vntextkit
from vntextkit import normalize, sentences, tokenize


def words(text):
    return [t.text for t in tokenize(text)]


def test_multi_syllable_words_are_one_token():
    assert words("Bộ Chính trị yêu cầu quán triệt sâu sắc.") == ["Bộ Chính trị", "yêu cầu", "quán triệt", "sâu sắc", "."]


@pytest.mark.parametrize("term", ["Huyện ủy", "Ban Thường vụ", "Ban Tuyên giáo", "Mặt trận Tổ quốc", "đảng viên", "chi bộ"])
def test_domain_lexicon_terms_are_kept_whole(term):
    assert term in words(f"Hôm qua, {term} Ngọc Hiển họp với các đồng chí trong xã.")


def test_domain_lexicon_fixes_crf_split_before_place_name():
    # underthesea's CRF alone gives "Huyện" + "ủy Ngọc Hiển" here
    assert words("Bí thư Huyện ủy Ngọc Hiển phát biểu")[:3] == ["Bí thư", "Huyện ủy", "Ngọc Hiển"]


def test_new_tone_style_input_matches_lexicon():
    assert "Huyện ủy" in words("Ban Thường vụ Huyện uỷ họp")


def test_user_can_extend_the_lexicon_at_run_time():
    text = "Ban Chỉ đạo 35 huyện họp định kỳ."
    assert "Ban Chỉ đạo 35" not in words(text)
    vntextkit.add_words(["Ban Chỉ đạo 35"])
    assert "Ban Chỉ đạo 35" in words(text)


def test_add_words_rejects_a_bare_string():
    with pytest.raises(TypeError, match="iterable"):
        vntextkit.add_words("Ban Chỉ đạo")


@pytest.mark.parametrize("unit", ["35-NQ/TW", "1234/QĐ-UBND", "05-CT/TW", "45/2024/NĐ-CP", "15/3/2024", "2-9",
                                  "10.000", "1,5", "TP.HCM", "UBND", "PGS.TS", "https://baocamau.vn/tin-1.html",
                                  "banbientap@baocamau.vn", "#ChuyenDoiSo"])
def test_units_kept_whole(unit):
    text = f"Theo tin {unit} thì vậy."
    toks = tokenize(text)
    assert unit in [t.text for t in toks], [t.text for t in toks]


def test_token_kinds():
    kinds = {t.text: t.kind for t in tokenize("Nghị quyết số 35-NQ/TW ngày 15/3/2024 có 10.000 người, xem https://a.vn.")}
    assert kinds["35-NQ/TW"] == "docnum"
    assert kinds["15/3/2024"] == "date"
    assert kinds["10.000"] == "number"
    assert kinds["https://a.vn"] == "url"
    assert kinds[","] == "punct"


def test_offsets_point_into_original_when_normalization_changed_text():
    text = "Ban Thường vụ  Huyện uỷ\u00a0Ngọc Hiển họp"  # double space, NBSP, new-style uỷ
    for tok in tokenize(text):
        assert normalize(text[tok.start : tok.end]) == tok.text


def test_offsets_with_decomposed_input():
    import unicodedata

    text = unicodedata.normalize("NFD", "Đảng bộ xã Tân Ân tổ chức đại hội.")
    toks = tokenize(text)
    assert "Đảng bộ" in [t.text for t in toks]
    first = toks[0]
    assert normalize(text[first.start : first.end]) == first.text


def test_sentences_do_not_break_on_abbreviations_and_numbers():
    text = ("Đoàn đến TP. Cà Mau và Tp.HCM lúc 7h30. ThS. Lê Văn A trình bày Nghị quyết số 35-NQ/TW, "
            "tỷ lệ 1,5% và 10.000 người. Ông nói: \"Chúng tôi... sẽ làm.\" Hết.")
    got = [s.text for s in sentences(text)]
    assert got == [
        "Đoàn đến TP. Cà Mau và Tp.HCM lúc 7h30.",
        "ThS. Lê Văn A trình bày Nghị quyết số 35-NQ/TW, tỷ lệ 1,5% và 10.000 người.",
        'Ông nói: "Chúng tôi... sẽ làm."',
        "Hết.",
    ]


def test_headline_line_is_its_own_sentence():
    text = "Huyện ủy Ngọc Hiển quán triệt nghị quyết\nSáng nay, hội nghị diễn ra."
    assert [s.text for s in sentences(text)] == ["Huyện ủy Ngọc Hiển quán triệt nghị quyết", "Sáng nay, hội nghị diễn ra."]


def test_sentence_offsets_slice_the_original():
    text = "Câu một.  Câu hai!\n\nCâu ba?"
    for s in sentences(text):
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize("text", ["", "   \n\t ", "😀😀 🇻🇳", "\x00\x01\x7f", "\ud800 lẻ", "Привет мир và 你好",
                                  "a" * 100_000])
def test_any_string_gives_tokens_not_a_crash(text):
    toks = tokenize(text)
    for t in toks:
        assert 0 <= t.start <= t.end <= len(text)


def test_five_megabytes_without_full_stops():
    text = "đảng viên chi bộ " * 300_000  # about 5 MB
    toks = tokenize(text)
    assert len(toks) == 600_000


def test_non_str_input_is_a_type_error():
    with pytest.raises(TypeError, match="str"):
        tokenize(b"bytes")
    with pytest.raises(TypeError):
        tokenize(None)


def test_to_dict_is_plain_json():
    import json

    tok = tokenize("Chi bộ ấp 3")[0]
    assert json.loads(json.dumps(tok.to_dict())) == {"text": "Chi bộ", "start": 0, "end": 6, "kind": "word"}


vi_text = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐHTBN.,-/0123456789\n\u00a0\u0300\u0301")), max_size=80)


@settings(max_examples=150, deadline=None)
@given(vi_text)
def test_offset_invariant_holds_for_every_token(text):
    toks = tokenize(text)
    prev_end = 0
    for t in toks:
        assert prev_end <= t.start < t.end <= len(text)
        assert normalize(text[t.start : t.end]) == t.text
        prev_end = t.end


@settings(max_examples=100, deadline=None)
@given(vi_text)
def test_sentences_cover_tokens_in_order(text):
    sents = sentences(text)
    for a, b in zip(sents, sents[1:]):
        assert a.end <= b.start


def test_segmentation_f1_on_ud_vtb_dev_sample(ud_vtb_dir):
    """A guard against regressions; the full comparison with underthesea is benchmarks/bench_segmentation.py."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_segmentation import read_conllu, score, spans_by_offsets, spans_of_words

    sents = read_conllu(ud_vtb_dir / "vi_vtb-ud-dev.conllu")[:300]
    gold = [spans_of_words(w)[0] for _, w in sents]
    pred = [spans_by_offsets(t, tokenize(t)) for t, _ in sents]
    p, r, f = score(gold, pred)["all words"]
    assert f >= 0.94
