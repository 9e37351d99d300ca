"""Writing docs/performance.md from a run's results: the targets met or
missed, the tables of every comparison, and how to rerun."""

import math
from pathlib import Path

from bench_common import TARGETS, find, fmt_bytes, fmt_ms, fmt_s
from bench_terminology import section as terminology_section
from bench_terminology import target_rows as terminology_target_rows

def figure(r):
    if r is None:
        return "not measured"
    if r.get("wall_s") is None:
        return r.get("error", "not measured")
    return fmt_s(r["wall_s"])


def verdict(ok):
    return "**met**" if ok else "**missed**"


# What a profile of each missed target showed, by the start of its row's
# text. A miss without a reason here says so instead of staying silent.
WHY_MISSED = [
    ("Load and index 1M terms from one CSV",
     "the rows are read on every core, then the glossary (names, duplicates, related terms) and the matcher are "
     "built side by side, one core each, and every entry is printed. The matcher is the longer side: folding and "
     "keying about two million patterns (each name as written and closed up), then an Aho-Corasick automaton over "
     "about a million word-id prefixes, which alone takes seconds to build. Two cores share three kinds of work; "
     "caching the automaton would leave the rest (see Choosing the automaton)."),
    ("Peak RSS loading 1M terms",
     "a loaded term costs about 800 bytes: the entry (272 bytes, its rarer parts behind one pointer), its strings "
     "(slug, title, names, definition) and its related terms, each a string with a range; the glossary's name maps "
     "and the matcher's build add to that while both are built at once. 500 bytes a term all in would take a "
     "columnar store of entries (one string arena, ids instead of strings), which is not built."),
    ("Load and index 100k entries from a folder",
     "100,000 files are opened, read and parsed as Markdown with front matter, spread over two cores; a profile "
     "puts about a fifth of the time in the kernel (file system calls, page faults) and a third in parsing. This "
     "target is the project's own (the issue's at this size are the instant initialize and the server's memory)."),
    ("Server: resident memory, 100k terms",
     "the server keeps what its features show for every entry (summary, ELI5, names, related terms), the glossary's "
     "name maps, the matcher, completion's name index and the open document's analysis; in-depth text and other "
     "sections are byte ranges, not text. The columnar store above is the next step here too."),
    ("Server: hover p50 / p99",
     "the p99 of a few dozen requests is the slowest one or two; a hover waits behind a glossary rebuild or a "
     "diagnostics pass that holds the document for a moment."),
    ("Server: completion p50 / p99",
     "a three-letter prefix matches thousands of the names; every match is ranked before the 200 shown are picked."),
    ("Server: one-character didChange",
     "the analysis window of the edit is scanned again, then every diagnostic of the document is sent anew: on "
     "the terminology document that is hundreds of avoided-term warnings turned into positions and JSON for each "
     "keystroke. Builds of this session measured 10-14 ms p99 over runs minutes apart on this machine, and the code of the "
     "session before as much (about 11-14 ms)."),
]


def why_missed(what):
    for start, reason in WHY_MISSED:
        if what.startswith(start):
            return reason
    return "no reason recorded yet: profile it and add one to WHY_MISSED in scripts/bench_report.py."


