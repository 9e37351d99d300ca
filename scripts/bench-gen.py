#!/usr/bin/env python3
"""Generates the benchmark inputs of scripts/bench, reproducibly (fixed seed).

    bench-gen.py OUT_DIR [--smoke]

Writes under OUT_DIR:
  terms.tsv            every generated entry: title, acronym, synonyms, slug (the master list)
  glossary-<N>/        house-format glossary folders, one .md file per entry
  glossary-<N>.csv     single-file glossaries (term,definition,synonyms,related,slug)
  terms-<N>.txt        the same surface forms as a plain list, one per line (for ripgrep)
  prh-<N>.yml          a prh dictionary of the same terms (for textlint-rule-prh)
  doc-<size>.md        Markdown documents of realistic prose with glossary terms
  manifest.json        what was generated, with sizes and counts

Full mode: folders of 1k, 10k and 100k entries, a CSV of 1M entries, documents
of 100 KB, 1 MB and 10 MB. Smoke mode: folders of 50, 200 and 600 entries, a CSV of
2,000 entries and documents of 8 KB and 32 KB.

Everything is made from the word lists below and a seeded random generator:
nothing is copied from any corpus. Inputs are regenerated only when this file
or the mode changes (a stamp file records both).
"""

import hashlib
import json
import os
import random
import re
import shutil
import sys

SEED = 20240605

# --- vocabulary ---------------------------------------------------------------------

# Modifiers of technical terms; a few are hyphenated compounds.
MODIFIERS = """
adaptive asynchronous atomic autonomous batch bayesian binary blocking canonical cascading
causal centralised circular cloud cold cognitive collaborative columnar composite concurrent
conditional consistent containerised contextual continuous contrastive convolutional cooperative
cryptographic cumulative declarative decentralised deep dense derived deterministic differential
digital directed discrete distributed dynamic elastic embedded encrypted ephemeral event
evolutionary explicit exponential federated fine graded generative geometric global gradient
graphical greedy hardware hashed heuristic hierarchical hybrid immutable implicit incremental
inductive inferential intelligent interactive interpretable inverse iterative kinetic lateral
latent layered lazy learned lexical linear local logical lossless lossy managed marginal
masked mechanical mobile modular monolithic multimodal mutual native network neural nominal
numerical observable offline online open operational optimal ordinal orthogonal parallel
parametric partial passive persistent physical pipelined planar predictive private probabilistic
procedural programmable progressive public quantised quantum random rational reactive recurrent
recursive redundant regional reinforced relational reliable remote replicated residual resilient
responsive reversible robust rolling scalable secure segmented semantic sequential serverless
shared signed simulated soft sparse spatial spectral speculative stable stateful stateless static
statistical stochastic streaming structural structured supervised symbolic synchronous synthetic
systolic temporal tensor textual threaded tiered topological transactional transient transparent
unified unsupervised variational vectorised versioned virtual visual volatile weighted wireless
real-time end-to-end zero-trust multi-tenant peer-to-peer read-only write-ahead copy-on-write
few-shot zero-shot self-supervised high-availability low-latency cross-region in-memory
""".split()

# Head nouns of technical terms.
NOUNS = """
abstraction accelerator adapter agent aggregate algorithm allocator analyser annotation anomaly
architecture archive artifact assertion attention autoscaler backend backlog backoff balancer
baseline benchmark bitmap blob bloom boundary broker buffer bus cache calibration canary
capability certificate channel checkpoint cipher circuit classifier client clock cluster codec
collector compiler component compression consensus console constraint container controller
convolution coordinator corpus counter crawler daemon dashboard database dataset decoder
deployment descriptor detector dictionary digest dimension directory dispatcher distillation
driver embedding emulator encoder endpoint engine ensemble entity entropy environment estimator
evaluator executor exporter extractor fabric factor feature filter firewall fixture framework
function gateway generator graph grid handler hash heap histogram hypervisor identifier image
index inference ingress injector inspector instance interface interpreter inventory iterator
journal kernel key ladder layer ledger lexer library limiter linker loader lock logger loop
manifest mapper marshaller matrix mechanism memory mesh metric middleware migration mirror
model module monitor multiplexer namespace neuron node normaliser notebook object observer
operator optimiser orchestrator oracle packet parser partition payload perceptron permission
pipeline planner platform plugin pointer policy pool port predictor primitive probe processor
profile profiler projection prompt protocol provider proxy quantiser query queue quota ranker
reactor reader receiver recogniser record reducer regression registry regulariser relay renderer
replica repository request resolver resource router runtime sampler sandbox scheduler schema
scope scorer segment selector semaphore sensor sequencer serialiser server service session
shard signal simulator sink snapshot socket solver spanner specification spooler stack store
stream subscriber supervisor switch synthesiser table tagger target task template tensor
tokenizer topology tracer transaction transformer translator tree trigger tunnel validator
vault vector verifier viewer volume watcher webhook window worker workflow workload zone
""".split()

