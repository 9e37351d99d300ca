#!/usr/bin/env python3
"""The benchmark run behind scripts/bench: builds, generates inputs, installs the
peers, runs every comparison side by side, and writes the report.

    scripts/bench            full run: writes docs/performance.md and docs/performance/*.svg
    scripts/bench --smoke    tiny inputs, debug build, no peers but textlint + prh for the
                             terminology fixture; writes target/bench/smoke/
    scripts/bench --only terminology
                             release build, only the terminology comparison and its
                             server row; writes target/bench/terminology/

Timings are wall-clock medians of repeated runs (os.wait4 for each child's peak
RSS); long runs are repeated less (see `bench_measure.measure`). Everything a
run produced is also kept as JSON in target/bench/results.json (or
target/bench/smoke/).

This file only orders the steps; each has its module: bench_setup (machine,
build, inputs, peers), bench_measure (one function per measurement),
bench_plot (SVG) and bench_report (docs/performance.md).
"""

import argparse
import json
import sys
import time

from bench_common import BENCH, ROOT, fmt_bytes, log, rel
from bench_measure import lsp_rows, load_rows, micro_benches, run_lsp_plan, scan_rows, terminology_plan, textlint_rows
from bench_plot import plots
from bench_report import write_report
from bench_setup import build, generate, install_peers, install_textlint, machine
from bench_terminology import section as terminology_section
from bench_terminology import target_rows as terminology_target_rows
from bench_terminology import terminology_rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="tiny inputs, no peers, debug build; report under target/bench/smoke/")
    ap.add_argument("--skip-micro", action="store_true", help="do not run cargo bench")
    ap.add_argument("--only", choices=["terminology"],
                    help="measure only this comparison (and its server row); report under target/bench/<name>/")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite the report and plots from the last run's results.json, measuring nothing")
    args = ap.parse_args()
    if args.report_only:
        out_dir = BENCH / "smoke" if args.smoke else BENCH
        res = json.loads((out_dir / "results.json").read_text())
        report = out_dir / "performance.md" if args.smoke else ROOT / "docs" / "performance.md"
        svg_dir = out_dir if args.smoke else ROOT / "docs" / "performance"
        res["plots"] = plots(res, svg_dir)
        write_report(res, report, svg_dir)
        log(f"rewrote {rel(report)} from {rel(out_dir / 'results.json')}")
        return 0
    if args.only:
        return only_terminology(args)
    t0 = time.perf_counter()
    BENCH.mkdir(parents=True, exist_ok=True)
    res = {"smoke": args.smoke, "machine": machine()}
    binary = build(args.smoke)
    inputs, manifest = generate(args.smoke, binary)
    res["manifest"] = manifest
    if args.smoke:
        res["peers"] = install_textlint()
        log("smoke: peers skipped but textlint + prh, for the terminology fixture")
    else:
        res["peers"] = install_peers()
    docs = manifest["docs"]
    res["big_doc"] = docs[-1]["label"]
    res["doc_names"] = {d["label"]: fmt_bytes(d["bytes"]) for d in docs}
    res["lsp_doc"] = fmt_bytes((docs[1] if len(docs) > 1 else docs[0])["bytes"])
    folders = [g["label"] for g in manifest["glossaries"] if g["kind"] == "folder"]
    csvs = [g["label"] for g in manifest["glossaries"] if g["kind"] == "csv"]
    res["roles"] = {"mid": folders[1], "large": folders[-1], "csv": csvs[-1]}
    res["mid_glossary"] = folders[1]
    res["paragraph"] = manifest.get("paragraph")
    res["loads"] = load_rows(binary, inputs, manifest, args.smoke)
    res["scans"] = scan_rows(binary, inputs, manifest, res["peers"], args.smoke)
    res["textlint"] = [] if args.smoke else textlint_rows(binary, inputs, manifest, res["peers"])
    res["terminology"] = terminology_rows(binary, inputs, manifest, res["peers"], args.smoke)
    res["lsp"] = lsp_rows(binary, inputs, manifest, args.smoke)
    res["terminology"]["lsp_doc_bytes"] = manifest["terminology"]["doc"]["bytes"]
    res["micro"] = {} if args.skip_micro else micro_benches(args.smoke)
    res["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    res["elapsed_s"] = time.perf_counter() - t0
    if args.smoke:
        out_dir = BENCH / "smoke"
        report, svg_dir = out_dir / "performance.md", out_dir
    else:
        out_dir = BENCH
        report, svg_dir = ROOT / "docs" / "performance.md", ROOT / "docs" / "performance"
    out_dir.mkdir(parents=True, exist_ok=True)
    res["plots"] = plots(res, svg_dir)
    (out_dir / "results.json").write_text(json.dumps(res, indent=2, default=str))
    report.parent.mkdir(parents=True, exist_ok=True)
    write_report(res, report, svg_dir)
    log(f"wrote {rel(report)} in {res['elapsed_s'] / 60:.1f} min")
    failed = [r for r in res["micro"].values() if r.get("rc")]
    if failed:
        log("a micro benchmark failed")
        return 1
    return fixture_status(res)


def fixture_status(res):
    """Exit status: 1 when the two tools disagree on the fixture."""
    fx = res["terminology"]["fixture"]
    if fx.get("error"):
        log(f"terminology fixture {fx['error']}")
        return 0
    if not fx["same"]:
        log(f"terminology fixture: glossary-ls {fx['glossary-ls']} findings, textlint + prh {fx['textlint + prh']}")
        return 1
    log(f"terminology fixture: {fx['glossary-ls']} findings from each tool")
    return 0


def only_terminology(args):
    """The terminology comparison and its server row alone, on a release
    build (or a debug one with --smoke), written to target/bench/terminology/
    as the rows and section docs/performance.md would show."""
    t0 = time.perf_counter()
    BENCH.mkdir(parents=True, exist_ok=True)
    res = {"smoke": args.smoke, "machine": machine()}
    binary = build(args.smoke)
    inputs, manifest = generate(args.smoke, binary)
    res["peers"] = install_textlint()
    res["terminology"] = terminology_rows(binary, inputs, manifest, res["peers"], args.smoke)
    res["lsp"] = run_lsp_plan(binary, [terminology_plan(inputs, manifest, args.smoke)], args.smoke)
    res["terminology"]["lsp_doc_bytes"] = manifest["terminology"]["doc"]["bytes"]
    res["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    res["elapsed_s"] = time.perf_counter() - t0
    out_dir = BENCH / "terminology"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(res, indent=2, default=str))
    m = res["machine"]
    lines = [f"# Terminology comparison\n",
             f"`scripts/bench --only terminology` on {m['date']}, commit {m['commit']}, "
             f"{'debug' if args.smoke else 'release'} build; {'; '.join(v for k, v in res['peers'].items() if k.endswith('_version'))}; "
             f"load average {' '.join(m['loadavg_start'])} at the start, {' '.join(m['loadavg_end'])} at the end; "
             f"{res['elapsed_s'] / 60:.1f} min.\n",
             "| Comparison | glossary-ls | Peer | Ratio | Target | Met |", "|---|---|---|---|---|---|"]
    for row in terminology_target_rows(res, res["lsp"]):
        lines.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
    lines.append("")
    lines += terminology_section(res)
    report = out_dir / "performance.md"
    report.write_text("\n".join(lines))
    log(f"wrote {rel(report)} in {res['elapsed_s'] / 60:.1f} min")
    return fixture_status(res)


if __name__ == "__main__":
    sys.exit(main())
