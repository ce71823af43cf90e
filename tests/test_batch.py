"""The batch tagging command: formats, errors, order, resume after a kill,
parallel workers and Dask."""
import csv
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vntextkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus" / "corpus.jsonl"


def corpus_records(n, offset=0):
    out = []
    with open(CORPUS, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < offset:
                continue
            d = json.loads(line)
            out.append({"id": d["id"], "text": d["text"], "date": d["date"], "source": d["outlet_type"]})
            if len(out) == n:
                break
    return out


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path):
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def feed(tmp_path):
    return write_jsonl(tmp_path / "feed.jsonl", corpus_records(12))


def test_jsonl_in_jsonl_out_in_input_order_with_passthrough_fields(tmp_path, feed):
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(feed), "-o", str(out), "--quiet"]) == 0
    rows = read_jsonl(out)
    src = read_jsonl(feed)
    assert [r["id"] for r in rows] == [r["id"] for r in src]
    assert all(r["date"] == s["date"] and r["source"] == s["source"] for r, s in zip(rows, src))
    first = rows[0]
    assert set(first) >= {"id", "topics", "topic_scores", "entities"}
    assert "text" not in first
    ent = first["entities"][0]
    assert {"text", "label", "start", "end", "canonical"} <= set(ent)
    assert src[0]["text"][ent["start"] : ent["end"]] == ent["text"]
    assert (tmp_path / "out.jsonl.errors.jsonl").read_text() == ""


def test_every_kind_of_bad_record_goes_to_the_errors_file_and_the_run_goes_on(tmp_path):
    good = corpus_records(3)
    lines = [json.dumps(good[0], ensure_ascii=False).encode(),
             b"{not json",
             json.dumps({"id": "no-text", "body": "x"}).encode(),
             json.dumps({"id": "num", "text": 42}).encode(),
             json.dumps({"id": "empty", "text": "   "}).encode(),
             json.dumps({"id": "long", "text": "a" * 5000}).encode(),
             b'{"id": "latin1", "text": "caf\xe9"}',
             b"[1, 2]",
             json.dumps(good[1], ensure_ascii=False).encode()]
    feed = tmp_path / "bad.jsonl"
    feed.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(feed), "-o", str(out), "--quiet", "--max-chars", "4000"]) == 1
    assert [r["id"] for r in read_jsonl(out)] == [good[0]["id"], good[1]["id"]]
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["line"] for e in errors] == [2, 3, 4, 5, 6, 7, 8]
    reasons = " | ".join(e["error"] for e in errors)
    for expected in ("invalid JSON", "no 'text' field", "is int, not a string", "empty text",
                     "over the limit of 4,000", "not UTF-8", "expected a JSON object"):
        assert expected in reasons
    assert all(e["input"] == str(feed) for e in errors)


def test_csv_in_and_csv_out_with_text_and_id_options(tmp_path):
    rows = corpus_records(7)
    src = tmp_path / "feed.csv"
    with open(src, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["ma", "noi_dung", "date"])
        w.writeheader()
        for r in rows:
            w.writerow({"ma": r["id"], "noi_dung": r["text"], "date": r["date"]})
    out = tmp_path / "out.csv"
    assert main(["tag", str(src), "-o", str(out), "--quiet", "--text-field", "noi_dung", "--id-field", "ma",
                 "--chunk-size", "3"]) == 0
    with open(out, encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert [g["id"] for g in got] == [r["id"] for r in rows]
    assert isinstance(json.loads(got[0]["entities"]), list)


def test_txt_file_and_folder_inputs_get_ids_from_file_names(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for r in corpus_records(2):
        (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(folder), "-o", str(out), "--quiet"]) == 0
    assert sorted(r["id"] for r in read_jsonl(out)) == sorted(p.stem for p in folder.glob("*.txt"))


def test_ids_are_generated_from_line_numbers_when_absent(tmp_path):
    rows = [{"text": r["text"]} for r in corpus_records(2)]
    feed = write_jsonl(tmp_path / "noid.jsonl", rows)
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(feed), "-o", str(out), "--quiet"]) == 0
    assert [r["id"] for r in read_jsonl(out)] == ["noid:1", "noid:2"]


def test_fields_option_narrows_the_output(tmp_path, feed):
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(feed), "-o", str(out), "--quiet", "--fields", "id,topics"]) == 0
    assert all(set(r) == {"id", "topics"} for r in read_jsonl(out))


def test_existing_output_is_not_overwritten_without_force(tmp_path, feed):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    assert main(["tag", str(feed), "-o", str(out), "--quiet"]) == 3
    assert out.read_text() == "precious\n"
    assert main(["tag", str(feed), "-o", str(out), "--quiet", "--force"]) == 0
    assert len(read_jsonl(out)) == 12


