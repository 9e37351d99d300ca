"""Getting ready to measure: the machine's description, the glossary-ls build,
the generated inputs and the peers (ripgrep, textlint + prh)."""

import datetime
import json
import os
import platform
import shutil
import subprocess
import sys

from bench_common import BENCH, NODE, ROOT, TOOLS, log, shown
from bench_terminology import check_inputs as check_terminology

def machine():
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "kernel": platform.release()}
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                info["mem_gib"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    for name, cmd in [("rustc", ["rustc", "--version"]), ("node", ["node", "--version"])]:
        try:
            info[name] = subprocess.run(cmd, capture_output=True, text=True).stdout.strip()
        except OSError:
            info[name] = "absent"
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        info["commit"] = head + (" (with uncommitted changes in src/)" if dirty else "")
    except OSError:
        info["commit"] = "unknown"
    info["loadavg_start"] = open("/proc/loadavg").read().split()[:3]
    info["date"] = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return info


def build(smoke):
    cmd = ["cargo", "build", "--quiet", "--bin", "glossary-ls"] + ([] if smoke else ["--release"])
    log(shown(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True)
    return ROOT / "target" / ("debug" if smoke else "release") / "glossary-ls"


def generate(smoke, binary):
    """Writes the inputs with the Rust generator the divan benches share
    (examples/bench_gen.rs; it keeps them when they are current), then checks
    them against what glossary-ls itself reads."""
    out = BENCH / ("smoke-inputs" if smoke else "inputs")
    profile = [] if smoke else ["--release"]
    cmd = ["cargo", "build", "--quiet", "--example", "bench_gen"] + profile
    log(shown(cmd))
    subprocess.run(cmd, cwd=ROOT, check=True)
    generator = ROOT / "target" / ("debug" if smoke else "release") / "examples" / "bench_gen"
    log("generating inputs (kept when current)")
    subprocess.run([generator, out] + (["--smoke"] if smoke else []), check=True)
    manifest = json.loads((out / "manifest.json").read_text())
    check_forms(binary, out, manifest)
    check_terminology(binary, out, manifest)
    return out, manifest


def check_forms(binary, inputs, manifest):
    """The term lists and prh dictionaries the peers get hold the surface forms
    glossary-ls finds in each folder, or the comparisons would not be fair:
    asks the binary (`list --format json-v2`) rather than computing them here."""
    for g in manifest["glossaries"]:
        if g["kind"] != "folder":
            continue
        listed = json.loads(subprocess.run(
            [binary, "list", "--format", "json-v2", "--glossary", inputs / g["path"]],
            check=True, capture_output=True, text=True).stdout)
        if listed["glossary"]["builtin"]:
            sys.exit(f"bench: glossary-ls read the built-in glossary instead of {g['path']}/")
        forms = [f for e in listed["result"] for f in e["surface_forms"]]
        given = (inputs / g["terms"]).read_text(encoding="utf-8").splitlines()
        if sorted(forms) != sorted(given) or len(forms) != g["forms"]:
            sys.exit(f"bench: {g['terms']} ({len(given)} forms) differs from the {len(forms)} surface forms "
                     f"glossary-ls reads in {g['path']}/")


def install_peers():
    """ripgrep 15 from crates.io and textlint + textlint-rule-prh from npm, cached."""
    peers = {}
    rg = TOOLS / "bin" / "rg"
    if not rg.exists():
        log("installing ripgrep 15 (cargo install, once)")
        r = subprocess.run(
            ["cargo", "install", "--quiet", "ripgrep", "--version", "^15", "--root", str(TOOLS)],
            capture_output=True, text=True,
        )
        if r.returncode != 0:
            peers["rg_error"] = r.stderr.strip().splitlines()[-1:] or ["cargo install failed"]
    if rg.exists():
        peers["rg"] = str(rg)
        peers["rg_version"] = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    peers.update(install_textlint())
    return peers


def install_textlint():
    """textlint and textlint-rule-prh from npm, pinned, cached under
    target/bench/node (the smoke run needs them too, for the terminology
    fixture)."""
    peers = {}
    textlint = NODE / "node_modules" / ".bin" / "textlint"
    if not textlint.exists() and shutil.which("npm"):
        log("installing textlint and textlint-rule-prh (npm, once)")
        NODE.mkdir(parents=True, exist_ok=True)
        pkg = NODE / "package.json"
        if not pkg.exists():
            pkg.write_text('{"name": "glossary-ls-bench-peers", "private": true}\n')
        r = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "textlint@15.8.0", "textlint-rule-prh@6.1.0"],
            cwd=NODE, capture_output=True, text=True,
        )
        if r.returncode != 0:
            peers["textlint_error"] = (r.stderr.strip().splitlines() or ["npm install failed"])[-1]
    if textlint.exists():
        peers["textlint"] = str(textlint)
        v = subprocess.run([textlint, "--version"], capture_output=True, text=True).stdout.strip()
        prh = json.loads((NODE / "node_modules" / "textlint-rule-prh" / "package.json").read_text())["version"]
        peers["textlint_version"] = f"textlint {v}, textlint-rule-prh {prh}"
    elif not shutil.which("npm"):
        peers["textlint_error"] = "npm is not installed"
    return peers
