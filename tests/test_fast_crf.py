"""FastCRFTagger gives underthesea_core's labels, and its very scores, on every input."""
import numpy as np
import pytest

from vntextkit.errors import InputValueError, ModelError
from vntextkit.normalize import normalize
from vntextkit.tokenize import fast_crf
from vntextkit.tokenize.fast_crf import CRFSuiteModel, FastCRFTagger, read_crfsuite_model
from vntextkit.tokenize.lexicon import Lexicon
from vntextkit.tokenize.pretokenize import pretokenize
from vntextkit.tokenize.segmenter import CRFSegmenter, _underthesea_model_dir

underthesea_core = pytest.importorskip("underthesea_core")
joblib = pytest.importorskip("joblib")

NEWS = [
    "Bí thư Huyện ủy Ngọc Hiển Nguyễn Văn Hùng phát biểu chỉ đạo hội nghị.",
    "Ban Thường vụ Tỉnh ủy Cà Mau quán triệt Nghị quyết số 35-NQ/TW ngày 22/10/2018 của Bộ Chính trị.",
    "Theo Quyết định 1234/QĐ-UBND, tỉnh hỗ trợ 10.000 hộ nghèo với tổng kinh phí 12,5 tỷ đồng.",
    "Đoàn công tác đến TP.HCM lúc 7h30 và làm việc với PGS.TS Trần Văn Bình.",
    "ĐẢNG BỘ XÃ TÂN ÂN TỔ CHỨC ĐẠI HỘI LẦN THỨ XIV, NHIỆM KỲ 2025 - 2030.",
    "Chủ tịch UBND tỉnh Lê Văn Sử ký Công văn số 45/2024/NĐ-CP về cải cách hành chính.",
    "Năm 2023, tỷ lệ hộ nghèo giảm còn 1,5%, thu nhập bình quân đạt 65 triệu đồng/người/năm.",
    "Ông H'Ly Niê, người dân tộc Ê-đê ở Đắk Lắk, được kết nạp vào Đảng Cộng sản Việt Nam.",
    "Mặt trận Tổ quốc Việt Nam huyện Đầm Dơi phát động phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa”.",
    "Hội nghị Ban Chấp hành Trung ương lần thứ 8 khóa XIII diễn ra từ ngày 2 đến 7-10-2023.",
    "Đồng chí Nguyễn Phú Trọng, Tổng Bí thư, đã gửi thư chúc mừng.",
    "Các chi bộ, đảng viên cần nêu cao tinh thần tự phê bình và phê bình.",
    "Xem chi tiết tại https://baocamau.vn/tin-tuc.html hoặc gửi thư về banbientap@baocamau.vn.",
    "Tuổi trẻ Cà Mau hưởng ứng chiến dịch #ChuyenDoiSo với hơn 2.500 tình nguyện viên.",
    "Ủy ban Kiểm tra Huyện ủy thi hành kỷ luật cảnh cáo 3 đảng viên vi phạm Quy định 144-QĐ/TW.",
    "Hội Liên hiệp Phụ nữ xã Khánh Bình Tây Bắc trao 15 con bò giống cho hội viên.",
    "Ngày 3/2/1930, Đảng Cộng sản Việt Nam ra đời, mở ra bước ngoặt lịch sử.",
    "Thực hiện Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "Đại tá Phạm Minh Tuấn, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh, báo cáo tình hình quốc phòng.",
    "Kim ngạch xuất khẩu thủy sản đạt 1,25 tỷ USD, tăng 8,3% so với cùng kỳ.",
    "BAN TUYÊN GIÁO TỈNH ỦY HƯỚNG DẪN TUYÊN TRUYỀN KỶ NIỆM 95 NĂM NGÀY THÀNH LẬP ĐẢNG.",
    "Bà Rịa-Vũng Tàu, Thừa Thiên Huế và Đồng bằng sông Cửu Long là các địa bàn được khảo sát.",
    "ThS. Lê Văn A trình bày tham luận về chuyển đổi số trong cơ quan Đảng.",
    "Covid-19 đã ảnh hưởng đến hơn 1.000 doanh nghiệp vừa và nhỏ trên địa bàn.",
    "Sáng 15/3, UBMTTQVN tỉnh tổ chức Hội nghị hiệp thương lần thứ hai.",
    "Công an huyện Trần Văn Thời triệt phá đường dây đánh bạc qua mạng, thu giữ 200 triệu đồng.",
    "Đồng chí Y Thanh Hà Niê Kđăm được bầu làm Chủ tịch Hội đồng Dân tộc.",
    "Trường THPT Phan Ngọc Hiển đạt tỷ lệ tốt nghiệp 99,8% trong kỳ thi năm 2024.",
    "Huyện ủy Năm Căn chỉ đạo rà soát, bổ sung quy hoạch cán bộ nhiệm kỳ 2025-2030.",
    "Đ/c Nguyễn Thị Mai, Phó Bí thư Thường trực, chủ trì cuộc họp lúc 14:30.",
]


