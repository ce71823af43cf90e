"""The topic estimator, its training files, model cards and the shipped model."""
import json
import shutil

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

import vntextkit
from vntextkit.errors import DataError, ModelError
from vntextkit.model_store import models_dir
from vntextkit.topics import TopicClassifier, evaluate_topics, load_topic_model, metrics, read_labeled, train_topics

PARTY = [
    "Chi bộ ấp Tân Lợi tổ chức lễ kết nạp hai đảng viên mới, quán triệt nghị quyết của Đảng ủy xã.",
    "Đảng ủy xã Hòa Bình tổ chức đại hội đảng bộ nhiệm kỳ mới, bầu Ban Chấp hành gồm 15 đồng chí.",
    "Ủy ban Kiểm tra Huyện ủy thi hành kỷ luật đảng viên vi phạm, nâng cao chất lượng sinh hoạt chi bộ.",
    "Hội nghị học tập lý luận chính trị cho cán bộ, đảng viên, bảo vệ nền tảng tư tưởng của Đảng.",
    "Chi bộ thôn Đông sinh hoạt chuyên đề, kết nạp đảng viên là đoàn viên ưu tú.",
    "Ban Thường vụ Tỉnh ủy kiểm tra công tác xây dựng Đảng tại các tổ chức cơ sở đảng.",
]
PRODUCTION = [
    "Mô hình nuôi tôm kết hợp trồng lúa cho thu nhập 200 triệu đồng mỗi ha mỗi năm.",
    "Hợp tác xã rau an toàn liên kết tiêu thụ, năng suất đạt 30 tấn mỗi ha.",
    "Nông dân trồng bưởi da xanh theo hướng hữu cơ, sản phẩm đạt chuẩn OCOP 3 sao.",
    "Hộ ông Tư chăn nuôi bò vỗ béo, mỗi năm lãi hơn 150 triệu đồng.",
    "Mô hình trồng nấm rơm trong nhà lưới giúp nhiều hộ thoát nghèo.",
    "Tổ hợp tác nuôi cá lồng trên sông áp dụng kỹ thuật mới, sản lượng tăng 20%.",
]
OTHER = [
    "Thời tiết hôm nay có mưa rào và dông rải rác, nhiệt độ cao nhất 33 độ.",
    "Giải bóng đá thanh niên huyện khép lại với chức vô địch của đội xã Tân Hưng.",
    "Sở Y tế khuyến cáo người dân tiêm phòng sởi cho trẻ dưới 5 tuổi.",
    "Công an huyện bắt giữ đối tượng trộm cắp tài sản tại chợ trung tâm.",
    "Tuyến đường liên xã được khởi công với tổng vốn 12 tỷ đồng.",
    "Lễ hội đua ghe ngo thu hút hàng nghìn người dân đến xem.",
]
TEXTS = PARTY + PRODUCTION + OTHER
LABELS = [["party"]] * 6 + [["production"]] * 6 + [[]] * 6


@pytest.fixture(scope="module")
def small_model():
    return TopicClassifier(cv=3, min_df=1).fit(TEXTS, LABELS)


def test_init_only_stores_parameters():
    clf = TopicClassifier(C=2.0)
    assert clf.get_params()["C"] == 2.0
    assert not hasattr(clf, "classes_")


def test_fit_learns_classes_thresholds_and_calibration(small_model):
    assert list(small_model.classes_) == ["party", "production"]
    assert small_model.thresholds_.shape == (2,)
    assert small_model.calibration_.shape == (2, 2)


def test_predict_proba_is_a_probability_per_label(small_model):
    P = small_model.predict_proba(["Chi bộ kết nạp đảng viên mới", "Mô hình nuôi tôm cho thu nhập cao"])
    assert P.shape == (2, 2)
    assert np.all((P >= 0) & (P <= 1))
    assert P[0, 0] > P[0, 1] and P[1, 1] > P[1, 0]


def test_predict_is_an_indicator_matrix_and_labels_are_lists(small_model):
    assert small_model.predict(["Chi bộ kết nạp đảng viên mới"]).tolist() in ([[1, 0]], [[1, 1]])
    assert "party" in small_model.predict_labels(["Chi bộ ấp 3 kết nạp đảng viên, quán triệt nghị quyết"])[0]


