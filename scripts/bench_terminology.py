"""The terminology comparison: `glossary-ls check` against textlint +
textlint-rule-prh on a termbase whose entries each have two variants to
avoid, the prh dictionary being the one `glossary-ls export prh` writes from
that termbase. Setup checks, measurement and the report's rows and section.

Findings are counted from each tool's JSON output (glossary-ls:
`avoided-term` and `wrong-case`; textlint: the `prh` rule's messages); what
glossary-ls finds is always asked of the binary, never computed here.
"""

import json
import subprocess
import sys

from bench_common import BENCH, TARGETS, fmt_ms, fmt_s, log, shown
from bench_measure import measure

CODES = ("avoided-term", "wrong-case")

# textlint-rule-prh leaves link text, block quotes and emphasis alone by
# default; glossary-ls checks all prose, so the peer is asked to as well.
PRH_OPTIONS = {"checkLink": True, "checkBlockQuote": True, "checkEmphasis": True}


def check_inputs(binary, inputs, manifest):
    """glossary-ls reads every generated variant (each found once in a
    document that lists them all), and writes the prh dictionary the peer
    gets: `glossary-ls export prh`, one pattern per variant."""
    t = manifest["terminology"]
    termbase = inputs / t["path"]
    found = glossary_ls_findings(subprocess.run(
        [binary, "check", "--format", "json", "--glossary", termbase, inputs / t["variants_doc"]],
        capture_output=True).stdout)
    if found != t["variants"]:
        sys.exit(f"bench: glossary-ls finds {found} of the {t['variants']} variants of {t['path']} "
                 f"listed in {t['variants_doc']}")
    prh = inputs / f"prh-terms-{t['label']}.yml"
    with open(prh, "wb") as f:
        subprocess.run([binary, "export", "prh", "--glossary", termbase], stdout=f, stderr=subprocess.DEVNULL, check=True)
    patterns = sum(1 for line in prh.read_text(encoding="utf-8").splitlines() if line.startswith("      - "))
    if patterns != t["variants"]:
        sys.exit(f"bench: `glossary-ls export prh` wrote {patterns} patterns for the {t['variants']} variants")
    t["prh"] = prh.name


def glossary_ls_findings(stdout):
    try:
        return sum(1 for row in json.loads(stdout) if row.get("code") in CODES)
    except (ValueError, AttributeError):
        return None


def textlint_findings(stdout):
    try:
        return sum(1 for f in json.loads(stdout) for m in f["messages"] if m.get("ruleId") == "prh")
    except (ValueError, KeyError, TypeError):
        return None


def positions(tool, stdout):
    """(line, column) of each finding, to name the first few that differ."""
    try:
        if tool == "glossary-ls":
            return {(r["line"], r["column"]) for r in json.loads(stdout) if r.get("code") in CODES}
        return {(m["line"], m["column"]) for f in json.loads(stdout) for m in f["messages"] if m.get("ruleId") == "prh"}
    except (ValueError, KeyError, TypeError):
        return set()


def commands(binary, inputs, manifest, peers, doc):
    t = manifest["terminology"]
    rc = BENCH / f"textlintrc-terms-{t['label']}.json"
    rc.write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(inputs / t["prh"])], **PRH_OPTIONS}}}))
    out = {"glossary-ls": [binary, "check", "--format", "json", "--glossary", inputs / t["path"], doc]}
    if "textlint" in peers:
        out["textlint + prh"] = [peers["textlint"], "--no-color", "--format", "json", "-c", rc, doc]
    return out


def compare_fixture(binary, inputs, manifest, peers):
    """Both tools once on the small fixture: the same number of findings?"""
    t = manifest["terminology"]
    fixture = t["fixture"]
    res = {"bytes": fixture["bytes"], "path": fixture["path"]}
    cmds = commands(binary, inputs, manifest, peers, inputs / fixture["path"])
    if "textlint + prh" not in cmds:
        res["error"] = f"not compared: {peers.get('textlint_error', 'textlint not installed')}"
        return res
    outs = {}
    for tool, cmd in cmds.items():
        log(f"terminology fixture: {tool}")
        r = subprocess.run([str(c) for c in cmd], capture_output=True, timeout=300)
        if r.returncode not in (0, 1):
            res["error"] = f"{tool} exited {r.returncode}: {r.stderr.decode(errors='replace').strip()[-300:]}"
            return res
        outs[tool] = r.stdout
        res[f"{tool}_cmd"] = shown(cmd)
    res["glossary-ls"] = glossary_ls_findings(outs["glossary-ls"])
    res["textlint + prh"] = textlint_findings(outs["textlint + prh"])
    mine, theirs = positions("glossary-ls", outs["glossary-ls"]), positions("textlint", outs["textlint + prh"])
    res["only_glossary_ls"] = sorted(mine - theirs)[:5]
    res["only_textlint"] = sorted(theirs - mine)[:5]
    res["same"] = res["glossary-ls"] is not None and res["glossary-ls"] == res["textlint + prh"]
    return res