def target_rows(res):
    """Every comparison and target of the issue: (what, figure, peer, ratio, target, met)."""
    out = []
    loads = res["loads"]
    scans = res["scans"]
    roles = {k: (v[:-1] + "M" if v.endswith("m") else v) for k, v in res["roles"].items()}
    g100 = find(loads, label=res["roles"]["large"])
    g1m = find(loads, label=res["roles"]["csv"])

    def load_row(what, r, limit):
        if r is None or r.get("wall_s") is None:
            return (what, figure(r), "–", "–", f"≤ {limit} s", "not measured")
        return (what, f"{fmt_s(r['wall_s'])} (peak RSS {r['rss_mb']:.0f} MB)", "–", "–", f"≤ {limit} s", verdict(r["wall_s"] <= limit))

    out.append(load_row(f"Load and index {roles['large']} entries from a folder (`list`)", g100, TARGETS["load_100k_s"]))
    out.append(load_row(f"Load and index {roles['csv']} terms from one CSV (`list`)", g1m, TARGETS["load_1m_s"]))
    if g1m and g1m.get("wall_s") is not None:
        out.append((f"Peak RSS loading {roles['csv']} terms", f"{g1m['rss_mb']:.0f} MB", "–", "–", f"≤ {TARGETS['rss_1m_mb']:.0f} MB",
                    verdict(g1m["rss_mb"] <= TARGETS["rss_1m_mb"])))
    else:
        out.append((f"Peak RSS loading {roles['csv']} terms", figure(g1m), "–", "–", f"≤ {TARGETS['rss_1m_mb']:.0f} MB", "not measured"))
    out.append((f"Load and index {roles['csv']} terms warm, the automaton cached", "no cache built (why: Choosing the automaton)", "–", "–",
                f"≤ {TARGETS['load_1m_warm_s']:.0f} s if cached", "not attempted"))

    big = res["big_doc"]
    mid_label = roles["mid"]
    gls = find(scans, tool="glossary-ls", glossary=mid_label, doc=big)
    for tool, key, kind in (("rg -o -F -i -w", "vs_rg_ci_min_speedup", "speedup"), ("rg -o -F -w", "vs_rg_cs_max_ratio", "ratio")):
        peer = find(scans, tool=tool, glossary=mid_label, doc=big)
        what = f"Scan {res['doc_names'][big]} with {mid_label} terms: `glossary-ls scan` vs `{tool}`"
        if not gls or gls.get("wall_s") is None or not peer or peer.get("wall_s") is None:
            tgt = f"≥ {TARGETS[key]:.0f}x faster" if kind == "speedup" else f"≤ {TARGETS[key]}x its time"
            out.append((what, figure(gls), figure(peer), "–", tgt, "not measured"))
            continue
        ratio = peer["wall_s"] / gls["wall_s"]
        if kind == "speedup":
            out.append((what, fmt_s(gls["wall_s"]), fmt_s(peer["wall_s"]), f"{ratio:.1f}x faster",
                        f"≥ {TARGETS[key]:.0f}x faster", verdict(ratio >= TARGETS[key])))
        else:
            r2 = gls["wall_s"] / peer["wall_s"]
            out.append((what, fmt_s(gls["wall_s"]), fmt_s(peer["wall_s"]), f"{r2:.2f}x its time",
                        f"≤ {TARGETS[key]}x its time", verdict(r2 <= TARGETS[key])))

    for t in res["textlint"]:
        g = find(scans, tool="glossary-ls", glossary=t["glossary"], doc=t["doc"])
        what = f"Term check {res['doc_names'][t['doc']]} with {t['glossary']} terms: `glossary-ls scan` vs textlint + prh"
        target = f"≥ {TARGETS['vs_textlint_min_speedup']:.0f}x faster" if t["doc"] == "1m" else "(no target on this size)"
        if not g or g.get("wall_s") is None:
            out.append((what, figure(g), figure(t), "–", target, "not measured"))
        elif t.get("wall_s") is None and t.get("timeout_s"):
            ratio = t["timeout_s"] / g["wall_s"]
            ok = ratio >= TARGETS["vs_textlint_min_speedup"]
            out.append((what, fmt_s(g["wall_s"]), f"> {t['timeout_s']:.0f} s (timed out)", f"> {ratio:.0f}x faster", target,
                        verdict(ok) if t["doc"] == "1m" else "–"))
        elif t.get("wall_s") is None:
            out.append((what, fmt_s(g["wall_s"]), figure(t), "–", target, "not measured"))
        else:
            ratio = t["wall_s"] / g["wall_s"]
            ok = ratio >= TARGETS["vs_textlint_min_speedup"]
            out.append((what, fmt_s(g["wall_s"]), fmt_s(t["wall_s"]), f"{ratio:.0f}x faster", target,
                        verdict(ok) if t["doc"] == "1m" else "–"))

    out += terminology_target_rows(res, res["lsp"])

    lsp = {r["label"]: r for r in res["lsp"]}
    builtin = lsp.get("builtin", {})
    mid = lsp.get(roles["mid"], {})
    large = lsp.get(roles["large"], {})
    L, M = roles["large"], roles["mid"]
    D = res.get("lsp_doc", "?")

    def lsp_fig(r, key, field=None):
        if not r:
            return None, "not measured: no run"
        if "error" in r and key not in r:
            return None, f"not measured: {r['error']}"
        v = r.get(key)
        if v is None:
            return None, "not measured"
        if field is None:
            return v, None
        if "error" in v and field not in v:
            return None, f"not measured: {v['error']}"
        return v.get(field), None

    v, err = lsp_fig(builtin, "initialize", "median_ms")
    out.append(("Server: spawn to `initialize` response, built-in glossary (median of starts)",
                err or f"{fmt_ms(v)} (max {fmt_ms(builtin['initialize']['max_ms'])}, n={builtin['initialize']['n']})",
                "–", "–", f"≤ {TARGETS['initialize_ms']:.0f} ms", "not measured" if err else verdict(v <= TARGETS["initialize_ms"])))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "initialize", "median_ms")
        out.append((f"Server: spawn to `initialize` response, {label} terms", err or fmt_ms(v), "–", "–", f"≤ {TARGETS['initialize_ms']:.0f} ms", "not measured" if err else verdict(v <= TARGETS["initialize_ms"])))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "glossary_ready_ms")
        out.append((f"Server: spawn to glossary in force (loaded after `initialize` when large), {label} terms",
                    err or fmt_ms(v), "–", "–", "(no target)", "–"))
    for label, r in ((M, mid),):
        v, err = lsp_fig(r, "first_diagnostics", "from_spawn_ms")
        if err:
            proxy = r.get("open_to_first_answer_ms")
            err += f"; proxy: didOpen to the first answered request {fmt_ms(proxy)}" if proxy else ""
        out.append((f"Server: spawn to first diagnostics, {D} document, {label} terms", err or fmt_ms(v), "–", "–", "(no target)", "–"))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "hover", "p99_ms")
        p50 = r.get("hover", {}).get("p50_ms") if r else None
        out.append((f"Server: hover p50 / p99, {D} document, {label} terms",
                    err or f"{fmt_ms(p50)} / {fmt_ms(v)} (n={r['hover']['n']})", "–", "–",
                    f"p99 ≤ {TARGETS['hover_p99_ms']:.0f} ms", "not measured" if err else verdict(v <= TARGETS["hover_p99_ms"])))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "definition", "p99_ms")
        p50 = r.get("definition", {}).get("p50_ms") if r else None
        out.append((f"Server: definition p50 / p99, {D} document, {label} terms",
                    err or f"{fmt_ms(p50)} / {fmt_ms(v)} (n={r['definition']['n']})", "–", "–", "(no target)", "–"))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "completion", "p99_ms")
        p50 = r.get("completion", {}).get("p50_ms") if r else None
        is_target = label == L
        out.append((f"Server: completion p50 / p99, {D} document, {label} terms",
                    err or f"{fmt_ms(p50)} / {fmt_ms(v)} (n={r['completion']['n']})", "–", "–",
                    f"p99 ≤ {TARGETS['completion_p99_ms']:.0f} ms" if is_target else f"(target is at {L})",
                    ("not measured" if err else verdict(v <= TARGETS["completion_p99_ms"])) if is_target else "–"))
    for label, r in ((M, mid), (L, large)):
        v, err = lsp_fig(r, "keystroke", "p99_ms")
        is_target = label == M
        if err and r.get("keystroke_proxy", {}).get("p99_ms") is not None:
            kp = r["keystroke_proxy"]
            err += (f"; proxy: didChange to the answer of a request sent right after it, "
                    f"p50 {fmt_ms(kp['p50_ms'])} / p99 {fmt_ms(kp['p99_ms'])} (n={kp['n']})")
        p50 = r.get("keystroke", {}).get("p50_ms") if r else None
        out.append((f"Server: one-character didChange to its publishDiagnostics p50 / p99, {D} document, {label} terms",
                    err or f"{fmt_ms(p50)} / {fmt_ms(v)} (n={r['keystroke']['n']})", "–", "–",
                    f"p99 ≤ {TARGETS['keystroke_p99_ms']:.0f} ms" if is_target else f"(target is at {M})",
                    ("not measured" if err else verdict(v <= TARGETS["keystroke_p99_ms"])) if is_target else "–"))
    par = lsp.get("paragraph", {})
    info = res.get("paragraph") or {}
    v, err = lsp_fig(par, "keystroke", "p99_ms")
    p50 = par.get("keystroke", {}).get("p50_ms") if par else None
    size = info.get("bytes", 0)
    size = f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
    out.append((f"Server: one-character didChange to its publishDiagnostics p50 / p99, one-paragraph document of "
                f"{info.get('lines', 0):,} short lines ({size}), {M} terms",
                err or f"{fmt_ms(p50)} / {fmt_ms(v)} (n={par['keystroke']['n']})", "–", "–",
                f"p99 ≤ {TARGETS['keystroke_p99_ms']:.0f} ms", "not measured" if err else verdict(v <= TARGETS["keystroke_p99_ms"])))
    rel = large.get("reloads") or {}
    before = (large.get("memory_end_kb") or {}).get("VmRSS")
    after = [m.get("VmRSS", 0) for m in rel.get("memory_kb", [])]
    if before and after and not rel.get("error"):
        ratio = after[-1] / before
        fig = (f"{after[-1] / 1024:.0f} MB after {len(after)} reloads ({', '.join(f'{a / 1024:.0f}' for a in after)} MB "
               f"after each), {before / 1024:.0f} MB before: {ratio:.2f}x")
        met = verdict(ratio <= TARGETS["reload_rss_ratio"])
    else:
        fig, met = f"not measured: {rel.get('error') or large.get('error') or 'no run'}", "not measured"
    out.append((f"Server: resident memory after reloads from disk, {L} terms, {D} document open", fig, "–", "–",
                f"≤ {TARGETS['reload_rss_ratio']}x the memory before them", met))
    for label, r, limit in (("built-in glossary", builtin, TARGETS["rss_builtin_mb"]), (f"{L} terms", large, TARGETS["rss_100k_mb"]),
                            (f"{M} terms", mid, None)):
        opened = (r.get("memory_after_open_kb") or {}) if r else {}
        mem = r.get("memory_end_kb") or r.get("memory_after_open_kb") if r else None
        if not mem:
            fig, met = f"not measured: {r.get('error', 'no run') if r else 'no run'}", "not measured"
        elif r is large and opened:
            # Judged once the document is open and the glossary loaded; the
            # end of the run (after requests, keystrokes and the watcher's
            # own reload) is shown beside it.
            rss = opened.get("VmRSS", 0) / 1024
            fig = (f"{rss:.0f} MB once the document is open; {mem.get('VmRSS', 0) / 1024:.0f} MB at the end of the run "
                   f"(peak {mem.get('VmHWM', 0) / 1024:.0f} MB)")
            met = verdict(rss <= limit)
        else:
            rss = mem.get("VmRSS", 0) / 1024
            hwm = mem.get("VmHWM", 0) / 1024
            fig = f"{rss:.0f} MB (peak {hwm:.0f} MB)"
            met = verdict(rss <= limit) if limit else "–"
        out.append((f"Server: resident memory, {label}, {D} document open", fig, "–", "–",
                    f"≤ {limit:.0f} MB" if limit else "(no target)", met))

    auto = res.get("micro", {}).get("automata", {}).get("rows")
    if auto:
        out.append(automaton_decision(auto))
        words = word_automaton_decision(auto)
        if words:
            out.append(words)
    else:
        out.append(("Automaton: aho-corasick vs daachorse at 100k-1M patterns", "not measured", "–", "–",
                    "switch only if decisively better on build time and memory", "–"))
    return out