@pytest.fixture(scope="module")
def model_dir():
    return _underthesea_model_dir()


@pytest.fixture(scope="module")
def templates(model_dir):
    return joblib.load(model_dir / "features.bin")


@pytest.fixture(scope="module")
def dictionary(model_dir):
    return joblib.load(model_dir / "dictionary.bin")


@pytest.fixture(scope="module")
def fast(model_dir, templates, dictionary):
    return FastCRFTagger(read_crfsuite_model(model_dir / "models.bin"), templates, dictionary)


class Rust:
    """underthesea_core's featurizer and tagger: the behaviour FastCRFTagger must reproduce."""

    def __init__(self, model_dir, templates, dictionary):
        self.templates = templates
        self.tagger = underthesea_core.CRFTagger()
        self.tagger.load(str(model_dir / "models.bin"))
        self.featurizer = underthesea_core.CRFFeaturizer(templates, dictionary)

    def tag_with_score(self, tokens):
        return self.tagger.tag_with_score(self.featurizer.process([[[t] for t in tokens]])[0])


@pytest.fixture(scope="module")
def rust(model_dir, templates, dictionary):
    return Rust(model_dir, templates, dictionary)


def best_path_score(scores, transitions):
    """The Viterbi score underthesea_core reports, computed with its additions in its order."""
    score = list(scores[0])
    for emission in scores[1:]:
        score = [max(score[p] + transitions[p][y] for p in range(len(score))) + emission[y] for y in range(len(score))]
    return max(score)


def assert_same_as_rust(fast, rust, tokens):
    tags, score = rust.tag_with_score(tokens)
    assert fast.tag(tokens) == tags, tokens
    ours = best_path_score(fast.scores(tokens).tolist(), fast._transitions)
    assert ours == score, (tokens, ours, score)  # bit for bit, not approximately


def pieces(text):
    return [p.text for p in pretokenize(normalize(text))]


@pytest.mark.parametrize("sentence", NEWS)
def test_news_sentences_get_underthesea_labels_and_scores(fast, rust, sentence):
    assert_same_as_rust(fast, rust, pieces(sentence))
    assert_same_as_rust(fast, rust, sentence.split())
    assert_same_as_rust(fast, rust, sentence.upper().split())
    assert_same_as_rust(fast, rust, sentence.lower().split())


def read_ud_texts(path):
    # the dev file writes "# text = ...", the train file "# text =..."
    return [line[len("# text =") :].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("# text =")]


def test_ud_vtb_sentences_get_underthesea_labels_and_scores(fast, rust, ud_vtb_dir):
    texts = []
    for name in ("vi_vtb-ud-dev.conllu", "vi_vtb-ud-train.conllu"):
        if (ud_vtb_dir / name).is_file():
            texts += read_ud_texts(ud_vtb_dir / name)
    assert len(texts) > 1000
    for text in texts:
        assert_same_as_rust(fast, rust, text.split())
        assert_same_as_rust(fast, rust, pieces(text))
    for text in texts[:300]:
        assert_same_as_rust(fast, rust, text.upper().split())
        assert_same_as_rust(fast, rust, text.title().split())


def test_short_sequences_and_empty_input(fast, rust):
    assert fast.tag([]) == []
    assert fast.scores([]).shape == (0, 2)
    for tokens in (["Đảng"], ["Huyện", "ủy"], ["TP.HCM", "35-NQ/TW", "."]):
        assert_same_as_rust(fast, rust, tokens)


def test_sequences_longer_than_the_precomputed_positions(fast, rust):
    tokens = [t for s in NEWS for t in pieces(s)] * 3
    assert len(tokens) > fast_crf._PRECOMPUTED_POSITIONS
    assert_same_as_rust(fast, rust, tokens)


def test_labels_stay_the_same_when_the_window_cache_is_reset(fast, rust, monkeypatch):
    monkeypatch.setattr(fast_crf, "_MAX_CACHED_WINDOWS", 40)
    monkeypatch.setattr(fast_crf, "_MAX_CACHED_TOKENS", 10)
    for sentence in NEWS:
        assert_same_as_rust(fast, rust, pieces(sentence))


def rust_case(tokens):
    featurizer = underthesea_core.CRFFeaturizer(["T[0].lower", "T[0].istitle", "T[0].isdigit"], set())
    out = []
    for feats in featurizer.process([[[t] for t in tokens]])[0]:
        lower, istitle, isdigit = (f.split("=", 1)[1] for f in feats)
        out.append((lower, istitle == "True", isdigit == "True"))
    return out


