"""The HTML report: escaped, self-contained, and working in a real browser.

The browser tests drive Debian's chromium headless (``apt-get install -y
chromium``) and are skipped when it is not installed.
"""
from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from vntextkit.cli import main as cli_main
from vntextkit.errors import DataError
from vntextkit.report import PAGE_SIZE, highlight, render_report, write_report

SCRIPT = "<script>alert(1)</script>"
ATTR_BREAK = '"><img src=x onerror=alert(1)>'
# What a browser would show if these ran: a changed title and an extra element.
RUNNING_SCRIPT = "<script>document.title='pwned';document.body.appendChild(document.createElement('xss-ran'))</script>"
RUNNING_ATTR = "\"><img src=x onerror=\"document.title='pwned';document.body.appendChild(document.createElement('xss-ran'))\">"

CHROMIUM = Path("/usr/bin/chromium")


def article(i: int, date: str = "2024-03-15") -> dict:
    """A tagged record with its text, as `vntextkit report --texts` joins them."""
    text = ("Đồng chí Phạm Chí Hải, Bí thư Huyện ủy Ngọc Hiển, dự lễ kết nạp đảng viên tại Chi bộ ấp 3. "
            "Ông Nguyễn Văn Tư, Chủ tịch UBND xã Tân Ân, trao quyết định.")
    ents = []
    for surface, label, role in [("Phạm Chí Hải", "PERSON", "Bí thư Huyện ủy Ngọc Hiển"), ("Huyện ủy Ngọc Hiển", "ORG", None),
                                 ("Chi bộ ấp 3", "ORG", None), ("Nguyễn Văn Tư", "PERSON", "Chủ tịch UBND xã Tân Ân"),
                                 ("UBND xã Tân Ân", "ORG", None)]:
        start = text.index(surface)
        ent = {"text": surface, "label": label, "start": start, "end": start + len(surface), "canonical": surface}
        if role:
            ent["role"] = role
        ents.append(ent)
    return {"id": f"cm-{i:03d}", "title": f"Ngọc Hiển kết nạp đảng viên mới ({i})", "date": date,
            "province": "Cà Mau", "outlet_type": "district_portal", "text": text,
            "topics": ["party_building"], "topic_scores": {"party_building": 0.97, "production_model": 0.02},
            "entities": ents}


def hostile(payload: str, attr_payload: str) -> dict:
    """A record whose every document-given field carries an HTML injection."""
    text = f"Ông {payload} Lê Văn Bảy {attr_payload}, Giám đốc HTX Thành Công, phát biểu."
    name_start = text.index("Lê Văn Bảy")
    return {
        "id": f"x{attr_payload}", "title": f"Tin {payload}", "date": "2024-04-02", "province": attr_payload,
        "outlet_type": payload, "text": text,
        "topics": [f"topic{payload}"], "topic_scores": {f"topic{payload}": 0.9},
        "entities": [
            # the entity covers the payload itself, and its role and canonical form carry it too
            {"text": text[4:name_start + 10], "label": "PERSON", "start": 4, "end": name_start + 10,
             "role": f"Giám đốc {attr_payload}", "canonical": f"Lê Văn Bảy {payload}"},
            {"text": "HTX Thành Công", "label": "ORG", "start": text.index("HTX"), "end": text.index("HTX") + 14,
             "canonical": f"HTX Thành Công {attr_payload}"},
        ],
    }


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [v or "" for k, v in attrs if k in ("src", "href", "action", "srcset", "poster", "data")]


def links(page: str) -> list[str]:
    """Every URL-valued attribute of every tag of ``page``."""
    parser = _Links()
    parser.feed(page)
    return parser.found


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# -- escaping ------------------------------------------------------------------

def test_script_in_title_text_entity_and_role_is_shown_as_text():
    page = render_report([article(1), hostile(SCRIPT, ATTR_BREAK)])
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the report's own pager script only


def test_attribute_breaking_payload_cannot_open_a_tag():
    page = render_report([article(1), hostile(SCRIPT, ATTR_BREAK)])
    assert "<img" not in page
    assert "onerror=alert(1)>" not in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_highlight_escapes_text_around_and_inside_marks():
    text = "A <b>x</b> Phạm Chí Hải & co"
    start = text.index("Phạm")
    out = highlight(text, [{"start": start, "end": start + 12, "label": "PERSON", "role": '"><i>'}])
    assert out.startswith("A &lt;b&gt;x&lt;/b&gt; <mark")
    assert re.search(r">Phạm Chí Hải<sub[^>]*>PERSON</sub></mark> &amp; co$", out)
    assert 'title="PERSON | &quot;&gt;&lt;i&gt;"' in out