def terminology_rows(binary, inputs, manifest, peers, smoke):
    """The fixture comparison, then (full runs) both tools timed on the
    1 MB document, findings counted from the first run's output."""
    t = manifest["terminology"]
    res = {"label": t["label"], "entries": t["entries"], "variants": t["variants"],
           "fixture": compare_fixture(binary, inputs, manifest, peers), "doc": {}, "doc_bytes": t["doc"]["bytes"]}
    if smoke:
        return res
    doc = t["doc"]
    counters = {"glossary-ls": glossary_ls_findings, "textlint + prh": textlint_findings}
    for tool, cmd in commands(binary, inputs, manifest, peers, inputs / doc["path"]).items():
        log(f"terminology check: {tool}, {t['label']} entries, {doc['path']}")
        timeout = 120 if tool == "glossary-ls" else 300
        r = measure(cmd, timeout=timeout, ok_codes=(0, 1), max_runs=3, parse=counters[tool])
        res["doc"][tool] = r
    if "textlint + prh" not in res["doc"]:
        res["doc"]["textlint + prh"] = {"wall_s": None,
                                       "error": f"not measured: {peers.get('textlint_error', 'textlint not installed')}"}
    return res


def size(b):
    return f"{b / 1024 / 1024:.0f} MB" if b >= 1024 * 1024 else f"{b / 1024:.0f} KB"


def findings(n):
    return "–" if n is None else f"{n:,} findings"


def fixture_verdict(fx):
    if fx.get("error"):
        return fx["error"]
    if fx["same"]:
        return "**met**"
    return (f"**missed**: glossary-ls finds {findings(fx['glossary-ls'])}, textlint + prh {findings(fx['textlint + prh'])} "
            f"(first only in glossary-ls at line:column {fx['only_glossary_ls']}, only in textlint {fx['only_textlint']})")


def target_rows(res, lsp):
    """The report's rows: the 1 MB comparison with its target, the fixture's
    findings, and keystroke-to-diagnostics with avoided variants in force."""
    term = res.get("terminology")
    if not term:
        return []
    out = []
    fx = term["fixture"]
    label = term["label"]
    what = (f"Terminology check, {size(term.get('doc_bytes') or term.get('lsp_doc_bytes', 0))}, {label} entries x 2 avoided variants: "
            "glossary-ls vs textlint + prh")
    gls, peer = term["doc"].get("glossary-ls"), term["doc"].get("textlint + prh")
    target = f"≥ {TARGETS['vs_textlint_min_speedup']:.0f}x faster"
    if not gls or gls.get("wall_s") is None or not peer:
        out.append((what, (gls or {}).get("error", "not measured (smoke run)" if res.get("smoke") else "not measured"),
                    (peer or {}).get("error", "–"), "–", target, "not measured"))
    else:
        mine = f"{fmt_s(gls['wall_s'])} ({findings(gls.get('findings'))})"
        same = gls.get("findings") == peer.get("findings")
        note = "" if same or peer.get("findings") is None else (
            f"; findings differ on this document ({findings(gls.get('findings'))} vs {findings(peer.get('findings'))})")
        if peer.get("wall_s") is None and peer.get("timeout_s"):
            ratio = peer["timeout_s"] / gls["wall_s"]
            out.append((what, mine, f"> {peer['timeout_s']:.0f} s (timed out)", f"> {ratio:.0f}x faster", target,
                        ("**met**" if ratio >= TARGETS["vs_textlint_min_speedup"] else "not measured: textlint timed out") + note))
        elif peer.get("wall_s") is None:
            out.append((what, mine, peer.get("error", "not measured"), "–", target, "not measured"))
        else:
            ratio = peer["wall_s"] / gls["wall_s"]
            ok = ratio >= TARGETS["vs_textlint_min_speedup"]
            out.append((what, mine, f"{fmt_s(peer['wall_s'])} ({findings(peer.get('findings'))})", f"{ratio:.0f}x faster",
                        target, ("**met**" if ok else f"**missed**: {ratio:.0f}x") + note))
    out.append((f"Terminology findings on a {size(fx['bytes'])} fixture, same termbase and prh dictionary: glossary-ls vs textlint + prh",
                findings(fx.get("glossary-ls")) if "glossary-ls" in fx else "–",
                findings(fx.get("textlint + prh")) if "textlint + prh" in fx else "–", "–", "the same count", fixture_verdict(fx)))
    r = next((x for x in lsp if x.get("label") == "terminology"), None)
    what = (f"Server: one-character didChange to its publishDiagnostics p50 / p99, "
            f"{size(term.get('lsp_doc_bytes', 0))} document with avoided variants, {label} entries x 2 avoided variants")
    target = f"p99 ≤ {TARGETS['keystroke_p99_ms']:.0f} ms"
    k = (r or {}).get("keystroke", {})
    if not r or "p99_ms" not in k:
        err = (r or {}).get("error") or k.get("error") or "no run"
        out.append((what, f"not measured: {err}", "–", "–", target, "not measured"))
    else:
        ok = k["p99_ms"] <= TARGETS["keystroke_p99_ms"]
        out.append((what, f"{fmt_ms(k['p50_ms'])} / {fmt_ms(k['p99_ms'])} (n={k['n']})", "–", "–", target,
                    "**met**" if ok else f"**missed**: p99 {fmt_ms(k['p99_ms'])}"))
    return out