def test_missing_input_is_a_clear_error(tmp_path, capsys):
    assert main(["tag", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl")]) == 3
    assert "no such file" in capsys.readouterr().err


def test_two_processes_give_the_same_output_as_one(tmp_path):
    feed = write_jsonl(tmp_path / "feed.jsonl", corpus_records(20))
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["tag", str(feed), "-o", str(a), "--quiet", "--chunk-size", "4"]) == 0
    assert main(["tag", str(feed), "-o", str(b), "--quiet", "--chunk-size", "4", "--n-jobs", "2"]) == 0
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")


def _cli(*args, **kwargs):
    return subprocess.Popen([sys.executable, "-m", "vntextkit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            **kwargs)


def test_stdin_input_and_logs_never_in_the_output(tmp_path):
    rows = corpus_records(2)
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-m", "vntextkit", "tag", "-", "-o", str(out)],
                          input="".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode(),
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [r["id"] for r in read_jsonl(out)] == [r["id"] for r in rows]
    assert b"records" in proc.stderr and proc.stdout == b""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_killed_run_resumes_with_every_record_exactly_once(tmp_path, sig):
    rows = corpus_records(150)
    feed = write_jsonl(tmp_path / "feed.jsonl", rows)
    out = tmp_path / "out.jsonl"
    parts = tmp_path / "out.jsonl.parts"
    proc = _cli("tag", str(feed), "-o", str(out), "--chunk-size", "5", "--quiet")
    deadline = time.time() + 240
    while time.time() < deadline and len(list(parts.glob("out-*.jsonl"))) < 3:
        time.sleep(0.05)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    assert not out.exists()
    done_before = len(list(parts.glob("out-*.jsonl")))
    assert 3 <= done_before < 30
    for chunk in parts.glob("out-*.jsonl"):
        assert chunk.read_bytes().endswith(b"\n") or chunk.stat().st_size == 0  # complete or absent
    # without --resume the unfinished run is protected
    assert main(["tag", str(feed), "-o", str(out), "--quiet"]) == 3
    assert main(["tag", str(feed), "-o", str(out), "--quiet", "--chunk-size", "5", "--resume"]) == 0
    got = read_jsonl(out)
    assert [r["id"] for r in got] == [r["id"] for r in rows]
    assert not parts.exists()


def test_resume_after_a_finished_run_changes_nothing(tmp_path, feed):
    out = tmp_path / "out.jsonl"
    assert main(["tag", str(feed), "-o", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    assert main(["tag", str(feed), "-o", str(out), "--quiet", "--resume"]) == 0
    assert out.read_bytes() == before
    from vntextkit.batch import tag_files

    summary = tag_files([str(feed)], out, resume=True, quiet=True)
    assert (summary.records, summary.tagged, summary.failed) == (12, 12, 0)


def test_progress_bar_only_on_a_terminal(tmp_path, feed):
    from vntextkit.batch.runner import TagRun

    class Tty:
        def __init__(self):
            self.buf = []

        def write(self, s):
            self.buf.append(s)

        def flush(self):
            pass

        def isatty(self):
            return True

    tty = Tty()
    TagRun([str(feed)], tmp_path / "a.jsonl", progress_stream=tty).run()
    shown = "".join(tty.buf)
    assert "doc/s" in shown or "s/doc" in shown
    tty2 = Tty()
    TagRun([str(feed)], tmp_path / "b.jsonl", progress_stream=tty2, quiet=True).run()
    assert tty2.buf == []


def test_help_shows_examples_and_version():
    proc = subprocess.run([sys.executable, "-m", "vntextkit", "tag", "--help"], capture_output=True, text=True)
    assert "examples:" in proc.stdout and "exit codes" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "vntextkit", "--version"], capture_output=True, text=True)
    assert proc.stdout.startswith("vntextkit ")


def test_tag_on_a_dask_local_cluster_and_dask_collections(tmp_path, feed):
    distributed = pytest.importorskip("distributed")
    db = pytest.importorskip("dask.bag")
    dd = pytest.importorskip("dask.dataframe")
    import pandas as pd

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        out = tmp_path / "dask.jsonl"
        local = tmp_path / "local.jsonl"
        assert main(["tag", str(feed), "-o", str(out), "--quiet", "--scheduler", cluster.scheduler_address]) == 0
        assert main(["tag", str(feed), "-o", str(local), "--quiet"]) == 0
        assert out.read_text(encoding="utf-8") == local.read_text(encoding="utf-8")

        from vntextkit.batch.dask_backend import tag_bag, tag_dataframe

        with distributed.Client(cluster):
            records = read_jsonl(feed)[:4] + [{"id": "e", "text": ""}]
            tagged = tag_bag(db.from_sequence(records, npartitions=2)).compute()
            assert [t["id"] for t in tagged] == [r["id"] for r in records]
            assert "topics" in tagged[0] and tagged[-1]["error"]
            df = dd.from_pandas(pd.DataFrame(records[:4]), npartitions=2)
            frame = tag_dataframe(df).compute()
            assert list(frame["id"]) == [r["id"] for r in records[:4]]
            assert frame["error"].isna().all()