def test_highlight_shows_overlapping_and_out_of_range_entities_as_plain_text():
    text = "Huyện ủy Ngọc Hiển"
    out = highlight(text, [{"start": 0, "end": 18, "label": "ORG"}, {"start": 9, "end": 18, "label": "LOC"},
                           {"start": 5, "end": 99, "label": "LOC"}])
    assert out.count("<mark") == 1 and re.search(r">Huyện ủy Ngọc Hiển<sub[^>]*>ORG</sub></mark>$", out)


# -- content -------------------------------------------------------------------

def test_report_has_the_topic_chart_with_one_line_per_topic():
    page = render_report([article(1, "2024-01-10"), article(2, "2024-03-05")])
    assert '<svg id="topic-chart"' in page
    assert page.count('<polyline class="series"') == 2
    assert 'data-topic="party_building"' in page and 'data-topic="production_model"' in page


def test_chart_keeps_empty_months_on_the_time_axis():
    page = render_report([article(1, "2024-01-10"), article(2, "2024-04-05")])
    for month in ("2024-01", "2024-02", "2024-03", "2024-04"):
        assert f">{month}</text>" in page
    assert "Topics by month" in page


def test_chart_groups_by_quarter_over_a_long_span():
    page = render_report([article(1, "2019-01-10"), article(2, "2024-04-05")])
    assert "Topics by quarter" in page and ">2019-Q1</text>" in page


def test_report_without_dates_says_so_instead_of_a_chart():
    rec = article(1)
    del rec["date"]
    page = render_report([rec])
    assert "topic-chart" not in page and "No dates" in page


def test_top_people_are_listed_with_their_roles_and_top_units():
    page = render_report([article(i) for i in range(3)])
    people = page[page.index('id="people"'):page.index('id="units"')]
    assert "<td>Phạm Chí Hải</td><td>3</td><td>3</td><td>Bí thư Huyện ủy Ngọc Hiển (3)</td>" in people
    # roles are counted in their canonical form: UBND is spelled out
    assert "Chủ tịch Ủy ban nhân dân xã Tân Ân (3)" in people
    units = page[page.index('id="units"'):page.index('id="documents"')]
    assert "<td>Chi bộ ấp 3</td><td>3</td><td>3</td>" in units


def test_documents_show_topics_meta_and_highlighted_entities():
    page = render_report([article(7)])
    doc = page[page.index('<article class="doc" data-id="cm-007">'):]
    assert "Ngọc Hiển kết nạp đảng viên mới (7)" in doc
    assert "2024-03-15 · Cà Mau · district_portal" in doc
    assert "<span>party_building 0.97</span>" in doc
    assert '<mark class="ent ent-PERSON"' in doc and '<mark class="ent ent-ORG"' in doc


