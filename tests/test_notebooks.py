"""The notebooks in notebooks/ run top to bottom, offline, and show what they promise.

Each is executed on an in-memory copy (the committed file is not touched) with
the ``python3`` kernel and ``notebooks/`` as working directory. Deselect with
``-m "not notebooks"``.

To refresh the outputs saved in the committed notebooks::

    python tests/test_notebooks.py --save            # all four
    python tests/test_notebooks.py --save 02_feed_trends
"""
from __future__ import annotations

import base64
import copy
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_quickstart", "02_feed_trends", "03_people_and_units", "04_custom_topics"]
CELL_TIMEOUT = 300
MAX_SAVED_BYTES = 300_000

nbformat = pytest.importorskip("nbformat")


def execute(name: str):
    """Run notebook ``name`` and return the executed copy (raises on a cell error)."""
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nb = copy.deepcopy(nb)
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])]


def texts(nb) -> str:
    """Every text, HTML and stream output of the notebook, joined."""
    parts = []
    for out in outputs(nb):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/html"):
            value = out.get("data", {}).get(mime)
            if value:
                parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def images(nb) -> list[bytes]:
    return [base64.b64decode(out["data"]["image/png"]) for out in outputs(nb) if "image/png" in out.get("data", {})]


def errors(nb) -> list[str]:
    return [f"{out.get('ename')}: {out.get('evalue')}" for out in outputs(nb) if out.get("output_type") == "error"]


@pytest.fixture(scope="module")
def executed():
    pytest.importorskip("nbclient")
    pytest.importorskip("pandas")
    pytest.importorskip("matplotlib")
    cache: dict = {}

    def run(name):
        if name not in cache:
            cache[name] = execute(name)
        return cache[name]

    return run


def _is_png(data: bytes) -> bool:
    return data[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.notebooks
def test_quickstart_shows_tokens_topics_reasons_and_highlighted_entities(executed):
    nb = executed("01_quickstart")
    assert not errors(nb)
    out = texts(nb)
    assert "Huyện ủy Ngọc Hiển" in out  # normalized from "Huyện uỷ"
    assert "party_building" in out and "pushes up" in out
    assert '<mark class="ent ent-PERSON"' in out and "Phạm Chí Hải" in out
    assert "Bí thư Huyện uỷ Ngọc Hiển" in out  # the role, shown as written
    assert "Nghị quyết số 21-NQ/TW" in out


@pytest.mark.notebooks
def test_feed_trends_tags_the_feed_and_plots_topic_shares(executed):
    nb = executed("02_feed_trends")
    assert not errors(nb)
    out = texts(nb)
    n_feed = sum(1 for line in (ROOT / "data" / "examples" / "feed.jsonl").open(encoding="utf-8") if line.strip())
    assert f"{n_feed} tagged, 0 failed" in out
    assert "provincial_party_newspaper" in out  # the outlet-type breakdown
    assert f"{n_feed} documents -> report.html" in out
    pngs = images(nb)
    assert len(pngs) >= 2 and all(_is_png(p) and len(p) > 5_000 for p in pngs)


@pytest.mark.notebooks
def test_people_and_units_summarizes_roles_and_plots_cooccurrence(executed):
    nb = executed("03_people_and_units")
    assert not errors(nb)
    out = texts(nb)
    assert "Hồ Chí Minh" in out and "Bộ Chính trị" in out
    assert "people were given a role at least once" in out
    assert "secretaries named in" in out
    assert len(images(nb)) >= 2  # units bar chart and the heatmap


@pytest.mark.notebooks
def test_custom_topics_trains_evaluates_and_reloads_the_model(executed):
    nb = executed("04_custom_topics")
    assert not errors(nb)
    out = texts(nb)
    for label in ("agriculture", "awards", "party_meetings"):
        assert label in out
    assert "macro F1" in out
    assert "same test predictions as the model trained above: True" in out
    assert "model_card.json" in out
    assert len(images(nb)) >= 1  # the per-label confusion matrices


@pytest.mark.notebooks
@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_outputs_and_stays_small(name):
    path = NOTEBOOKS / f"{name}.ipynb"
    assert path.stat().st_size < MAX_SAVED_BYTES, f"{path.name} is {path.stat().st_size} bytes; keep it small"
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), f"{path.name}: run `python tests/test_notebooks.py --save`"
    assert not errors(nb)


def _save(names: list[str]) -> None:
    for name in names:
        t0 = time.perf_counter()
        nb = execute(name)
        for cell in nb.cells:  # volatile metadata only makes diffs noisy
            cell.get("metadata", {}).pop("execution", None)
        path = NOTEBOOKS / f"{name}.ipynb"
        nbformat.write(nb, path)
        print(f"{name}: {time.perf_counter() - t0:.1f} s, {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    if sys.argv[1:2] != ["--save"]:
        sys.exit("usage: python tests/test_notebooks.py --save [NAME ...]")
    _save(sys.argv[2:] or NAMES)