def test_works_in_pipeline_clone_and_grid_search():
    Y = np.array([[1, 0]] * 6 + [[0, 1]] * 6 + [[0, 0]] * 6)
    clf = TopicClassifier(labels=["party", "production"], cv=3, min_df=1)
    assert clone(clf).get_params() == clf.get_params()
    pipe = Pipeline([("topics", clf)])
    from sklearn.model_selection import KFold

    search = GridSearchCV(pipe, {"topics__C": [1.0, 4.0]}, cv=KFold(3, shuffle=True, random_state=0)).fit(TEXTS, Y)
    assert search.best_params_["topics__C"] in (1.0, 4.0)
    assert search.predict(["Chi bộ kết nạp đảng viên"]).shape == (1, 2)


def test_fit_is_deterministic_for_a_fixed_seed():
    a = TopicClassifier(cv=3, min_df=1, random_state=1).fit(TEXTS, LABELS).predict_proba(OTHER)
    b = TopicClassifier(cv=3, min_df=1, random_state=1).fit(TEXTS, LABELS).predict_proba(OTHER)
    assert np.array_equal(a, b)


def test_empty_and_non_vietnamese_text_get_no_topics(small_model):
    P = small_model.predict_proba(["", "   ", "The provincial party committee held a meeting on farming.",
                                   "Der Parteitag fand gestern statt und alle Mitglieder kamen."])
    assert np.all(P == 0)
    assert small_model.predict_labels([""]) == [[]]


def test_label_with_too_few_examples_is_a_clear_error():
    with pytest.raises(ValueError, match="label 'rare' has 1 positive"):
        TopicClassifier(cv=3, min_df=1).fit(TEXTS, LABELS[:-1] + [["rare"]])


def test_single_string_input_is_rejected(small_model):
    with pytest.raises(ValueError, match="list of texts"):
        small_model.predict_proba("Chi bộ kết nạp đảng viên")


def test_explain_names_words_of_the_text(small_model):
    text = "Chi bộ ấp Tân Lợi kết nạp đảng viên mới"
    ex = small_model.explain(text)
    assert set(ex) == {"party", "production"}
    up = [w for w, v in ex["party"]["up"]]
    assert up and all(w in text for w in up)
    assert all(v > 0 for _, v in ex["party"]["up"]) and all(v < 0 for _, v in ex["party"]["down"])


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_training_file_problems_are_reported_with_their_lines(tmp_path):
    f = tmp_path / "bad.jsonl"
    _write(f, [{"id": "a", "text": "Chi bộ họp", "topics": ["party"]},
               {"id": "a", "text": "Chi bộ họp lần hai", "topics": ["party"]},
               {"id": "c", "text": "  ", "topics": []},
               {"id": "d", "text": "Hợp tác xã", "topics": ["unknown_label"]}])
    with pytest.raises(DataError) as exc:
        read_labeled(f, labels=["party"])
    msg = str(exc.value)
    assert "bad.jsonl:2: duplicate id 'a'" in msg
    assert "bad.jsonl:3: empty or missing 'text'" in msg
    assert "bad.jsonl:4: unknown labels ['unknown_label']" in msg


def test_label_with_too_few_training_examples_names_its_lines(tmp_path):
    f = tmp_path / "few.jsonl"
    _write(f, [{"text": t, "topics": lab} for t, lab in zip(TEXTS, LABELS)] + [{"text": "Thi đua yêu nước", "topics": ["rare"]}])
    with pytest.raises(DataError, match=r"label 'rare' has 1 training examples \(lines \[19\]\)"):
        read_labeled(f)


def test_train_save_load_and_evaluate_round_trip(tmp_path):
    data = tmp_path / "train.jsonl"
    rows = [{"id": str(i), "text": t, "topics": lab, "split": "train"} for i, (t, lab) in enumerate(zip(TEXTS, LABELS))]
    _write(data, rows)
    clf = train_topics(data, tmp_path / "model", cv=3, min_df=1)
    card = json.loads((tmp_path / "model" / "model_card.json").read_text())
    assert card["kind"] == "topics" and len(card["sha256"]) == 64
    assert card["training_data"]["counts"]["train"] == 18
    assert set(card["thresholds"]) == {"party", "production"}
    again = load_topic_model(tmp_path / "model")
    assert np.allclose(again.predict_proba(OTHER), clf.predict_proba(OTHER))
    m = evaluate_topics(tmp_path / "model", data)
    assert set(m["per_label"]) == {"party", "production"}