def automaton_decision(rows):
    """Keep aho-corasick unless a daachorse variant wins decisively (≥ 1.5x) on
    build time and on memory (the larger of build peak and retained heap) at every size."""
    by = {}
    for r in rows:
        by.setdefault(r["patterns"], {})[r["name"]] = r
    wins = {}
    parts = []
    for n, named in sorted(by.items()):
        ac = next(v for k, v in named.items() if k.startswith("aho-corasick (default"))
        cells = []
        for k, v in named.items():
            if not k.startswith("daachorse"):
                continue
            win_t = ac["build_s"] / v["build_s"]
            win_m = max(ac["build_peak_bytes"], ac["retained_bytes"]) / max(v["build_peak_bytes"], v["retained_bytes"])
            wins.setdefault(k, []).append(win_t >= 1.5 and win_m >= 1.5)
            short = k.split("(")[1].split()[0]
            cells.append(f"{short} {win_t:.1f}x faster build, {win_m:.2f}x less memory")
        parts.append(f"{n // 1000}k patterns: " + ", ".join(cells))
    decisive = any(all(w) for w in wins.values())
    return ("Automaton: daachorse vs aho-corasick at 100k and 1M patterns (>1x favours daachorse)", "; ".join(parts), "–", "–",
            "switch only if decisively better on both", "switch to daachorse" if decisive else "**keep aho-corasick**")


