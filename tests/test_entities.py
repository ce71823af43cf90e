"""Entity recognition with the shipped model, roles, document references,
canonical forms and the corpus-level summary."""
import pytest

import vntextkit
from vntextkit.entities import canonical_form, load_recognizer, span_metrics, summarize
from vntextkit.entities.docrefs import find_document_refs


@pytest.fixture(scope="module")
def rec():
    return load_recognizer()


def ents(rec, text):
    return [(e.text, e.label) for e in rec.recognize(text)]


def test_person_without_honorific_and_role_after_the_name(rec):
    text = "Đồng chí Phạm Chí Hải, Bí thư Huyện ủy Ngọc Hiển, phát biểu chỉ đạo hội nghị."
    found = rec.recognize(text)
    person = next(e for e in found if e.label == "PERSON")
    assert person.text == "Phạm Chí Hải"
    assert person.role == "Bí thư Huyện ủy Ngọc Hiển"
    assert text[person.role_start : person.role_end] == person.role
    assert ("Huyện ủy Ngọc Hiển", "ORG") in [(e.text, e.label) for e in found]


def test_role_before_the_name(rec):
    found = rec.recognize("Phát biểu tại hội nghị, Phó Chủ tịch UBND tỉnh Lê Văn Sử đề nghị các ngành vào cuộc.")
    person = next(e for e in found if e.label == "PERSON")
    assert person.text == "Lê Văn Sử"
    assert person.role == "Phó Chủ tịch UBND tỉnh"


def test_single_given_name_after_honorific(rec):
    found = ents(rec, "Anh Tâm cho biết gia đình anh nuôi 20 con bò, mỗi năm lãi hơn 100 triệu đồng.")
    assert ("Tâm", "PERSON") in found


def test_ethnic_minority_name(rec):
    found = ents(rec, "Ông Y Bih Niê, Trưởng buôn Kô Siêr, vận động bà con giữ gìn an ninh trật tự.")
    assert ("Y Bih Niê", "PERSON") in found


def test_units_take_the_longest_form_with_place(rec):
    found = ents(rec, "Ban Tuyên giáo Huyện ủy Ngọc Hiển phối hợp với Hội Nông dân xã Tân Hưng tổ chức tập huấn.")
    assert ("Ban Tuyên giáo Huyện ủy Ngọc Hiển", "ORG") in found
    assert ("Hội Nông dân xã Tân Hưng", "ORG") in found


def test_places_outside_units(rec):
    found = ents(rec, "Mô hình được nhân rộng ra các ấp của xã Tân Ân, huyện Ngọc Hiển, tỉnh Cà Mau.")
    assert ("xã Tân Ân", "LOC") in found and ("tỉnh Cà Mau", "LOC") in found


@pytest.mark.parametrize("ref", ["Nghị quyết số 35-NQ/TW", "Chỉ thị 05-CT/TW", "Quyết định số 1234/QĐ-UBND",
                                 "Kết luận 01-KL/TW", "Nghị định 45/2024/NĐ-CP"])
def test_document_references_are_found_exactly(rec, ref):
    text = f"Hội nghị quán triệt {ref} ngày 22/10/2018 của Bộ Chính trị."
    assert (ref, "DOCUMENT") in ents(rec, text)
    assert find_document_refs(text) == [(text.index(ref), text.index(ref) + len(ref))]


def test_offsets_are_into_the_original_text_when_normalization_changed_it(rec):
    text = "Đồng chí  Phạm Chí Hải,\u00a0Bí thư Huyện uỷ Ngọc Hiển phát biểu."
    for e in rec.recognize(text):
        assert text[e.start : e.end] == e.text
    org = [e for e in rec.recognize(text) if e.label == "ORG"]
    assert org and org[0].canonical == "Huyện ủy Ngọc Hiển"


@pytest.mark.parametrize("text", ["", "   ", "😀", "\x00\x01", "\ud800", "a" * 50_000, "Hello world, nothing here."])
def test_any_string_gives_entities_or_nothing(rec, text):
    for e in rec.recognize(text):
        assert 0 <= e.start < e.end <= len(text)


def test_analyze_fills_doc_entities_with_to_dict():
    doc = vntextkit.analyze("Đồng chí Nguyễn Hồ Hải, Bí thư Tỉnh ủy Cà Mau, dự lễ kết nạp đảng viên tại Chi bộ ấp 3.")
    d = doc.to_dict()
    persons = [e for e in d["entities"] if e["label"] == "PERSON"]
    assert persons[0]["text"] == "Nguyễn Hồ Hải" and persons[0]["role"] == "Bí thư Tỉnh ủy Cà Mau"
    assert ("Tỉnh ủy Cà Mau", "ORG") not in [(e["text"], e["label"]) for e in d["entities"] if e["label"] == "LOC"]


