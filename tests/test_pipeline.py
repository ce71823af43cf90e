"""vntextkit.analyze, load and pipe: the whole analysis in one Doc."""
import json

import pytest

import vntextkit
from vntextkit import Pipeline

ARTICLE = ("Chi bộ ấp 3 kết nạp đảng viên mới\n"
           "Sáng 12/5, Chi bộ ấp 3, xã Tân Ân tổ chức lễ kết nạp 2 đảng viên mới. Dự buổi lễ có đồng chí "
           "Nguyễn Văn Tư, Phó Bí thư Đảng ủy xã. Đồng chí đề nghị các đảng viên mới học tập Nghị quyết số "
           "35-NQ/TW và gương mẫu trong mọi công việc.")


def test_analyze_gives_a_doc_with_everything():
    doc = vntextkit.analyze(ARTICLE)
    assert doc.text == ARTICLE
    assert doc.normalized.startswith("Chi bộ ấp 3")
    assert doc.tokens and doc.sents[0].text == "Chi bộ ấp 3 kết nạp đảng viên mới"
    assert "party_building" in doc.topics
    labels = {(e.text, e.label) for e in doc.entities}
    assert ("Nguyễn Văn Tư", "PERSON") in labels and ("Nghị quyết số 35-NQ/TW", "DOCUMENT") in labels
    person = next(e for e in doc.entities if e.label == "PERSON")
    assert person.role == "Phó Bí thư Đảng ủy xã"


def test_to_dict_round_trips_through_json():
    d = vntextkit.analyze(ARTICLE).to_dict()
    again = json.loads(json.dumps(d, ensure_ascii=False))
    assert again == d
    assert set(d) == {"text", "normalized", "tokens", "sents", "topics", "topic_scores", "entities"}


def test_doc_char_span_and_iteration():
    doc = vntextkit.analyze(ARTICLE)
    assert doc.char_span(0, 6).text == "Chi bộ"
    assert len(list(doc)) == len(doc)
    with pytest.raises(IndexError):
        doc.char_span(0, 10_000)


def test_pipe_equals_one_at_a_time_and_keeps_order():
    texts = [ARTICLE, "Dự báo thời tiết: trời nắng.", "", ARTICLE.upper()]
    nlp = vntextkit.load()
    piped = list(nlp.pipe(texts, batch_size=2))
    single = [nlp(t) for t in texts]
    assert [d.to_dict() for d in piped] == [d.to_dict() for d in single]


def test_pipe_with_two_processes_gives_the_same_docs():
    texts = [ARTICLE, "Hợp tác xã Thành Công nuôi tôm lãi 2 tỷ đồng.", "Trời mưa."] * 2
    nlp = vntextkit.load()
    assert [d.to_dict() for d in nlp.pipe(texts, batch_size=2, n_process=2)] == [nlp(t).to_dict() for t in texts]


def test_pipeline_parts_can_be_switched_off():
    doc = Pipeline(topics=False, entities=False)(ARTICLE)
    assert doc.topics == [] and doc.topic_scores == {} and doc.entities == []
    with pytest.raises(ValueError, match="explain_topics"):
        doc.explain_topics()


def test_non_str_input_is_a_type_error_naming_the_expected_type():
    with pytest.raises(TypeError, match="text must be str, got int"):
        vntextkit.analyze(42)
    with pytest.raises(TypeError, match=r"texts\[1\] must be str"):
        vntextkit.load().analyze_batch(["ok", None])