def test_python_case_rules_equal_rust_for_every_plain_character():
    chars = [chr(c) for c in range(0x2FFF) if fast_crf._PLAIN.fullmatch(chr(c)) and chr(c) != " "]
    tokens = chars + [c + "a" for c in chars] + ["A" + c for c in chars] + [c + c.upper() + c.lower() for c in chars]
    assert [fast_crf._python_token_case(t) for t in tokens] == rust_case(tokens)


def test_every_vietnamese_letter_is_a_plain_character():
    letters = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
    assert fast_crf._PLAIN.fullmatch(letters + letters.upper() + normalize(letters, tone_style="new"))


@pytest.mark.parametrize("token", ["ƛ", "ɤx", "ΟΔΟΣ", "ΣΑΣ", "Москва", "北京", "😀", "\ua7cb", "\U00010d50", "ǅx", "ß", "İstanbul"])
def test_tokens_outside_plain_characters_get_rust_case(fast, rust, token):
    assert fast._case(token) == rust_case([token])[0]
    assert_same_as_rust(fast, rust, ["Ông", token, "đến", "Hà", "Nội"])


@pytest.mark.parametrize("token", ["5", "+5", "-5", "007", "2147483647", "2147483648", "-2147483648", "-2147483649",
                                   "0000000000000000000042", "9" * 5000, "1.5", "1,5", "+", "-", "٣", "²", "5a", "10.000"])
def test_isdigit_follows_rust_integer_parsing(token):
    assert fast_crf._python_token_case(token) == rust_case([token])[0]


def test_new_dictionary_changes_labels_as_in_underthesea(model_dir, templates, dictionary):
    fast = FastCRFTagger(read_crfsuite_model(model_dir / "models.bin"), templates, dictionary)
    tokens = pieces("ĐẢNG BỘ XÃ TÂN ÂN TỔ CHỨC ĐẠI HỘI LẦN THỨ XIV, NHIỆM KỲ 2025 - 2030.")
    before = fast.tag(tokens)
    assert before == Rust(model_dir, templates, dictionary).tag_with_score(tokens)[0]
    grown = set(dictionary) | {"xã tân", "xã tân ân"}
    fast.set_dictionary(grown)
    assert_same_as_rust(fast, Rust(model_dir, templates, grown), tokens)
    assert fast.tag(tokens) != before  # the cached windows were not reused


def test_segmenter_engines_give_the_same_words_as_the_lexicon_grows():
    lexicon = Lexicon(["Ban Thường vụ", "Huyện ủy"])
    engines = [CRFSegmenter(lexicon, engine="fast"), CRFSegmenter(lexicon, engine="underthesea")]
    sentences = [pieces_of(s) for s in NEWS]
    for _ in range(2):
        for p in sentences:
            fast_words, reference_words = (seg.segment(p) for seg in engines)
            assert fast_words == reference_words
        lexicon.update(["Ban Chỉ đạo 35", "bảo vệ nền tảng tư tưởng", "Hội đồng Dân tộc", "tỷ lệ tốt nghiệp"])


def pieces_of(text):
    return list(pretokenize(normalize(text)))


def test_unknown_engine_is_rejected():
    with pytest.raises(InputValueError, match="fast"):
        CRFSegmenter(Lexicon(), engine="crfsuite")


def test_model_reader_matches_underthesea_labels_and_weights(model_dir, rust):
    model = read_crfsuite_model(model_dir / "models.bin")
    assert model.labels == tuple(rust.tagger.labels()) == ("B-W", "I-W")
    assert model.state_weights.shape == (len(model.attributes), 2)
    assert np.count_nonzero(model.transitions) == 4


def test_reader_rejects_files_that_are_not_crfsuite_models(tmp_path, model_dir):
    bad = tmp_path / "models.bin"
    bad.write_bytes(b"not a model at all, just some bytes" * 3)
    with pytest.raises(ModelError, match="lCRF"):
        read_crfsuite_model(bad)
    bad.write_bytes((model_dir / "models.bin").read_bytes()[:4096])
    with pytest.raises(ModelError, match="corrupt"):
        read_crfsuite_model(bad)


def test_one_feature_model_from_the_docstring():
    model = CRFSuiteModel(("B-W", "I-W"), ("T[-1,0].is_in_dict=True",), np.array([[0.0, 2.0]]), np.zeros((2, 2)))
    assert FastCRFTagger(model, ["T[-1,0].is_in_dict"], {"huyện ủy"}).tag(["Huyện", "ủy", "họp"]) == ["B-W", "I-W", "B-W"]