def section(res):
    """The report's section: what was compared, how, and what is left out."""
    term = res.get("terminology")
    if not term:
        return []
    fx = term["fixture"]
    lines = ["## Terminology\n"]
    lines.append(
        f"A CSV termbase of {term['entries']:,} generated entries, each with two variants to avoid (`avoid` column, "
        f"{term['variants']:,} variants: old names of two to four words that overlap no name and no other variant), and "
        "Markdown documents of the same generated prose where about one term in eight is written as one of its entry's "
        "variants (mostly in small letters, some as listed or in capitals, a few possessive). Before measuring, the "
        "bench checks that glossary-ls finds every variant (a document listing each once) and writes the prh dictionary "
        "with `glossary-ls export prh --glossary <termbase>`, one pattern per variant. glossary-ls runs `check --format json`; "
        "textlint runs textlint-rule-prh with that dictionary and `checkLink`, `checkBlockQuote` and `checkEmphasis` on "
        "(by default the rule skips link text, block quotes and emphasis, which glossary-ls checks). Findings are "
        "`avoided-term` and `wrong-case` for glossary-ls and the `prh` rule's messages for textlint, counted from the "
        "JSON output of the first timed run.\n")
    lines.append(
        "Not in the documents, because the two tools differ there by design: plurals of a variant (glossary-ls finds "
        "`logins` for `login`, the exported prh pattern finds the variant as written), a variant inside a longer name "
        "(glossary-ls reports the longest name, prh every pattern), and variants in code comments.\n")
    rows = [(f"fixture, {size(fx['bytes'])}", findings(fx.get("glossary-ls")) if "glossary-ls" in fx else fx.get("error", "–"),
             findings(fx.get("textlint + prh")) if "textlint + prh" in fx else "–", "–", "–")]
    for_doc = term.get("doc", {})
    if for_doc:
        g, p = for_doc.get("glossary-ls", {}), for_doc.get("textlint + prh", {})
        rows.append((f"document, {size(term.get('doc_bytes', 0))}", findings(g.get("findings")), findings(p.get("findings")),
                     fmt_s(g["wall_s"]) if g.get("wall_s") is not None else g.get("error", "–"),
                     fmt_s(p["wall_s"]) if p.get("wall_s") is not None else p.get("error", "–")))
    lines.append("| Input | glossary-ls findings | textlint + prh findings | glossary-ls time | textlint + prh time |")
    lines.append("|---|---|---|---|---|")
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    lines.append("")
    cmds = [c for c in (fx.get("glossary-ls_cmd"), fx.get("textlint + prh_cmd")) if c]
    cmds += [for_doc[t]["cmd"] for t in ("glossary-ls", "textlint + prh") if for_doc.get(t, {}).get("cmd")]
    if cmds:
        lines.append("```sh\n" + "\n".join(c + "  > /dev/null" for c in cmds) + "\n```\n")
    return lines
