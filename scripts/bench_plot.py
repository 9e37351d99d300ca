"""Drawing the report's SVG plots from a run's results, without dependencies."""

import math
from pathlib import Path

from bench_common import TARGETS, find

COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]


def svg_chart(title, xlabel, ylabel, series, logx=True, logy=True, targets=(), width=760, height=400):
    """A line chart: series = [(label, [(x, y), ...])], targets = [(label, x, y)]."""
    pts = [p for _, data in series for p in data] + [(x, y) for _, x, y in targets]
    pts = [(x, y) for x, y in pts if x and y and x > 0 and y > 0]
    if not pts:
        return None
    ml, mr, mt, mb = 70, 260, 40, 55
    pw, ph = width - ml - mr, height - mt - mb

    def span(vals, log):
        lo, hi = min(vals), max(vals)
        if log:
            lo = 10 ** math.floor(math.log10(lo) + 0.02)
            hi = 10 ** math.ceil(math.log10(hi) - 0.03)
            if lo == hi:
                hi *= 10
        else:
            lo = 0
            hi = hi * 1.1 if hi > 0 else 1
        return lo, hi

    x0, x1 = span([p[0] for p in pts], logx)
    y0, y1 = span([p[1] for p in pts], logy)

    def sx(x):
        f = (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0)) if logx else (x - x0) / (x1 - x0)
        return ml + f * pw

    def sy(y):
        f = (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0)) if logy else (y - y0) / (y1 - y0)
        return mt + ph - f * ph

    def ticks(lo, hi, log):
        if log:
            out, v = [], lo
            while v <= hi * 1.0001:
                out.append(v)
                v *= 10
            return out
        step = 10 ** math.floor(math.log10(hi / 4)) if hi > 0 else 1
        while hi / step > 8:
            step *= 2
        return [i * step for i in range(int(hi / step) + 1)]

    def label(v):
        if v >= 1e6:
            return f"{v / 1e6:g}M"
        if v >= 1e3:
            return f"{v / 1e3:g}k"
        return f"{v:g}"

    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{ml + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{esc(title)}</text>']
    for t in ticks(x0, x1, logx):
        X = sx(t)
        o.append(f'<line x1="{X:.1f}" y1="{mt}" x2="{X:.1f}" y2="{mt + ph}" stroke="#e5e5e5"/>')
        o.append(f'<text x="{X:.1f}" y="{mt + ph + 16}" text-anchor="middle">{label(t)}</text>')
    for t in ticks(y0, y1, logy):
        Y = sy(t)
        o.append(f'<line x1="{ml}" y1="{Y:.1f}" x2="{ml + pw}" y2="{Y:.1f}" stroke="#e5e5e5"/>')
        o.append(f'<text x="{ml - 6}" y="{Y + 4:.1f}" text-anchor="end">{label(t)}</text>')
    o.append(f'<rect x="{ml}" y="{mt}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    o.append(f'<text x="{ml + pw / 2}" y="{height - 14}" text-anchor="middle">{esc(xlabel)}</text>')
    o.append(f'<text transform="translate(16,{mt + ph / 2}) rotate(-90)" text-anchor="middle">{esc(ylabel)}</text>')
    ly = mt + 10
    for i, (name, data) in enumerate(series):
        c = COLORS[i % len(COLORS)]
        data = [(x, y) for x, y in data if x and y and x > 0 and y > 0]
        if len(data) > 1:
            path = " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in data)
            o.append(f'<polyline points="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for x, y in data:
            o.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="{c}"><title>{esc(name)}: {y:.3g} at {label(x)}</title></circle>')
        o.append(f'<line x1="{ml + pw + 12}" y1="{ly}" x2="{ml + pw + 32}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        o.append(f'<text x="{ml + pw + 38}" y="{ly + 4}">{esc(name)}</text>')
        ly += 18
    for name, x, y in targets:
        X, Y = sx(x), sy(y)
        o.append(f'<path d="M{X - 6:.1f},{Y:.1f} L{X + 6:.1f},{Y:.1f} M{X:.1f},{Y - 6:.1f} L{X:.1f},{Y + 6:.1f}" stroke="#000" stroke-width="2"/>')
        o.append(f'<text x="{X + 8:.1f}" y="{Y - 6:.1f}" font-size="11">{esc(name)}</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


def plots(res, outdir: Path):
    outdir.mkdir(parents=True, exist_ok=True)
    made = []
    loads = [r for r in res["loads"] if r.get("wall_s")]
    folder = [(r["entries"], r["wall_s"]) for r in loads if r["kind"] == "folder"]
    table = [(r["entries"], r["wall_s"]) for r in loads if r["kind"] == "csv"]
    svg = svg_chart("Load and index time vs glossary size", "entries", "seconds (median)",
                    [("folder (house format)", folder), ("one CSV file", table)],
                    targets=[("target 100k folder", 100_000, TARGETS["load_100k_s"]), ("target 1M CSV", 1_000_000, TARGETS["load_1m_s"])] if not res["smoke"] else [])
    if svg:
        (outdir / "index-build-time.svg").write_text(svg)
        made.append(("Load and index time", "index-build-time.svg"))
    folder = [(r["entries"], r["rss_mb"]) for r in loads if r["kind"] == "folder"]
    table = [(r["entries"], r["rss_mb"]) for r in loads if r["kind"] == "csv"]
    svg = svg_chart("Peak memory of load and index vs glossary size", "entries", "peak RSS (MB)",
                    [("folder (house format)", folder), ("one CSV file", table)],
                    targets=[("target 1M", 1_000_000, TARGETS["rss_1m_mb"])] if not res["smoke"] else [])
    if svg:
        (outdir / "index-memory.svg").write_text(svg)
        made.append(("Peak memory of load and index", "index-memory.svg"))
    mid = res["mid_glossary"]
    series = []
    for tool in ("glossary-ls", "rg -o -F -w", "rg -o -F -i -w"):
        pts = []
        for r in res["scans"]:
            if r["tool"] == tool and r["glossary"] == mid and r["bytes"] and r.get("wall_s"):
                pts.append((r["bytes"], r["bytes"] / 1e6 / r["wall_s"]))
        if pts:
            series.append((f"{tool} (end to end)", sorted(pts)))
    for tool, what in (("glossary-ls", "less glossary load"), ("rg -o -F -w", "less pattern compile")):
        empty = find(res["scans"], tool=tool, glossary=mid, doc="empty")
        if not empty or not empty.get("wall_s"):
            continue
        pts = []
        for r in res["scans"]:
            if r["tool"] == tool and r["glossary"] == mid and r["bytes"] and r.get("wall_s"):
                dt = r["wall_s"] - empty["wall_s"]
                if dt > 0.002:
                    pts.append((r["bytes"], r["bytes"] / 1e6 / dt))
        if pts:
            series.append((f"{tool} ({what})", sorted(pts)))
    svg = svg_chart(f"Scan throughput vs document size ({mid} terms)", "document bytes", "MB/s", series, logy=True)
    if svg:
        (outdir / "scan-throughput.svg").write_text(svg)
        made.append(("Scan throughput", "scan-throughput.svg"))
    return made