# Words with letters outside ASCII, used in some terms.
NON_ASCII = """
café naïve façade résumé crème señal Überwachung Straße Möbius Schrödinger Gödel Pólya Erdős
Łukasiewicz Čech Ångström smörgåsbord jalapeño déjà coöperative Zürich Kärcher Böhm Ørsted
Ænima Škoda Dvořák Lagrangé Fréchet Hölder Poincaré Lévy Müller Søren Øresund élan
""".split()

# Whole terms in scripts written without spaces.
CJK_TERMS = """
日本語 機械学習 深層学習 自然言語処理 分散システム 形態素解析 強化学習 画像認識 音声合成 検索エンジン
知識グラフ 推薦システム 異常検知 時系列予測 特徴抽出 データ基盤 クラウド基盤 分散台帳 量子計算 暗号通貨
情報検索 文書分類 感情分析 機械翻訳 対話システム 生成モデル 言語モデル 計算資源 並列処理 負荷分散
""".split()

SYLLABLES = """
ka lo ri ven tor zu mi dex qua lix nor bel cor fin gra hel jo kyr lum mar nex ov pel quo ras
sil tam ur vex wol xan yel zor ad ex in ul bri cla dro fle glo plu stra tri
""".split()

# Ordinary prose: words that are not part of any term.
FUNCTION = """
the the the the a a an of of of to to to and and and in in is is that that it for for on with
as as be by this are was or at from but not have has can will which we you they their its
these those when where while because if then than so also more most such into over only about
each other some any many much very just both either between through during before after
""".split()
PROSE = """
team teams people users writers readers developers engineers operators customers question
answer problem example reason result results approach change changes version release design
idea ideas system systems part parts way ways time times step steps case cases group groups
work works working worked make makes made use uses used using need needs needed keep keeps kept
show shows shown find finds found read reads write writes written run runs running build
builds built start starts started stop stops follow follows following explain explains explained
describe describes described choose chooses chosen compare compares compared measure measures
measured improve improves improved reduce reduces reduced allow allows allowed require requires
required provide provides provided support supports supported handle handles handled usually
often sometimes rarely always never quickly slowly carefully clearly simply roughly nearly
well better best small large larger simple complex common rare new old early late different
similar important useful difficult easy clear hidden visible typical practical general
specific human careful correct wrong fast slow cheap expensive short long first second last
next previous whole every same own several few little enough daily weekly section chapter
page document guide note notes list table figure detail details summary overview context
history future practice theory level levels number numbers amount cost costs value values
""".split()
VERBS_3RD = "uses needs keeps shows finds reads writes runs builds starts follows explains describes compares measures improves reduces allows requires provides supports handles".split()

TLDS = ["example.com", "example.org", "docs.example.net", "wiki.example.io"]
LANGS = ["python", "rust", "go", "yaml", "json", "bash", "sql", ""]

FULL = {
    "folders": [1_000, 10_000, 100_000],
    "csv": [1_000_000],
    "docs": [("100k", 100 * 1024), ("1m", 1024 * 1024), ("10m", 10 * 1024 * 1024)],
}
SMOKE = {
    "folders": [50, 200, 600],
    "csv": [2_000],
    "docs": [("8k", 8 * 1024), ("32k", 32 * 1024)],
}


# --- terms --------------------------------------------------------------------------


