"""Running the measurements: timing commands (median wall time, peak RSS) and
one function per comparison, each returning its rows for the report."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from bench_common import BENCH, ROOT, fmt_bytes_label, log, shown

# A child's `ru_maxrss` counts the memory of the process it was forked from
# until its exec: every command started from this (large) Python process
# would report at least this process's size. GNU time, small itself, reports
# the peak of the command alone.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(cmd, timeout, stdout_path=None, cwd=None):
    """Runs cmd; returns dict(wall_s, rss_kb, rc, timed_out, stderr)."""
    err = tempfile.TemporaryFile()
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    peak_file = tempfile.NamedTemporaryFile(prefix="bench-rss-", delete=False) if GNU_TIME else None
    argv = [str(c) for c in cmd]
    if peak_file:
        peak_file.close()
        argv = [GNU_TIME, "-q", "-f", "%M", "-o", peak_file.name] + argv
    t0 = time.perf_counter()
    # Its own process group: a timeout stops the command, not only GNU time.
    proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, start_new_session=True)
    timed_out = threading.Event()

    def kill():
        timed_out.set()
        try:
            os.killpg(proc.pid, 9)
        except OSError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out.close()
    err.seek(0)
    stderr = err.read().decode(errors="replace")[-2000:]
    err.close()
    rss_kb = usage.ru_maxrss
    if peak_file:
        try:
            with open(peak_file.name) as f:
                rss_kb = int(f.read().split()[-1])
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(peak_file.name)
    return {
        "wall_s": wall,
        "rss_kb": rss_kb,
        "rc": proc.returncode,
        "timed_out": timed_out.is_set(),
        "stderr": stderr,
    }


def measure(cmd, timeout=120.0, ok_codes=(0,), count_lines=False, max_runs=7, cwd=None, parse=None):
    """Median wall time over repeated runs, fewer for long ones.

    `parse`, when given, reads the first run's output (bytes) into
    `findings`.

    A first run (output to a file, to count lines) warms caches and is kept
    only when it took over 10 s; then runs go on until 5 (or max_runs) samples
    or about 6 s of samples, whichever first, at least 1 and 3 below 2 s.
    """
    res = {"cmd": shown(cmd)}
    with tempfile.NamedTemporaryFile(dir=BENCH, delete=False) as f:
        out_path = f.name
    try:
        first = run_once(cmd, timeout, stdout_path=out_path, cwd=cwd)
        if count_lines and not first["timed_out"]:
            with open(out_path, "rb") as f:
                res["lines"] = sum(1 for _ in f)
        if parse and not first["timed_out"] and first["rc"] in ok_codes:
            with open(out_path, "rb") as f:
                res["findings"] = parse(f.read())
    finally:
        os.unlink(out_path)
    if first["timed_out"]:
        res.update(error=f"timed out after {timeout:.0f} s", timeout_s=timeout, wall_s=None)
        return res
    if first["rc"] not in ok_codes:
        msg = first["stderr"].strip().splitlines()
        res.update(error=f"exit {first['rc']}: {msg[-1] if msg else ''}", wall_s=None)
        return res
    samples, rss = [], [first["rss_kb"]]
    if first["wall_s"] > 10:
        samples = [first["wall_s"]]
    else:
        spent = 0.0
        while len(samples) < max_runs:
            r = run_once(cmd, timeout, cwd=cwd)
            if r["timed_out"] or r["rc"] not in ok_codes:
                break
            samples.append(r["wall_s"])
            rss.append(r["rss_kb"])
            spent += r["wall_s"]
            if len(samples) >= 5 or (spent > 6 and len(samples) >= (3 if r["wall_s"] < 2 else 1)):
                break
    res.update(
        wall_s=statistics.median(samples),
        runs=len(samples),
        samples=[round(s, 4) for s in samples],
        rss_mb=max(rss) / 1024,
    )
    return res



def load_rows(binary, inputs, manifest, smoke):
    rows = []
    for g in manifest["glossaries"]:
        path = inputs / g["path"]
        log(f"index build: {g['label']} ({g['kind']})")
        r = measure([binary, "list", "--glossary", path], timeout=300 if not smoke else 60, count_lines=True)
        r.update(label=g["label"], entries=g["entries"], forms=g["forms"], kind=g["kind"])
        rows.append(r)
    return rows


def scan_rows(binary, inputs, manifest, peers, smoke):
    rows = []
    empty = BENCH / "empty.md"
    empty.write_text("")
    folders = [g for g in manifest["glossaries"] if g["kind"] == "folder"]
    slow = {}  # (tool, glossary) -> seconds on a smaller doc, to skip bigger ones
    for g in folders:
        gpath, terms = inputs / g["path"], inputs / g["terms"]
        tools = [("glossary-ls", [binary, "scan", "--glossary", gpath])]
        if "rg" in peers:
            tools.append(("rg -o -F -w", [peers["rg"], "-o", "-F", "-w", "-f", terms]))
            tools.append(("rg -o -F -i -w", [peers["rg"], "-o", "-F", "-i", "-w", "-f", terms]))
        for tool, base in tools:
            log(f"scan: {tool}, {g['label']} terms, empty document")
            note = None
            r = measure(base + [empty], timeout=120, ok_codes=(0, 1))
            if tool == "rg -o -F -i -w" and r.get("error", "").find("size limit") >= 0:
                # The default regex size limit refuses this many case-folded
                # patterns; raising it is the peer's own remedy.
                base = base[:1] + ["--regex-size-limit", "4G", "--dfa-size-limit", "4G"] + base[1:]
                r = measure(base + [empty], timeout=120, ok_codes=(0, 1))
                note = "default regex size limit exceeded: run with --regex-size-limit 4G --dfa-size-limit 4G"
                r["note"] = note
            r.update(tool=tool, glossary=g["label"], doc="empty", bytes=0)
            rows.append(r)
            for d in manifest["docs"]:
                row = {"tool": tool, "glossary": g["label"], "doc": d["label"], "bytes": d["bytes"]}
                prior = slow.get((tool, g["label"]))
                if prior:
                    row.update(cmd=shown(base + [inputs / d["path"]]), wall_s=None,
                               error=f"not run: {prior[0]:.0f} s on the {fmt_bytes_label(manifest, prior[1])} document already")
                    rows.append(row)
                    continue
                log(f"scan: {tool}, {g['label']} terms, {d['label']} document")
                r = measure(base + [inputs / d["path"]], timeout=120 if not smoke else 30, ok_codes=(0, 1), count_lines=True)
                if note:
                    r["note"] = note
                row.update(r)
                rows.append(row)
                if r.get("wall_s") and r["wall_s"] > 30:
                    slow[(tool, g["label"])] = (r["wall_s"], d["label"])
                if r.get("error", "").startswith("timed out"):
                    slow[(tool, g["label"])] = (r["timeout_s"], d["label"])
    return rows


def textlint_rows(binary, inputs, manifest, peers):
    rows = []
    mid = [g for g in manifest["glossaries"] if g["kind"] == "folder"][1]
    rc = BENCH / f"textlintrc-{mid['label']}.json"
    rc.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(inputs / mid["prh"])]}}}))
    docs = [d for d in manifest["docs"] if d["bytes"] <= 2 * 1024 * 1024]
    for d in docs:
        doc = inputs / d["path"]
        row = {"glossary": mid["label"], "doc": d["label"], "bytes": d["bytes"]}
        if "textlint" not in peers:
            row.update(error=f"not measured: {peers.get('textlint_error', 'textlint not installed')}", wall_s=None)
        else:
            log(f"term check: textlint + prh, {mid['label']} terms, {d['label']} document")
            cmd = [peers["textlint"], "--no-color", "-c", rc, doc]
            timeout = 300 if d["bytes"] > 512 * 1024 else 120
            row.update(measure(cmd, timeout=timeout, ok_codes=(0, 1), count_lines=True, max_runs=3))
        rows.append(row)
    return rows


def lsp_rows(binary, inputs, manifest, smoke):
    folders = [g for g in manifest["glossaries"] if g["kind"] == "folder"]
    docs = manifest["docs"]
    doc = inputs / (docs[1] if len(docs) > 1 else docs[0])["path"]
    plan = [
        ("builtin", None, dict(starts=3 if smoke else 10, requests=0, keystrokes=0)),
        (folders[1]["label"], inputs / folders[1]["path"], dict(starts=2 if smoke else 3, requests=20 if smoke else 200, keystrokes=10 if smoke else 200)),
        (folders[-1]["label"], inputs / folders[-1]["path"], dict(starts=1, requests=10 if smoke else 40, keystrokes=10 if smoke else 60, reloads=3)),
    ]
    plan = [(label, gpath, opts, doc) for label, gpath, opts in plan]
    paragraph = manifest.get("paragraph")
    if paragraph:
        plan.append(("paragraph", inputs / folders[1]["path"], dict(starts=1, requests=0, keystrokes=10 if smoke else 200),
                     inputs / paragraph["path"]))
    plan.append(terminology_plan(inputs, manifest, smoke))
    return run_lsp_plan(binary, plan, smoke)


def terminology_plan(inputs, manifest, smoke):
    """Keystrokes with a glossary that has variants to avoid, in a document
    that uses some: the diagnostics published hold avoided-term warnings."""
    t = manifest["terminology"]
    return ("terminology", inputs / t["path"], dict(starts=1, requests=0, keystrokes=10 if smoke else 200),
            inputs / t["doc"]["path"])


def run_lsp_plan(binary, plan, smoke):
    runs = []
    cache = BENCH / "xdg-cache"
    for label, gpath, opts, doc in plan:
        log(f"server: {label} glossary, {doc.name}")
        out = BENCH / f"lsp-{label}.json"
        cmd = [sys.executable, str(ROOT / "scripts" / "bench-lsp.py"), "--bin", str(binary), "--doc", str(doc),
               "--out", str(out), "--cache", str(cache), "--diag-wait", "3" if smoke else "5",
               "--budget", "10" if smoke else "30"]
        cmd += ["--glossary", str(gpath)] if gpath else ["--builtin"]
        for k, v in opts.items():
            cmd += [f"--{k}", str(v)]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        if r.returncode != 0 or not out.exists():
            res = {"error": f"client failed: {(r.stderr.strip().splitlines() or ['?'])[-1]}"}
        else:
            res = json.loads(out.read_text())
        res["label"] = label
        res["doc_label"] = doc.name
        res["cmd"] = shown(cmd)
        runs.append(res)
    return runs


def micro_benches(smoke):
    out = {}
    if smoke:
        cmd = ["cargo", "test", "--quiet", "--bench", "matcher", "--bench", "automata"]
        log(shown(cmd))
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        out["smoke"] = {"cmd": shown(cmd), "rc": r.returncode, "tail": (r.stdout + r.stderr)[-3000:]}
        return out
    cmd = ["cargo", "bench", "--quiet", "--bench", "matcher", "--", "--color", "never"]
    log(shown(cmd))
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    out["matcher"] = {"cmd": shown(cmd), "rc": r.returncode, "stdout": r.stdout, "stderr": r.stderr[-3000:]}
    json_path = BENCH / "automata.json"
    cmd = ["cargo", "bench", "--quiet", "--bench", "automata", "--", "--json", str(json_path)]
    log(shown(cmd))
    if json_path.exists():
        json_path.unlink()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    out["automata"] = {"cmd": shown(cmd), "rc": r.returncode, "stdout": r.stdout, "stderr": r.stderr[-3000:]}
    if json_path.exists():
        out["automata"]["rows"] = json.loads(json_path.read_text())
    return out