@pytest.mark.parametrize("text,label,expected", [
    ("UBND tỉnh Cà Mau", "ORG", "Ủy ban nhân dân tỉnh Cà Mau"),
    ("HĐND huyện", "ORG", "Hội đồng nhân dân huyện"),
    ("HTX Thành Công", "ORG", "Hợp tác xã Thành Công"),
    ("Huyện uỷ Ngọc Hiển", "ORG", "Huyện ủy Ngọc Hiển"),
    ("TP.HCM", "LOC", "thành phố Hồ Chí Minh"),
    ("Tỉnh Cà Mau", "LOC", "tỉnh Cà Mau"),
    ("NGUYỄN VĂN TƯ", "PERSON", "Nguyễn Văn Tư"),
    ("CHỦ TỊCH UBND TỈNH LẠNG SƠN", "ORG", "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"),
    ("HỘI NÔNG DÂN XÃ TÂN HƯNG", "ORG", "Hội Nông dân xã Tân Hưng"),
    ("HTX THÀNH CÔNG", "ORG", "Hợp tác xã Thành Công"),
    ("Nghị quyết số 35-NQ/TW", "DOCUMENT", "Nghị quyết số 35-NQ/TW"),
])
def test_canonical_forms(text, label, expected):
    assert canonical_form(text, label) == expected


def test_summary_counts_people_roles_units_and_cooccurrence():
    docs = [
        {"entities": [{"text": "Phạm Chí Hải", "label": "PERSON", "canonical": "Phạm Chí Hải", "role": "Bí thư Huyện ủy"},
                      {"text": "UBND huyện", "label": "ORG", "canonical": "Ủy ban nhân dân huyện"}]},
        {"entities": [{"text": "Phạm Chí Hải", "label": "PERSON", "canonical": "Phạm Chí Hải"},
                      {"text": "Phạm Chí Hải", "label": "PERSON", "canonical": "Phạm Chí Hải"},
                      {"text": "Ủy ban nhân dân huyện", "label": "ORG", "canonical": "Ủy ban nhân dân huyện"}]},
    ]
    s = summarize(docs)
    assert s.people[0] == {"person": "Phạm Chí Hải", "mentions": 3, "documents": 2, "roles": {"Bí thư Huyện ủy": 1}}
    assert s.units[0]["mentions"] == 2
    assert s.cooccurrence == [{"person": "Phạm Chí Hải", "unit": "Ủy ban nhân dân huyện", "documents": 2}]


def test_span_metrics_exact_match_and_roles():
    gold = [[{"start": 0, "end": 5, "label": "PERSON", "text": "A B C", "role": "Bí thư"},
             {"start": 10, "end": 15, "label": "ORG", "text": "X"}]]
    pred = [[{"start": 0, "end": 5, "label": "PERSON", "text": "A B C", "role": "Bí thư"},
             {"start": 10, "end": 14, "label": "ORG", "text": "X"}]]
    m = span_metrics(gold, pred)
    assert m["per_label"]["PERSON"]["f1"] == 1.0
    assert m["per_label"]["ORG"]["f1"] == 0.0
    assert m["role_accuracy"] == 1.0


def test_fast_engine_gives_the_same_tags_as_underthesea_core_on_the_test_split(rec):
    from vntextkit.corpus import load_corpus
    from vntextkit.tokenize import analyze_text

    reference = rec.with_engine("underthesea")
    analyses = [analyze_text(d["text"]) for d in load_corpus(split="test")]
    assert rec.tag_pieces_many(analyses) == [reference.tag_pieces(a) for a in analyses]


def test_recognize_many_equals_one_at_a_time(rec):
    texts = ["Đồng chí Phạm Chí Hải, Bí thư Huyện ủy Ngọc Hiển, phát biểu.",
             "", "HỘI NÔNG DÂN XÃ TÂN HƯNG TẬP HUẤN", "Chủ tịch UBND xã Nguyễn Văn Út kiểm tra đê."]
    assert rec.recognize_many(texts) == [rec.recognize(t) for t in texts]


def test_with_engine_rejects_unknown_engines(rec):
    with pytest.raises(ValueError, match="engine"):
        rec.with_engine("gpu")


@pytest.mark.parametrize("name", ["Kiều Thị Mận", "Lương Văn Khởi", "Sầm Thị Nhung", "Phí Đức Lượng", "Vi Thị Dịu"])
def test_names_that_are_in_no_list_and_not_in_the_corpus_are_found(rec, name):
    # none of these names occurs in data/corpus (checked when the test was written)
    text = f"Bà con trong xóm đều quý mến ông {name}, người đã hiến đất làm đường giao thông nông thôn."
    assert (name, "PERSON") in ents(rec, text)


def test_unseen_place_and_unit_with_unseen_place_name(rec):
    found = ents(rec, "Hội Nông dân xã Phước Lộc Thọ phối hợp tổ chức hội thảo tại huyện Tân Sơn Đông.")
    assert ("Hội Nông dân xã Phước Lộc Thọ", "ORG") in found
    assert ("huyện Tân Sơn Đông", "LOC") in found


def test_ho_chi_minh_is_a_person_except_inside_a_unit_or_place(rec):
    found = ents(rec, "Đoàn viên Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Ân học tập và làm theo tư tưởng, "
                      "đạo đức, phong cách Hồ Chí Minh, rồi lên đường về TP. Hồ Chí Minh.")
    assert ("Hồ Chí Minh", "PERSON") in found
    assert ("Đoàn Thanh niên Cộng sản Hồ Chí Minh xã Tân Ân", "ORG") in found
    assert ("TP. Hồ Chí Minh", "LOC") in found