def title_word(w: str) -> str:
    return "-".join(p[:1].upper() + p[1:] for p in w.split("-"))


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def singular(word: str) -> str:
    """Mirrors the matcher's conservative English singular, so keys dedupe alike."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key(term: str) -> str:
    words = re.sub(r"[\s\-]+", " ", term.lower()).strip().split(" ")
    words[-1] = singular(words[-1])
    return " ".join(words)


def make_terms(n: int, rng: random.Random) -> list:
    """n entries: dicts with title, base, acronym, synonyms, slug."""
    seen = set()
    slugs = set()
    entries = []

    def noun():
        r = rng.random()
        if r < 0.12:
            return pseudo_word(rng)
        return rng.choice(NOUNS)

    def modifier():
        r = rng.random()
        if r < 0.04:
            return rng.choice(NON_ASCII)
        if r < 0.10:
            return pseudo_word(rng)
        return rng.choice(MODIFIERS)

    def candidate():
        r = rng.random()
        if r < 0.01:
            return rng.choice(CJK_TERMS) + (rng.choice(CJK_TERMS) if rng.random() < 0.7 else "")
        if r < 0.13:
            words = [noun() if rng.random() < 0.6 else pseudo_word(rng)]
        elif r < 0.55:
            words = [modifier(), noun()]
        elif r < 0.85:
            words = [modifier(), modifier() if rng.random() < 0.6 else noun(), noun()]
        else:
            words = [modifier(), modifier(), noun(), noun()]
        if rng.random() < 0.05 and len(words) >= 2:
            # an occasional hyphenated compound of two plain words
            i = rng.randrange(len(words) - 1)
            words[i : i + 2] = [words[i] + "-" + words[i + 1]]
        return " ".join(title_word(w) for w in words)

    while len(entries) < n:
        base = candidate()
        k = key(base)
        if k in seen or len(base) < 3:
            continue
        seen.add(k)
        acronym = None
        parts = re.split(r"[\s\-]+", base)
        if len(parts) >= 2 and base.isascii() and rng.random() < 0.14:
            acro = "".join(p[0].upper() for p in parts if p)
            if rng.random() < 0.1:
                acro += str(rng.randint(2, 9))
            if key(acro) not in seen:
                seen.add(key(acro))
                acronym = acro
        synonyms = []
        if rng.random() < 0.10:
            syn = candidate()
            if key(syn) not in seen:
                seen.add(key(syn))
                synonyms.append(syn)
        title = f"{base} ({acronym})" if acronym else base
        slug = slugify(title)
        while slug in slugs:
            slug += "-x"
        slugs.add(slug)
        entries.append(
            {"title": title, "base": base, "acronym": acronym, "synonyms": synonyms, "slug": slug}
        )
    return entries


def slugify(title: str) -> str:
    out = []
    for c in title:
        if c.isalnum():
            out.append(c.lower())
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def surface_forms(e: dict) -> list:
    forms = [e["base"]]
    if e["acronym"]:
        forms.append(e["acronym"])
    forms.extend(e["synonyms"])
    return forms


# --- prose --------------------------------------------------------------------------


class Prose:
    """Sentences of ordinary words with glossary terms at a realistic density."""

    def __init__(self, rng: random.Random, entries: list, pool: int):
        self.rng = rng
        self.entries = entries
        self.pool = max(1, min(pool, len(entries)))

    def word(self) -> str:
        r = self.rng.random()
        if r < 0.42:
            return self.rng.choice(FUNCTION)
        if r < 0.47:
            return self.rng.choice(VERBS_3RD)
        return self.rng.choice(PROSE)

    def term(self) -> str:
        rng = self.rng
        # Log-uniform over the pool: a few terms are used a lot, most rarely.
        i = min(int(self.pool ** rng.random()) - 1, self.pool - 1)
        e = self.entries[i]
        if e["acronym"] and rng.random() < 0.3:
            t = e["acronym"]
            if rng.random() < 0.1:
                t += "s"
            return t
        if e["synonyms"] and rng.random() < 0.15:
            t = e["synonyms"][0]
        else:
            t = e["base"]
        r = rng.random()
        if r < 0.55:
            t = t.lower()
        elif r < 0.6:
            t = t.upper() if t.isascii() else t
        if "-" in t and rng.random() < 0.3:
            t = t.replace("-", " ")
        r = rng.random()
        if t.isascii() and t[-1].isalpha():
            if r < 0.10:
                t = plural(t)
            elif r < 0.14:
                t += "'s"
        return t

    def sentence(self, link_terms: bool = True) -> str:
        rng = self.rng
        n = rng.randint(8, 26)
        words = []
        gap = rng.randint(4, 26)
        while len(words) < n:
            gap -= 1
            if gap <= 0:
                t = self.term()
                r = rng.random()
                if link_terms and r < 0.06:
                    e = self.entries[rng.randrange(self.pool)]
                    t = f"[{t}](/glossary/{e['slug']}/)"
                elif r < 0.09:
                    t = f"**{t}**"
                elif r < 0.11:
                    t = f"*{t}*"
                words.append(t)
                gap = rng.randint(8, 28)
                continue
            w = self.word()
            r = rng.random()
            if r < 0.015:
                w = f"`{w}_{rng.choice(NOUNS)}`"
            elif r < 0.02:
                w = f"[{w} {self.word()}](https://{rng.choice(TLDS)}/{rng.choice(NOUNS)}/{rng.randint(1, 999)})"
            elif r < 0.023:
                w = f"https://{rng.choice(TLDS)}/{rng.choice(NOUNS)}?id={rng.randint(1, 99999)}"
            words.append(w)
        words[0] = words[0][:1].upper() + words[0][1:]
        s = " ".join(words)
        if rng.random() < 0.15:
            k = rng.randrange(1, len(words))
            s = " ".join(words[:k]) + ", " + " ".join(words[k:])
        return s + rng.choice([".", ".", ".", ".", ".", ".", "?", "!"])

    def paragraph(self) -> str:
        rng = self.rng
        lines = []
        for _ in range(rng.randint(2, 6)):
            lines.append(self.sentence())
        text = " ".join(lines)
        return wrap(text, rng.choice([0, 80, 100]))

    def code_block(self) -> str:
        rng = self.rng
        lang = rng.choice(LANGS)
        body = []
        for _ in range(rng.randint(2, 12)):
            e = self.entries[rng.randrange(self.pool)]
            ident = re.sub(r"\W+", "_", e["base"].lower()).strip("_") or "x"
            body.append(
                rng.choice(
                    [
                        f"{ident} = load('{e['base']}')",
                        f"# {e['base']} uses the {self.word()} {self.word()}",
                        f"for item in {ident}: process(item, {rng.randint(0, 99)})",
                        f"    return {ident}.{rng.choice(NOUNS)}()",
                        f"{rng.choice(NOUNS)}: {e['base'].lower()}",
                    ]
                )
            )
        return f"```{lang}\n" + "\n".join(body) + "\n```"

    def japanese(self) -> str:
        rng = self.rng
        parts = []
        for _ in range(rng.randint(2, 4)):
            t = rng.choice(CJK_TERMS)
            parts.append(rng.choice([f"この章では{t}を説明する。", f"{t}は多くのチームで使われている。", f"まず{t}の基本を確認しよう。"]))
        return "".join(parts)


def plural(t: str) -> str:
    if t.endswith(("s", "x", "ch", "sh")):
        return t + "es"
    if len(t) > 2 and t.endswith("y") and t[-2] not in "aeiouAEIOU":
        return t[:-1] + "ies"
    return t + "s"


def wrap(text: str, width: int) -> str:
    if width == 0:
        return text
    out, line = [], ""
    for w in text.split(" "):
        if line and len(line) + 1 + len(w) > width:
            out.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        out.append(line)
    return "\n".join(out)


def heading_text(p: Prose) -> str:
    rng = p.rng
    words = [p.word() for _ in range(rng.randint(1, 4))]
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words) + 1), p.term())
    return " ".join(title_word(w) if i == 0 else w for i, w in enumerate(words))


def document(rng: random.Random, entries: list, pool: int, size: int) -> str:
    p = Prose(rng, entries, pool)
    parts = [
        "---\n"
        f'title: "Field notes on {entries[0]["base"]}"\n'
        "date: 2024-06-05\n"
        "tags: [architecture, operations]\n"
        "---\n",
        f"# {heading_text(p)}\n",
    ]
    length = sum(len(x.encode()) + 1 for x in parts)
    while length < size:
        r = rng.random()
        if r < 0.08:
            block = f"{'#' * rng.randint(2, 4)} {heading_text(p)}"
        elif r < 0.18:
            items = []
            ordered = rng.random() < 0.3
            for i in range(rng.randint(2, 6)):
                marker = f"{i + 1}." if ordered else "-"
                items.append(f"{marker} {p.sentence()}")
                if rng.random() < 0.2:
                    items.append(f"   - {p.sentence()}")
            block = "\n".join(items)
        elif r < 0.23:
            block = p.code_block()
        elif r < 0.26:
            block = "\n".join("> " + line for line in p.paragraph().split("\n"))
        elif r < 0.28:
            rows = ["| Term | Note |", "| --- | --- |"]
            for _ in range(rng.randint(2, 5)):
                rows.append(f"| {p.term()} | {p.sentence(link_terms=False)} |")
            block = "\n".join(rows)
        elif r < 0.285:
            block = p.japanese()
        else:
            block = p.paragraph()
        parts.append(block + "\n")
        length += len(block.encode()) + 2
    return "\n".join(parts)


# --- glossaries ---------------------------------------------------------------------


def sentence_pool(rng: random.Random, entries: list, n: int) -> list:
    p = Prose(rng, entries, min(len(entries), 2000))
    return [p.sentence(link_terms=False) for _ in range(n)]


def clause(rng: random.Random) -> str:
    """A short definition clause of ordinary words."""
    words = [rng.choice(VERBS_3RD)]
    for _ in range(rng.randint(3, 8)):
        words.append(rng.choice(FUNCTION) if rng.random() < 0.4 else rng.choice(PROSE))
    return " ".join(words)


def entry_file(e: dict, rng: random.Random, pool: list, related: list) -> str:
    def sents(k):
        return " ".join(rng.choice(pool) for _ in range(k))

    title = e["title"].replace('"', '\\"')
    body = [
        "---",
        f'title: "{title}"',
        "draft: false",
        'type: "glossary"',
        'layout: "entry"',
        "---",
        "",
        "### Summary",
        f"{e['base']} is a {rng.choice(MODIFIERS)} {rng.choice(NOUNS)} that {clause(rng)}. {sents(1)}",
        "",
        "### ELI5",
        sents(rng.randint(1, 2)),
        "",
        "### In-depth explanation",
        sents(rng.randint(2, 4)),
        "",
        sents(rng.randint(1, 3)),
        "",
        "### Related terms",
        ", ".join(related),
        "",
    ]
    return "\n".join(body)


def related_titles(entries: list, n: int, rng: random.Random, i: int) -> list:
    out = []
    for _ in range(rng.randint(2, 5)):
        j = rng.randrange(n)
        if j != i:
            out.append(entries[j]["title"])
    return out


def write_folder(path: str, entries: list, n: int, rng: random.Random, pool: list):
    tmp = path + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for i in range(n):
        e = entries[i]
        text = entry_file(e, rng, pool, related_titles(entries, n, rng, i))
        with open(os.path.join(tmp, e["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write(text)
    shutil.rmtree(path, ignore_errors=True)
    os.rename(tmp, path)


def csv_cell(s: str) -> str:
    if any(c in s for c in ',"\n\r'):
        return '"' + s.replace('"', '""') + '"'
    return s


def write_csv(path: str, entries: list, n: int, rng: random.Random, pool: list):
    with open(path + ".tmp", "w", encoding="utf-8", newline="") as f:
        f.write("term,definition,synonyms,related,slug\n")
        for i in range(n):
            e = entries[i]
            definition = f"{e['base']} is a {rng.choice(MODIFIERS)} {rng.choice(NOUNS)} that {clause(rng)}."
            related = []
            for _ in range(rng.randint(0, 2)):
                j = rng.randrange(n)
                if j != i:
                    related.append(entries[j]["title"])
            f.write(
                ",".join(
                    csv_cell(c)
                    for c in (e["title"], definition, ";".join(e["synonyms"]), ";".join(related), e["slug"])
                )
                + "\n"
            )
    os.replace(path + ".tmp", path)


def write_terms(path: str, entries: list, n: int):
    with open(path, "w", encoding="utf-8") as f:
        for e in entries[:n]:
            for form in surface_forms(e):
                f.write(form + "\n")


def write_prh(path: str, entries: list, n: int):
    # JSON strings are valid YAML scalars: no quoting rules to get wrong.
    with open(path, "w", encoding="utf-8") as f:
        f.write("version: 1\nrules:\n")
        for e in entries[:n]:
            for form in surface_forms(e):
                f.write(f"  - expected: {json.dumps(form, ensure_ascii=False)}\n")
                f.write("    options:\n      wordBoundary: true\n")


def label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def main():
    out = sys.argv[1]
    smoke = "--smoke" in sys.argv[2:]
    plan = SMOKE if smoke else FULL
    with open(__file__, "rb") as f:
        stamp = hashlib.sha256(f.read() + (b"smoke" if smoke else b"full")).hexdigest()[:16]
    stamp_path = os.path.join(out, "stamp")
    manifest_path = os.path.join(out, "manifest.json")
    if os.path.exists(stamp_path) and os.path.exists(manifest_path):
        if open(stamp_path).read().strip() == stamp:
            print(f"inputs in {out} are current (stamp {stamp})", file=sys.stderr)
            return
    os.makedirs(out, exist_ok=True)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    rng = random.Random(SEED)
    total = max(plan["folders"] + plan["csv"])
    entries = make_terms(total, rng)
    with open(os.path.join(out, "terms.tsv"), "w", encoding="utf-8") as f:
        f.write("title\tacronym\tsynonyms\tslug\n")
        for e in entries:
            f.write(f"{e['title']}\t{e['acronym'] or ''}\t{';'.join(e['synonyms'])}\t{e['slug']}\n")
    pool = sentence_pool(random.Random(SEED + 1), entries, 4000 if not smoke else 300)
    manifest = {"seed": SEED, "smoke": smoke, "glossaries": [], "docs": []}
    for n in plan["folders"]:
        name = f"glossary-{label(n)}"
        print(f"generating {name}/", file=sys.stderr)
        write_folder(os.path.join(out, name), entries, n, random.Random(SEED + n), pool)
        write_terms(os.path.join(out, f"terms-{label(n)}.txt"), entries, n)
        write_prh(os.path.join(out, f"prh-{label(n)}.yml"), entries, n)
        forms = sum(len(surface_forms(e)) for e in entries[:n])
        manifest["glossaries"].append(
            {"label": label(n), "entries": n, "forms": forms, "path": name, "kind": "folder",
             "terms": f"terms-{label(n)}.txt", "prh": f"prh-{label(n)}.yml"}
        )
    for n in plan["csv"]:
        name = f"glossary-{label(n)}.csv"
        print(f"generating {name}", file=sys.stderr)
        write_csv(os.path.join(out, name), entries, n, random.Random(SEED + n), pool)
        write_terms(os.path.join(out, f"terms-{label(n)}.txt"), entries, n)
        forms = sum(len(surface_forms(e)) for e in entries[:n])
        manifest["glossaries"].append(
            {"label": label(n), "entries": n, "forms": forms, "path": name, "kind": "csv",
             "terms": f"terms-{label(n)}.txt"}
        )
    # Documents use terms of the middle glossary (10k in full mode), log-uniformly.
    pool_size = plan["folders"][1] if len(plan["folders"]) > 1 else plan["folders"][0]
    for name, size in plan["docs"]:
        print(f"generating doc-{name}.md", file=sys.stderr)
        text = document(random.Random(SEED + size), entries, pool_size, size)
        path = os.path.join(out, f"doc-{name}.md")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        manifest["docs"].append({"label": name, "bytes": len(text.encode()), "path": f"doc-{name}.md"})
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=2)
    with open(stamp_path, "w") as f:
        f.write(stamp + "\n")


if __name__ == "__main__":
    main()