def test_loading_refuses_a_modified_artifact(tmp_path):
    src = models_dir() / "topics"
    shutil.copytree(src, tmp_path / "m")
    with open(tmp_path / "m" / "model.joblib", "ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(ModelError, match="SHA-256"):
        load_topic_model(tmp_path / "m")


def test_loading_refuses_a_missing_card(tmp_path):
    shutil.copytree(models_dir() / "topics", tmp_path / "m")
    (tmp_path / "m" / "model_card.json").unlink()
    with pytest.raises(ModelError, match="no model_card.json"):
        load_topic_model(tmp_path / "m")


def test_loading_a_model_of_another_format_version_says_so(tmp_path):
    shutil.copytree(models_dir() / "topics", tmp_path / "m")
    card_path = tmp_path / "m" / "model_card.json"
    card = json.loads(card_path.read_text())
    card["format_version"] = 99
    card_path.write_text(json.dumps(card))
    with pytest.raises(ModelError, match="format 99.*cannot be read"):
        load_topic_model(tmp_path / "m")


def test_metrics_confusion_and_no_topic_rate():
    m = metrics([["a"], [], ["a", "b"]], [["a"], ["b"], ["a"]], ["a", "b"])
    assert m["per_label"]["a"]["f1"] == 1.0
    assert m["no_topic_false_positive_rate"] == 1.0
    assert {"gold": "a + b", "predicted": "a", "count": 1} in m["confusion"]


def test_shipped_model_tags_a_party_building_article():
    doc = vntextkit.analyze(
        "Đảng bộ xã Tân Ân tổ chức Đại hội đại biểu lần thứ XV\n"
        "Ngày 12/6, Đảng bộ xã Tân Ân tổ chức Đại hội đại biểu lần thứ XV, nhiệm kỳ 2025-2030. "
        "Nhiệm kỳ qua, Đảng bộ đã kết nạp 46 đảng viên mới, 100% chi bộ duy trì sinh hoạt định kỳ. "
        "Đại hội bầu Ban Chấp hành Đảng bộ xã gồm 15 đồng chí và bầu đại biểu dự đại hội cấp trên.")
    assert "party_building" in doc.topics
    assert set(doc.topic_scores) == {"party_building", "production_model", "emulation_example"}
    reasons = doc.explain_topics()
    assert reasons["party_building"]["up"]


def test_shipped_model_gives_weather_no_topic():
    doc = vntextkit.analyze("Dự báo thời tiết: Từ đêm nay, khu vực tỉnh Cà Mau có mưa rào và dông rải rác, "
                            "gió Tây Nam cấp 3-4, nhiệt độ thấp nhất 25 độ C. Người dân chủ động phòng tránh sét.")
    assert doc.topics == []


def test_empty_text_gets_scores_near_zero_from_the_pipeline():
    doc = vntextkit.analyze("   ")
    assert doc.topics == [] and all(v == 0 for v in doc.topic_scores.values())


def test_fast_scoring_path_equals_scikit_learn_transform(small_model):
    texts = PARTY[:2] + OTHER[:2]
    Xm = small_model._transform(small_model._docs(texts))
    reference = np.column_stack([est.decision_function(Xm) for est in small_model.estimators_])
    assert np.allclose(small_model.decision_function(texts), reference)
    many = texts * 10  # over 32 texts: the scikit-learn path
    assert np.allclose(small_model.decision_function(many), np.tile(reference, (10, 1)))


def test_char_ngrams_can_be_switched_on():
    clf = TopicClassifier(cv=3, min_df=1, char_ngram_range=(3, 4)).fit(TEXTS, LABELS)
    assert [name for name, _ in clf.vectorizers_] == ["word", "char"]
    Xm = clf._transform(clf._docs(OTHER))
    reference = np.column_stack([est.decision_function(Xm) for est in clf.estimators_])
    assert np.allclose(clf.decision_function(OTHER), reference)