def test_more_than_fifty_documents_are_split_into_pages():
    page = render_report([article(i) for i in range(2 * PAGE_SIZE + 7)])
    assert re.findall(r'<section class="page" data-page="(\d+)">', page) == ["1", "2", "3"]
    pages = page.split('<section class="page"')[1:]
    assert [p.count('<article class="doc"') for p in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert '<nav class="pager" id="pager">' in page


def test_report_refers_to_nothing_outside_the_file():
    page = render_report([article(i) for i in range(3)] + [hostile(SCRIPT, ATTR_BREAK)])
    assert not re.search(r"https?://", page)
    assert [link for link in links(page) if not link.startswith("data:")] == []
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # and the page says so to the browser


def test_write_report_joins_texts_from_the_input_file(tmp_path):
    full = [article(i) for i in range(3)]
    tagged = write_jsonl(tmp_path / "tagged.jsonl", [{k: v for k, v in r.items() if k != "text"} for r in full])
    texts = write_jsonl(tmp_path / "feed.jsonl", [{"id": r["id"], "text": r["text"]} for r in full])
    out = tmp_path / "report.html"
    assert write_report(tagged, out) == 3
    assert "<mark" not in out.read_text(encoding="utf-8")  # no text: entities are listed instead
    assert "Phạm Chí Hải (PERSON)" in out.read_text(encoding="utf-8")
    assert write_report(tagged, out, texts=texts) == 3
    assert out.read_text(encoding="utf-8").count('<mark class="ent ent-PERSON"') == 6


def test_report_command_writes_the_file(tmp_path):
    tagged = write_jsonl(tmp_path / "tagged.jsonl", [article(i) for i in range(2)])
    out = tmp_path / "r.html"
    assert cli_main(["report", str(tagged), "-o", str(out), "--title", "Cà Mau <tuần 12>"]) == 0
    assert "<title>Cà Mau &lt;tuần 12&gt;</title>" in out.read_text(encoding="utf-8")


def test_malformed_tagged_file_is_reported_with_its_line(tmp_path):
    tagged = tmp_path / "tagged.jsonl"
    tagged.write_text(json.dumps(article(1), ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"tagged\.jsonl:2: invalid JSON"):
        write_report(tagged, tmp_path / "r.html")
    assert cli_main(["report", str(tagged), "-o", str(tmp_path / "r.html")]) == 3


# -- in a real browser -----------------------------------------------------------

def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def browser_report(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed at /usr/bin/chromium (CI installs it: apt-get install -y chromium)")
    tmp = tmp_path_factory.mktemp("browser")
    records = [article(i, f"2024-{i % 12 + 1:02d}-10") for i in range(PAGE_SIZE + 20)]
    records.insert(3, hostile(RUNNING_SCRIPT, RUNNING_ATTR))
    path = tmp / "report.html"
    path.write_text(render_report(records, title="Báo cáo thử"), encoding="utf-8")
    return path, tmp


def dump_dom(path: Path, profile: Path) -> str:
    proc = chromium("--virtual-time-budget=3000", "--dump-dom", path.as_uri(), profile=profile)
    assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
    return proc.stdout


def test_browser_renders_chart_tables_highlights_and_pager(browser_report):
    path, tmp = browser_report
    dom = dump_dom(path, tmp / "profile-dom")
    assert '<svg id="topic-chart"' in dom
    people = dom[dom.index('id="people"'):dom.index('id="units"')]
    assert "<td>Phạm Chí Hải</td>" in people
    assert '<mark class="ent ent-PERSON"' in dom
    # the pager buttons exist only if the report's script ran
    pager = dom[dom.index('<nav class="pager" id="pager">'):]
    pager = pager[:pager.index("</nav>")]
    assert re.findall(r"<button[^>]*>(\d+)</button>", pager) == ["1", "2"]
    assert re.search(r'<section class="page" data-page="2" hidden=""', dom)


def test_browser_does_not_run_scripts_from_documents(browser_report):
    path, tmp = browser_report
    dom = dump_dom(path, tmp / "profile-xss")
    assert "<title>Báo cáo thử</title>" in dom
    assert "pwned" not in dom.split("</title>")[0]
    assert "<xss-ran" not in dom and "<img" not in dom
    assert "&lt;script&gt;document.title='pwned'" in dom  # shown as text instead


def test_browser_blocks_an_inline_script_that_escaped_escaping(browser_report):
    # Defence in depth: if a bug ever let a document's markup through, the page's
    # Content-Security-Policy allows only the report's own script.
    path, tmp = browser_report
    page = path.read_text(encoding="utf-8").replace("<main>", "<main>" + RUNNING_SCRIPT + RUNNING_ATTR[2:], 1)
    leaky = tmp / "leaky.html"
    leaky.write_text(page, encoding="utf-8")
    dom = dump_dom(leaky, tmp / "profile-csp")
    assert "<xss-ran" not in dom and "pwned" not in dom.split("</title>")[0]
    assert "<button" in dom  # while the report's own script still ran


def test_browser_screenshot_is_not_blank(browser_report):
    image = pytest.importorskip("matplotlib.image")
    np = pytest.importorskip("numpy")
    path, tmp = browser_report
    shot = tmp / "shot.png"
    proc = chromium("--screenshot=" + str(shot), "--window-size=1200,900", "--hide-scrollbars",
                    path.as_uri(), profile=tmp / "profile-shot")
    assert shot.is_file() and shot.stat().st_size > 0, proc.stderr[-2000:]
    pixels = image.imread(str(shot))[..., :3]
    assert pixels.shape[:2] == (900, 1200)
    assert pixels.std() > 0.05
    assert len(np.unique((pixels[::4, ::4] * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 20
    # the dark red header is drawn across the top of the page
    header = (pixels[10, 600] * 255).round().astype(int)
    assert abs(header - np.array([0x8B, 0x1A, 0x1A])).max() <= 8, header