def word_automaton_decision(rows):
    """The matcher's choice: its automaton over word ids (and a table of last
    words) against one automaton over the bytes of the same names."""
    by = {}
    for r in rows:
        by.setdefault(r["patterns"], {})[r["name"]] = r
    parts = []
    for n, named in sorted(by.items()):
        ac = next((v for k, v in named.items() if k.startswith("aho-corasick (default")), None)
        wd = next((v for k, v in named.items() if "word ids" in k), None)
        if not ac or not wd:
            continue
        parts.append(f"{n // 1000}k names: {ac['build_s'] / wd['build_s']:.1f}x faster build, "
                     f"{ac['build_peak_bytes'] / wd['build_peak_bytes']:.1f}x less heap at its peak, "
                     f"{ac['retained_bytes'] / wd['retained_bytes']:.1f}x less kept, "
                     f"scan {(ac['scan_s'] / wd['scan_s']):.2f}x the byte automaton's speed")
    if not parts:
        return None
    return ("Matcher: Aho-Corasick over word ids vs over bytes (`benches/automata`)", "; ".join(parts), "–", "–",
            "the faster build at a million names", "**word ids**")


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out)



def write_report(res, path: Path, svg_dir: Path):
    m = res["machine"]
    lines = []
    lines.append("# Performance\n")
    lines.append("Generated by `scripts/bench`" + (" --smoke (tiny inputs: figures mean nothing)" if res["smoke"] else "")
                 + f" on {m['date']}. Do not edit by hand: rerun the script.\n")
    lines.append("## Machine\n")
    lines.append(md_table(["", ""], [
        ("CPU", f"{m.get('cpu', '?')}, {m['nproc']} cores (nproc)"),
        ("Memory", f"{m.get('mem_gib', '?')} GiB"),
        ("Kernel", m["kernel"]),
        ("Toolchain", f"{m['rustc']}; Python {m['python']}; node {m['node']}"),
        ("glossary-ls", f"commit {m['commit']}, {'debug' if res['smoke'] else 'release'} build"),
        ("Peers", "; ".join(v for k, v in res["peers"].items() if k.endswith("_version")) or "not installed"),
        ("Load average", f"{' '.join(m['loadavg_start'])} at the start, {' '.join(m.get('loadavg_end', []))} at the end"),
        ("Run time", f"{res['elapsed_s'] / 60:.1f} min for the whole script"),
    ]))
    lines.append("")
    lines.append("Timings are wall-clock medians of repeated runs of the whole command (process start, glossary load, "
                 "output to /dev/null) unless said otherwise; runs over 10 s are run once. Peak RSS is the command's own "
                 "peak as GNU time reports it (`ru_maxrss` read by this script would count the script's memory too). Server figures come from a Python client over stdio (`scripts/bench-lsp.py`), timed from the "
                 "request's last byte written to the response's last byte read.\n")
    lines.append("## Targets and comparisons\n")
    targets = target_rows(res)
    lines.append(md_table(["Comparison", "glossary-ls", "Peer", "Ratio", "Target", "Met"], targets))
    lines.append("")
    missed = [row for row in targets if row[-1].startswith(verdict(False))]
    if missed:
        lines.append("### Why the missed targets are missed\n")
        for row in missed:
            lines.append(f"- **{row[0]}** ({row[1]}; target {row[4]}): {why_missed(row[0])}")
        lines.append("")

    lines.append("## Scanning\n")
    lines.append("Every occurrence printed, same file, same terms. `glossary-ls scan --glossary <folder> <doc>` reads the "
                 "glossary folder (house format) and handles Markdown structure, Unicode case, plurals and possessives; "
                 "`rg` gets the same surface forms as a plain list (`terms-<N>.txt`). `lines` is the number of "
                 "occurrences printed. The empty-document row is the cost of loading the glossary or compiling the patterns.\n")
    rows = []
    for r in res["scans"]:
        thr = f"{r['bytes'] / 1e6 / r['wall_s']:.1f} MB/s" if r.get("wall_s") and r["bytes"] else "–"
        fig = fmt_s(r["wall_s"]) if r.get("wall_s") is not None else r.get("error", "–")
        if r.get("note"):
            fig += f" ({r['note']})"
        rss = f"{r['rss_mb']:.0f} MB" if r.get("rss_mb") else "–"
        rows.append((r["tool"], r["glossary"], res["doc_names"].get(r["doc"], r["doc"]), fig, r.get("runs", "–"), thr, rss, r.get("lines", "–")))
    lines.append(md_table(["Tool", "Terms", "Document", "Median", "Runs", "Throughput", "Peak RSS", "Lines"], rows))
    lines.append("")

    lines.append("## Term checking\n")
    lines.append("textlint with textlint-rule-prh and a prh dictionary of the same surface forms (`expected` only, "
                 "`wordBoundary: true`), against `glossary-ls scan` on the same document. textlint is bounded by a "
                 "timeout; a timeout is reported as such.\n")
    rows = []
    for t in res["textlint"]:
        g = find(res["scans"], tool="glossary-ls", glossary=t["glossary"], doc=t["doc"])
        fig = fmt_s(t["wall_s"]) if t.get("wall_s") is not None else t.get("error", "–")
        rows.append((res["doc_names"].get(t["doc"], t["doc"]), t["glossary"], fig, t.get("lines", "–"), f"{t['rss_mb']:.0f} MB" if t.get("rss_mb") else "–",
                     figure(g)))
    lines.append(md_table(["Document", "Terms", "textlint + prh", "Output lines", "Peak RSS", "glossary-ls scan"], rows))
    lines.append("")

    lines += terminology_section(res)

    lines.append("## Loading and indexing\n")
    lines.append("`glossary-ls list --glossary <g> > /dev/null`: read, parse, resolve related terms, build the matcher, print "
                 "one line per entry.\n")
    rows = []
    for r in res["loads"]:
        rows.append((r["label"], r["kind"], r["entries"], r["forms"], figure(r), r.get("runs", "–"),
                     f"{r['rss_mb']:.0f} MB" if r.get("rss_mb") else "–"))
    lines.append(md_table(["Glossary", "Format", "Entries", "Surface forms", "Median", "Runs", "Peak RSS"], rows))
    lines.append("")

    lines.append("## Server\n")
    rows = []
    for r in res["lsp"]:
        def cell(k, f="p50_ms"):
            v = r.get(k)
            if not v:
                return r.get("error", "–") if k == "initialize" else "–"
            if "error" in v and f not in v:
                return v["error"]
            return f"{fmt_ms(v.get('p50_ms'))} / {fmt_ms(v.get('p99_ms'))} (n={v.get('n')})" if f == "p50_ms" else fmt_ms(v.get(f))
        mem = r.get("memory_end_kb") or {}
        fd = r.get("first_diagnostics", {})
        rows.append((r["label"], cell("initialize", "median_ms"),
                     fmt_ms(fd["from_spawn_ms"]) if "from_spawn_ms" in fd else fd.get("error", "–"),
                     cell("hover"), cell("definition"), cell("completion"),
                     cell("keystroke") if "p50_ms" in r.get("keystroke", {}) else (r.get("keystroke", {}).get("error", "–") +
                     (f"; proxy {cell('keystroke_proxy')}" if r.get("keystroke_proxy") else "")),
                     f"{mem.get('VmRSS', 0) / 1024:.0f} / {mem.get('VmHWM', 0) / 1024:.0f} MB" if mem else "–"))
    lines.append(md_table(["Glossary", "Spawn to initialize (median)", "Spawn to first diagnostics", "Hover p50 / p99",
                           "Definition p50 / p99", "Completion p50 / p99", "Keystroke to diagnostics p50 / p99", "RSS / peak"], rows))
    lines.append("")
    floors = [f"{r['label']}: p50 {fmt_ms(r['transport_floor']['p50_ms'])} / p99 {fmt_ms(r['transport_floor']['p99_ms'])}"
              for r in res["lsp"] if r.get("transport_floor")]
    if floors:
        lines.append("The harness's own floor, a request no handler serves (answered MethodNotFound by the protocol layer): "
                     + "; ".join(floors) + ". Figures above include it.\n")
    lines.append(f"Document: `{res['lsp'][0].get('doc_label', '?') if res['lsp'] else '?'}`. Requests go one at a time, at term "
                 "occurrences spread over the document (completion three characters into an occurrence). A keystroke types "
                 "`x` at the end of a prose line or deletes it again, as an incremental change when the server offers "
                 "incremental sync. When the server publishes no diagnostics, the keystroke proxy is the time from the "
                 "didChange to the answer of a hover sent right after it: the edit is applied before the hover is served.\n")

    micro = res.get("micro", {})
    lines.append("## Choosing the automaton\n")
    auto = micro.get("automata", {})
    if auto.get("rows"):
        lines.append("`cargo bench --bench automata`: the folded surface forms of generated glossaries, built with standard "
                     "semantics and searched overlapping over a folded 1 MB document, as `index::matcher` does. Heap "
                     "figures come from a counting global allocator; \"own estimate\" is the crate's `memory_usage()` / "
                     "`heap_bytes()`. Builds at 1M patterns run fewer times.\n")
        lines.append(auto["stdout"].strip())
        lines.append("")
        lines.append("Decision: " + automaton_decision(auto["rows"])[5].replace("*", "") + " — " + automaton_decision(auto["rows"])[1] + ".\n")
        words = word_automaton_decision(auto["rows"])
        if words:
            lines.append(
                "The matcher's own choice is the row \"aho-corasick over word ids\" (`index/words.rs`): every distinct word "
                "of the glossary's names gets an id, and a name of plain words (ASCII letters and digits, one space "
                "between words: nearly every name) is its words' ids. The automaton runs over the ids of the text's "
                "words and holds each name but its last word; the last word is looked up in a table keyed by what came "
                "before, once for each plural or `y` ending the text's word may carry. It has about one state per "
                "word instead of one per byte. Other names (`c++`, `café`, unspaced scripts) stay in an automaton over "
                "bytes, and the same boundary checks decide on every candidate; a unit test compares both ways on "
                "random names and texts. Its scan column counts only candidates at word boundaries and includes "
                "reading the text's offsets, so its match count differs. Against the byte automaton on the same "
                "names: " + words[1] + ".\n")
            lines.append(
                "Caching the built automaton in the cache folder was not built: aho-corasick cannot be serialised, "
                "daachorse can but its build at a million names peaks above 1.5 GiB (table above), beyond the memory "
                "target, and a warm start would still read the CSV and resolve the glossary, which is now most of "
                "the load.\n")
    else:
        lines.append(f"Not measured: {auto.get('stderr', 'the bench did not run')[-300:] if auto else 'smoke run'}\n")

    lines.append("## Micro benchmarks\n")
    mb = micro.get("matcher", {})
    if mb.get("stdout"):
        lines.append("`cargo bench --bench matcher` (divan; inputs made in-process by the same generator, same seed):\n")
        lines.append("```text\n" + mb["stdout"].strip() + "\n```\n")
    elif micro.get("smoke"):
        lines.append(f"Smoke: `{micro['smoke']['cmd']}` exited {micro['smoke']['rc']}.\n")
    else:
        lines.append("Not measured.\n")

    made = res.get("plots", [])
    if made:
        lines.append("## Plots\n")
        for title, name in made:
            lines.append(f"![{title}]({name if res['smoke'] else 'performance/' + name})\n")

    lines.append("## How to rerun\n")
    lines.append("```sh\nscripts/bench            # everything, about " + f"{math.ceil(res['elapsed_s'] / 60)}" +
                 " minutes here; writes this file\nscripts/bench --smoke    # tiny inputs, no peers but textlint + prh for the terminology fixture, about a minute\n"
                 "scripts/bench --only terminology   # the terminology comparison and its server row alone\n"
                 "scripts/bench --report-only   # rewrite this file from target/bench/results.json\n"
                 "cargo bench --bench matcher\ncargo bench --bench automata\n```\n")
    lines.append("Inputs are generated under `target/bench/inputs/` by `examples/bench_gen.rs`, the generator "
                 "of `benches/common/` that the micro benchmarks call in-process (seed "
                 f"{res['manifest']['seed']}): glossary folders of "
                 + ", ".join(f"{g['entries']:,}" for g in res["manifest"]["glossaries"] if g["kind"] == "folder")
                 + " entries in the house format, a CSV of "
                 + ", ".join(f"{g['entries']:,}" for g in res["manifest"]["glossaries"] if g["kind"] == "csv")
                 + " entries, the same surface forms as plain lists and prh dictionaries (checked against "
                 "`glossary-ls list --format json` before measuring), and Markdown documents of "
                 + ", ".join(fmt_bytes(d["bytes"]) for d in res["manifest"]["docs"])
                 + ", and for terminology a CSV termbase of "
                 + (f"{res['manifest']['terminology']['entries']:,}" if "terminology" in res["manifest"] else "?")
                 + " entries with two variants to avoid each and documents that use them"
                 + ". The peers are installed under `target/bench/` from crates.io and npm.\n")
    lines.append("Commands, as run:\n")
    cmds = []
    for r in res["loads"][:1] + [r for r in res["scans"] if r.get("doc") == res["big_doc"] and r.get("glossary") == res["mid_glossary"]] + res["textlint"][-1:] + res["lsp"][1:2]:
        if r.get("cmd"):
            cmds.append(r["cmd"] + "  > /dev/null" if "bench-lsp" not in r["cmd"] else r["cmd"])
    lines.append("```sh\n" + "\n".join(cmds) + "\n```\n")
    path.write_text("\n".join(lines))
