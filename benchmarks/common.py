"""Helpers shared by the benchmark scripts: locating shared data, timing, tables."""
from __future__ import annotations

import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VNTEXTKIT_SHARED", ROOT.parent / "shared"))
UD_VTB = SHARED / "corpora" / "ud-vtb"


def require(path: Path) -> Path:
    """Exit cleanly (status 0, a message on stderr) when a data file is absent."""
    if not path.exists():
        print(f"skipped: {path} is not here (set VNTEXTKIT_SHARED to the shared folder)", file=sys.stderr)
        sys.exit(0)
    return path


def timed(fn, *args, repeat: int = 1, **kwargs):
    """Run ``fn`` ``repeat`` times; return (last result, best wall time in seconds)."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        best = min(best, time.perf_counter() - t0)
    return result, best


def peak_rss_mb() -> float:
    """Peak resident memory of this process (and its finished children) in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def machine() -> str:
    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}"


def table(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table."""
    def fmt(v):
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
        return str(v)

    cells = [[fmt(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, cells)])


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
