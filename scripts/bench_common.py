"""What the benchmark modules share: paths, the performance targets, logging
and the formatting of figures."""

import os
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target" / "bench"
TOOLS = BENCH / "tools"
NODE = BENCH / "node"

# The performance targets. Never loosened: a miss is reported with its figure.
TARGETS = {
    "load_100k_s": 1.5,
    "load_1m_s": 5.0,
    "rss_1m_mb": 500.0,
    "vs_rg_ci_min_speedup": 10.0,
    "vs_rg_cs_max_ratio": 1.5,
    "vs_textlint_min_speedup": 50.0,
    "initialize_ms": 50.0,
    "hover_p99_ms": 1.0,
    "completion_p99_ms": 10.0,
    "keystroke_p99_ms": 10.0,
    "rss_builtin_mb": 50.0,
    "reload_rss_ratio": 1.3,
    "rss_100k_mb": 150.0,
    "load_1m_warm_s": 1.0,
}


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def rel(p) -> str:
    try:
        return str(Path(os.path.abspath(p)).relative_to(ROOT))
    except ValueError:
        return str(p)


def shown(cmd) -> str:
    words = [str(c) for c in cmd]
    if words and words[0] == sys.executable:
        words[0] = "python3"
    return " ".join(shlex.quote(rel(w) if os.path.isabs(w) else w) for w in words)



def fmt_s(s):
    if s is None:
        return "–"
    if s < 1:
        return f"{s * 1e3:.0f} ms" if s >= 0.01 else f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_ms(ms):
    if ms is None:
        return "–"
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.0f} ms"


def fmt_bytes(b):
    for unit, n in (("MB", 1024 * 1024), ("KB", 1024)):
        if b >= n:
            return f"{b / n:.0f} {unit}"
    return f"{b} B"


def fmt_bytes_label(manifest, label):
    for d in manifest["docs"]:
        if d["label"] == label:
            return fmt_bytes(d["bytes"])
    return label


def find(rows, **kw):
    for r in rows:
        if all(r.get(k) == v for k, v in kw.items()):
            return r
    return None

