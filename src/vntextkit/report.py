"""A self-contained HTML report of tagged records (``vntextkit report``).

One file, no network: topic counts by month (by quarter or year for long
spans) as an inline SVG chart, the most mentioned people with their roles, the
most mentioned units, and every document with its topics and its entities
highlighted, fifty to a page.
Everything that comes from the documents is escaped, so a document holding
``<script>`` shows it as text.
"""
from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable

from .corpus import load_jsonl
from .entities.summary import summarize

PAGE_SIZE = 50
_COLORS = {"PERSON": "#f9d5a7", "ORG": "#b5d8f7", "LOC": "#c9efc4", "DOCUMENT": "#e6ccf5"}
_TOPIC_COLORS = ["#c0392b", "#2471a3", "#229954", "#b9770e", "#7d3c98", "#566573"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#8b1a1a;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}section.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:12px 0}
table{border-collapse:collapse;font-size:14px}td,th{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
.ent{padding:1px 3px;border-radius:3px}.ent sub{font-size:9px;font-weight:bold;opacity:.7;margin-left:2px}
.doc{border-top:1px solid #eee;padding:8px 0}.doc h3{font-size:15px;margin:4px 0}.tags span{display:inline-block;background:#eee;border-radius:10px;padding:0 8px;margin-right:4px;font-size:12px}
.text{white-space:pre-wrap;line-height:1.6;font-size:14px}nav.pager button{margin:2px}nav.pager .current{font-weight:bold}
.legend span{margin-right:12px;font-size:13px}
"""

_JS = """
(function(){
  var pages=document.querySelectorAll('section.page');var nav=document.getElementById('pager');
  function show(k){for(var i=0;i<pages.length;i++){pages[i].hidden=(i!==k);}
    var b=nav.querySelectorAll('button');for(var j=0;j<b.length;j++){b[j].className=(j===k?'current':'');}}
  for(var i=0;i<pages.length;i++){var b=document.createElement('button');b.textContent=String(i+1);
    b.addEventListener('click',(function(k){return function(){show(k);};})(i));nav.appendChild(b);}
  if(pages.length){show(0);}
})();
"""
# The page allows only this one script (by its hash): even if a document's text
# ever reached the page unescaped, its <script> or onerror= would not run.
_JS_CSP_HASH = "sha256-" + base64.b64encode(hashlib.sha256(_JS.encode("utf-8")).digest()).decode("ascii")


def _e(value) -> str:
    return html.escape(str(value), quote=True)


# Inline as well as in _CSS, so highlight() looks the same pasted anywhere (a notebook, an e-mail).
_MARK_STYLE = "padding:1px 3px;border-radius:3px;color:inherit"
_SUB_STYLE = "font-size:0.65em;font-weight:bold;opacity:.7;margin-left:2px"


def highlight(text: str, entities: list[dict]) -> str:
    """``text`` as HTML with each entity in a labelled ``<mark>``; all text escaped.

    ``entities`` are dicts with ``start``, ``end`` (offsets into ``text``) and
    ``label``, optionally ``role`` and ``canonical`` (shown on hover), as
    ``Span.to_dict()`` and ``vntextkit tag`` give them.
    """
    out, pos = [], 0
    for ent in sorted(entities, key=lambda e: (e["start"], -e["end"])):
        s, e = ent["start"], ent["end"]
        if s < pos or e > len(text) or s >= e:
            continue  # overlapping or out of range: show as plain text
        out.append(_e(text[pos:s]))
        title = ent["label"] + (f" | {ent['role']}" if ent.get("role") else "") + (
            f" | {ent['canonical']}" if ent.get("canonical") else "")
        color = _COLORS.get(ent["label"], "#ddd")
        out.append(f'<mark class="ent ent-{_e(ent["label"])}" style="background:{color};{_MARK_STYLE}" '
                   f'title="{_e(title)}">{_e(text[s:e])}<sub style="{_SUB_STYLE}">{_e(ent["label"])}</sub></mark>')
        pos = e
    out.append(_e(text[pos:]))
    return "".join(out)


def _month_of(value) -> tuple[int, int] | None:
    """(year, month) of an ISO date ("2024-03-05", "2024-03"), else None."""
    text = str(value or "")
    if len(text) >= 7 and text[:4].isdigit() and text[4] == "-" and text[5:7].isdigit() and 1 <= int(text[5:7]) <= 12:
        return int(text[:4]), int(text[5:7])
    return None


def _bucket_names(first: tuple[int, int], last: tuple[int, int]) -> tuple[str, list[str], Callable]:
    """The time unit, every bucket from ``first`` to ``last`` (empty ones too, so
    the x axis is linear in time) and the function naming a (year, month)."""
    n_months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    if n_months <= 36:
        unit, name = "month", lambda ym: f"{ym[0]}-{ym[1]:02d}"
    elif n_months <= 36 * 3:
        unit, name = "quarter", lambda ym: f"{ym[0]}-Q{(ym[1] - 1) // 3 + 1}"
    else:
        unit, name = "year", lambda ym: str(ym[0])
    names: list[str] = []
    y, m = first
    for _ in range(n_months):
        if not names or names[-1] != name((y, m)):
            names.append(name((y, m)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return unit, names, name


def _svg_chart(records: list[dict], labels: list[str]) -> tuple[str, str]:
    """(time unit, HTML of the chart): documents per topic per month, or per
    quarter or year when the records span more than three or nine years."""
    dated = [(ym, r.get("topics", [])) for r in records if (ym := _month_of(r.get("date"))) is not None]
    if not dated:
        return "month", "<p>No dates (YYYY-MM-DD) in the records: no chart.</p>"
    unit, buckets, name = _bucket_names(min(d[0] for d in dated), max(d[0] for d in dated))
    counts: dict[str, Counter] = defaultdict(Counter)
    for ym, topics in dated:
        counts[name(ym)].update(topics)
    w, h, pad = 900, 260, 40
    top = max(1, max((max(c.values(), default=0) for c in counts.values()), default=0))
    step = (w - 2 * pad) / max(1, len(buckets) - 1)

    def x(i: int) -> float:
        return pad + i * step if len(buckets) > 1 else w / 2

    def y(v: float) -> float:
        return h - pad - (v / top) * (h - 1.5 * pad)

    parts = [f'<svg id="topic-chart" role="img" aria-label="Documents per topic by {unit}" width="{w}" height="{h}" '
             f'viewBox="0 0 {w} {h}">',  # inline SVG in HTML needs no xmlns: no URL at all in the file
             f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#888"/>',
             f'<line x1="{pad}" y1="{pad / 2}" x2="{pad}" y2="{h - pad}" stroke="#888"/>']
    for v in sorted({0, top // 2, top}):
        parts.append(f'<text x="{pad - 6}" y="{y(v) + 4:.1f}" font-size="11" text-anchor="end">{v}</text>')
    every = max(1, -(-len(buckets) // 12))
    for i, b in enumerate(buckets):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{h - pad + 14}" font-size="10" text-anchor="middle">{_e(b)}</text>')
    for k, lab in enumerate(labels):
        color = _TOPIC_COLORS[k % len(_TOPIC_COLORS)]
        pts = [(x(i), y(counts[b][lab])) for i, b in enumerate(buckets)]
        parts.append(f'<polyline class="series" data-topic="{_e(lab)}" fill="none" stroke="{color}" '
                     f'stroke-width="2" points="{" ".join(f"{px:.1f},{py:.1f}" for px, py in pts)}"/>')
        if len(pts) <= 40:  # dots keep a lone or sparse point visible
            parts.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"/>' for px, py in pts)
    parts.append("</svg>")
    legend = "".join(f'<span style="color:{_TOPIC_COLORS[k % len(_TOPIC_COLORS)]}">&#9632; {_e(lab)}</span>'
                     for k, lab in enumerate(labels))
    return unit, "".join(parts) + f'<div class="legend">{legend}</div>'


def _read_jsonl(path) -> list[dict]:
    records = load_jsonl(path)  # names the file and line of a bad record
    for r in records:
        r.pop("_line", None)
    return records


def render_report(records: list[dict], title: str = "vntextkit report", top: int = 20) -> str:
    """The report as one HTML string."""
    labels = sorted({t for r in records for t in r.get("topic_scores", {})} | {t for r in records for t in r.get("topics", [])})
    summary = summarize(records, top=top)
    counts = Counter(t for r in records for t in r.get("topics", []))
    people_rows = "".join(
        f"<tr><td>{_e(p['person'])}</td><td>{p['mentions']}</td><td>{p['documents']}</td>"
        f"<td>{_e('; '.join(f'{r} ({n})' for r, n in p['roles'].items()))}</td></tr>" for p in summary.people)
    unit_rows = "".join(f"<tr><td>{_e(u['unit'])}</td><td>{u['mentions']}</td><td>{u['documents']}</td></tr>"
                        for u in summary.units)
    pages = []
    for start in range(0, len(records), PAGE_SIZE):
        docs = []
        for r in records[start : start + PAGE_SIZE]:
            tags = "".join(f"<span>{_e(t)} {r.get('topic_scores', {}).get(t, 0):.2f}</span>" for t in r.get("topics", []))
            meta = " · ".join(_e(r[k]) for k in ("date", "province", "outlet_type") if r.get(k))
            body = (f'<div class="text">{highlight(r["text"], r.get("entities", []))}</div>' if isinstance(r.get("text"), str)
                    else "<p>" + _e(", ".join(f"{e['text']} ({e['label']})" for e in r.get("entities", []))) + "</p>")
            docs.append(f'<article class="doc" data-id="{_e(r.get("id", ""))}"><h3>{_e(r.get("title") or r.get("id", ""))}</h3>'
                        f'<div class="meta">{meta}</div><div class="tags">{tags or "<span>(no topic)</span>"}</div>'
                        f'<details><summary>text and entities</summary>{body}</details></article>')
        pages.append(f'<section class="page" data-page="{start // PAGE_SIZE + 1}">{"".join(docs)}</section>')
    unit, chart = _svg_chart(records, labels)
    topic_rows = "".join(f"<tr><td>{_e(lab)}</td><td>{counts[lab]}</td></tr>" for lab in labels)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '{_JS_CSP_HASH}'; img-src data:">
<style>{_CSS}</style></head><body>
<header><h1>{_e(title)}</h1><div>{len(records)} documents</div></header><main>
<section class="card" id="topics"><h2>Topics by {unit}</h2>{chart}
<table><tr><th>topic</th><th>documents</th></tr>{topic_rows}</table></section>
<section class="card" id="people"><h2>Most mentioned people</h2>
<table><tr><th>person</th><th>mentions</th><th>documents</th><th>roles seen</th></tr>{people_rows}</table></section>
<section class="card" id="units"><h2>Most mentioned units</h2>
<table><tr><th>unit</th><th>mentions</th><th>documents</th></tr>{unit_rows}</table></section>
<section class="card" id="documents"><h2>Documents</h2><nav class="pager" id="pager"></nav>{"".join(pages)}</section>
</main><script>{_JS}</script></body></html>
"""


def write_report(tagged: str | Path, output: str | Path, texts: str | Path | None = None,
                 title: str = "vntextkit report") -> int:
    """Write the report of a tagged JSON Lines file; return the number of documents.

    ``texts`` is the input file the records were tagged from (JSON Lines with
    ``id`` and ``text``), used when the tagged records do not carry their text.
    """
    records = list(_read_jsonl(tagged))
    if texts:
        by_id = {str(r.get("id")): r for r in _read_jsonl(texts)}
        for r in records:
            src = by_id.get(str(r.get("id")))
            if src:
                for k, v in src.items():
                    r.setdefault(k, v)
    Path(output).write_text(render_report(records, title), encoding="utf-8")
    return len(records)
