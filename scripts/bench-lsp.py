#!/usr/bin/env python3
"""A small LSP client over stdio that measures glossary-ls as an editor sees it.

    bench-lsp.py --bin BIN --doc DOC [--glossary PATH | --builtin] [--out JSON]
                 [--starts N] [--requests N] [--keystrokes N] [--reloads N] [--positions JSON]

Spawns `BIN serve` in a fresh workspace folder (whose `.glossary-ls.toml` names
the glossary, which is also sent as `initializationOptions: {"glossary": [...]}`;
`workspace/configuration` is answered with null unless --answer-config)
and measures, from the client's side of the pipe:

- time from spawn to the `initialize` response (median over --starts starts);
- time from spawn to the first `textDocument/publishDiagnostics` of the document;
- hover, definition and completion round trips (p50/p99 over --requests each)
  at term occurrences (positions from `BIN scan --format json`);
- a one-character `didChange` to the `publishDiagnostics` that follows it
  (p50/p99 over --keystrokes); if the server publishes no diagnostics, the time
  until a request sent right after the change is answered, reported as a proxy;
- resident memory of the server (VmRSS, VmHWM from /proc) with the document open,
  and after each of --reloads reloads of the glossary from disk.

Timestamps are taken when a message's last byte has been read, before JSON
decoding. Prints (or writes) one JSON object; failures become `error` fields,
never exceptions, so that the caller can report "not measured" rows.
"""

import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


class Server:
    def __init__(self, argv, cwd, env):
        self.t_spawn = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.inbox = queue.Queue()
        self.write_lock = threading.Lock()
        self.next_id = 0
        self.config = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        self.inbox.put((time.perf_counter(), None))
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                body = b""
                while len(body) < length:
                    chunk = out.read(length - len(body))
                    if not chunk:
                        self.inbox.put((time.perf_counter(), None))
                        return
                    body += chunk
                t = time.perf_counter()
                msg = json.loads(body)
                if "method" in msg and "id" in msg:
                    self._answer(msg)
                self.inbox.put((t, msg))
        except Exception as e:  # the pipe closed under us
            self.inbox.put((time.perf_counter(), {"reader_error": repr(e)}))

    def _answer(self, msg):
        """Requests from the server: null, or with --answer-config the glossary
        for every `workspace/configuration` item."""
        result = None
        if msg["method"] == "workspace/configuration":
            items = msg.get("params", {}).get("items", [])
            result = [self.config for _ in items]
        self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    def send(self, msg):
        body = json.dumps(msg).encode()
        data = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.write_lock:
            t = time.perf_counter()
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        return t

    def request(self, method, params):
        self.next_id += 1
        rid = self.next_id
        t = self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid, t

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout, on_other=None):
        """The first message satisfying pred, with its arrival time; others go to on_other."""
        deadline = time.perf_counter() + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError("no answer within %.1f s" % timeout)
            try:
                t, msg = self.inbox.get(timeout=left)
            except queue.Empty:
                raise TimeoutError("no answer within %.1f s" % timeout) from None
            if msg is None:
                raise EOFError("the server closed its output")
            if "reader_error" in msg:
                raise EOFError(msg["reader_error"])
            if pred(msg):
                return t, msg
            if on_other:
                on_other(t, msg)

    def response(self, rid, timeout, on_other=None):
        t, msg = self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout, on_other)
        if "error" in msg:
            raise RuntimeError("error response: %s" % msg["error"].get("message"))
        return t, msg

    def memory(self):
        out = {}
        try:
            for line in open(f"/proc/{self.proc.pid}/status"):
                if line.startswith(("VmRSS", "VmHWM")):
                    name, value = line.split(":")
                    out[name] = int(value.split()[0])
        except OSError:
            pass
        return out

    def close(self):
        try:
            rid, _ = self.request("shutdown", None)
            self.response(rid, 10)
            self.notify("exit", None)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def summary(values_ms):
    return {
        "n": len(values_ms),
        "p50_ms": percentile(values_ms, 50),
        "p99_ms": percentile(values_ms, 99),
        "max_ms": max(values_ms) if values_ms else None,
    }


def utf16_col(line: str, chars: int) -> int:
    return len(line[:chars].encode("utf-16-le")) // 2


def initialize_params(ws: Path, glossary):
    uri = ws.resolve().as_uri()
    options = {"glossary": [glossary]} if glossary else {}
    return {
        "processId": os.getpid(),
        "clientInfo": {"name": "glossary-ls-bench", "version": "1"},
        "rootUri": uri,
        "rootPath": str(ws),
        "workspaceFolders": [{"uri": uri, "name": ws.name}],
        "initializationOptions": options,
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "textDocument": {
                "synchronization": {"didSave": False, "dynamicRegistration": False},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "completion": {"completionItem": {"snippetSupport": False}},
                "definition": {"linkSupport": False},
                "publishDiagnostics": {"relatedInformation": False, "versionSupport": True},
            },
            "workspace": {"configuration": True, "workspaceFolders": True},
            "window": {"workDoneProgress": False},
        },
    }


def start(args, ws, env):
    argv = [args.bin, "serve"]
    s = Server(argv, ws, env)
    s.config = ({"glossary": [args.glossary]} if args.glossary else {}) if args.answer_config else None
    rid, _ = s.request("initialize", initialize_params(ws, args.glossary))
    s.ready_at = None
    t, msg = s.response(rid, args.timeout, lambda t, m: note_ready(s, t, m))
    s.init_ms = (t - s.t_spawn) * 1e3
    s.capabilities = msg.get("result", {}).get("capabilities", {})
    s.notify("initialized", {})
    return s


def note_ready(s, t, msg):
    """Notes when the server says which glossary is in force (during
    `initialize` for a small glossary, after it for a large one)."""
    if msg.get("method") == "window/logMessage" and "glossary-ls: glossary:" in msg["params"].get("message", ""):
        s.ready_at = s.ready_at or t


def wait_ready(s, timeout):
    """Milliseconds from spawn until the glossary is in force."""
    if s.ready_at is None:
        t, _ = s.wait(
            lambda m: m.get("method") == "window/logMessage" and "glossary-ls: glossary:" in m["params"].get("message", ""),
            timeout,
        )
        s.ready_at = t
    return (s.ready_at - s.t_spawn) * 1e3


def occurrence_positions(args, lines):
    """(line, utf16 start, utf16 end) of term occurrences, from the CLI's scan."""
    if args.positions:
        rows = json.load(open(args.positions))
    else:
        cmd = [args.bin, "scan", "--format", "json"]
        cmd += ["--glossary", args.glossary] if args.glossary else ["--builtin"]
        cmd.append(args.doc)
        rows = json.loads(subprocess.run(cmd, capture_output=True, check=True, timeout=args.timeout).stdout)
    out = []
    for r in rows:
        if r["line"] != r["end_line"]:
            continue
        line = lines[r["line"] - 1]
        s = utf16_col(line, r["column"] - 1)
        e = utf16_col(line, r["end_column"] - 1)
        out.append((r["line"] - 1, s, e))
    return out


def evenly(items, n):
    if not items or n <= 0:
        return []
    if len(items) <= n:
        return list(items)
    step = len(items) / n
    return [items[int(i * step)] for i in range(n)]


def measure(args):
    result = {"glossary": args.glossary or "builtin", "doc": args.doc}
    text = Path(args.doc).read_text(encoding="utf-8")
    lines = text.split("\n")
    uri = Path(args.doc).resolve().as_uri()
    ws = Path(tempfile.mkdtemp(prefix="glossary-ls-bench-ws-"))
    # The cache is beside the workspace, not in it: a folder created inside
    # the workspace after the glossary was read would be a change to it.
    cache = Path(args.cache).resolve() if args.cache else Path(str(ws) + "-cache")
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("RUST_LOG", None)
    if args.glossary:
        (ws / ".glossary-ls.toml").write_text(f"glossary = [{json.dumps(args.glossary)}]\n")
    # A workspace as an editor finds it, set up a while ago: written just now,
    # the folder and its settings would count as changed since the server read
    # them (modification times are compared with a margin of seconds), and the
    # server's watcher would load the glossary a second time as it starts.
    aged = time.time() - 60
    for path in [ws / ".glossary-ls.toml", ws]:
        if path.exists():
            os.utime(path, (aged, aged))
    try:
        # Starts: initialize only.
        inits = []
        for _ in range(max(0, args.starts - 1)):
            s = start(args, ws, env)
            inits.append(s.init_ms)
            s.close()
        # The measured session.
        s = start(args, ws, env)
        inits.append(s.init_ms)
        result["initialize"] = {"median_ms": percentile(inits, 50), "max_ms": max(inits), "n": len(inits)}
        # Requests are measured against the whole glossary, once it is in force.
        result["glossary_ready_ms"] = wait_ready(s, args.timeout)
        result["capabilities"] = sorted(s.capabilities.keys())
        sync = s.capabilities.get("textDocumentSync", 1)
        change_kind = sync.get("change", 1) if isinstance(sync, dict) else sync
        result["sync"] = {1: "full", 2: "incremental"}.get(change_kind, str(change_kind))
        diags = []
        t_open = s.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}},
        )
        def on_other(t, m):
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                diags.append(t)

        # A request right after didOpen is answered once the document is analysed.
        rid, _ = s.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}})
        t, _ = s.response(rid, args.timeout, on_other)
        result["open_to_first_answer_ms"] = (t - t_open) * 1e3
        # First diagnostics of the document, if the server publishes any.
        try:
            if not diags:
                t, _ = s.wait(
                    lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
                    args.diag_wait,
                )
                diags.append(t)
            t = diags[0]
            result["first_diagnostics"] = {"from_spawn_ms": (t - s.t_spawn) * 1e3, "from_open_ms": (t - t_open) * 1e3}
            publishes = True
        except TimeoutError:
            result["first_diagnostics"] = {"error": f"no publishDiagnostics within {args.diag_wait:.0f} s of didOpen"}
            publishes = False
        result["memory_after_open_kb"] = s.memory()
        # The harness's own floor: a request no handler serves (MethodNotFound),
        # answered by the protocol layer alone.
        floor = []
        for _ in range(100 if args.requests else 0):
            rid, t0 = s.request("glossary-ls-bench/ping", {})
            t1, _ = s.wait(lambda m: m.get("id") == rid and "method" not in m, args.timeout, on_other)
            floor.append((t1 - t0) * 1e3)
        if floor:
            result["transport_floor"] = summary(floor)

        positions = occurrence_positions(args, lines) if (args.requests or args.keystrokes) else []
        result["occurrences"] = len(positions)
        sample = evenly(positions, args.requests)

        def timed(method, params_of, check=None):
            times, errors, sizes = [], [], []
            began = time.perf_counter()
            for p in sample:
                if len(times) >= 5 and time.perf_counter() - began > args.budget:
                    break
                rid, t0 = s.request(method, params_of(p))
                try:
                    t1, msg = s.response(rid, args.timeout, on_other)
                except Exception as e:
                    errors.append(str(e))
                    continue
                times.append((t1 - t0) * 1e3)
                r = msg.get("result")
                if method == "textDocument/completion":
                    items = r.get("items", []) if isinstance(r, dict) else (r or [])
                    sizes.append(len(items))
                elif r:
                    sizes.append(1)
            out = summary(times)
            out["answered"] = sum(1 for x in sizes if x)
            if method == "textDocument/completion" and sizes:
                out["items_median"] = percentile(sizes, 50)
            if errors:
                out["errors"] = len(errors)
                out["first_error"] = errors[0]
            return out

        def at(p, offset=None):
            line, s16, e16 = p
            col = (s16 + e16) // 2 if offset is None else min(s16 + offset, e16)
            return {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}

        if sample:
            if s.capabilities.get("hoverProvider"):
                result["hover"] = timed("textDocument/hover", at)
            else:
                result["hover"] = {"error": "the server does not offer hover"}
            if s.capabilities.get("definitionProvider"):
                result["definition"] = timed("textDocument/definition", at)
            else:
                result["definition"] = {"error": "the server does not offer definition"}
            if s.capabilities.get("completionProvider") is not None:
                result["completion"] = timed("textDocument/completion", lambda p: at(p, 3))
            else:
                result["completion"] = {"error": "the server does not offer completion"}

        # Keystrokes: type one character at the end of a prose line, then delete it.
        if args.keystrokes:
            targets = evenly(sorted({p[0] for p in positions}) or [len(lines) - 1], max(1, args.keystrokes // 2))
            version = 1
            diag_times, proxy_times, errors = [], [], []
            began = time.perf_counter()
            for i in range(args.keystrokes):
                if i >= 10 and i % 2 == 0 and time.perf_counter() - began > args.budget:
                    break
                line = targets[(i // 2) % len(targets)]
                col = utf16_col(lines[line], len(lines[line]))
                version += 1
                if i % 2 == 0:
                    rng = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}
                    change = {"range": rng, "text": "x"}
                    new_line = lines[line] + "x"
                else:
                    rng = {"start": {"line": line, "character": col - 1}, "end": {"line": line, "character": col}}
                    change = {"range": rng, "text": ""}
                    new_line = lines[line][:-1]
                lines[line] = new_line
                if result["sync"] == "full":
                    change = {"text": "\n".join(lines)}
                t0 = s.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
                )
                try:
                    if publishes:
                        t1, _ = s.wait(
                            lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["uri"] == uri
                            and m["params"].get("version", version) == version,
                            args.timeout,
                        )
                        diag_times.append((t1 - t0) * 1e3)
                    else:
                        rid, _ = s.request(
                            "textDocument/hover",
                            {"textDocument": {"uri": uri}, "position": {"line": line, "character": 0}},
                        )
                        t1, _ = s.response(rid, args.timeout, on_other)
                        proxy_times.append((t1 - t0) * 1e3)
                except Exception as e:
                    errors.append(str(e))
            if publishes:
                result["keystroke"] = summary(diag_times)
            else:
                result["keystroke"] = {"error": "the server publishes no diagnostics"}
                result["keystroke_proxy"] = summary(proxy_times)
            if errors:
                result["keystroke"]["errors"] = len(errors)
                result["keystroke"]["first_error"] = errors[0]
        result["memory_end_kb"] = s.memory()
        if args.reloads:
            result["reloads"] = reloads(s, args)
        s.close()
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"
    finally:
        shutil.rmtree(ws, ignore_errors=True)
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)
    return result


def reloads(s, args):
    """Reloads the glossary from disk --reloads times (an entry file rewritten
    as it was, then didChangeWatchedFiles) and reads the server's memory
    after each reload has been swapped in."""
    root = Path(args.glossary) if args.glossary else None
    files = sorted(root.rglob("*.md"))[:1] if root and root.is_dir() else ([root] if root else [])
    if not files:
        return {"error": "no glossary file to touch (built-in glossary)"}
    entry = files[0]

    def state():
        rid, _ = s.request("glossary-ls/serverState", None)
        return s.response(rid, args.timeout)[1]["result"]

    out = {"n": 0, "memory_kb": [], "seconds": []}
    try:
        for _ in range(args.reloads):
            swaps = state()["swaps"]
            entry.write_bytes(entry.read_bytes())
            t0 = time.perf_counter()
            s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": entry.resolve().as_uri(), "type": 2}]})
            while state()["swaps"] <= swaps:
                if time.perf_counter() - t0 > args.timeout:
                    raise TimeoutError("the reload was not swapped in within %.0f s" % args.timeout)
                time.sleep(0.05)
            out["seconds"].append(time.perf_counter() - t0)
            time.sleep(2.0)  # the old glossary is dropped and trimmed after the swap
            out["memory_kb"].append(s.memory())
            out["disk_loads"] = state()["diskLoads"]
            out["n"] += 1
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {e}"
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--glossary")
    ap.add_argument("--builtin", action="store_true")
    ap.add_argument("--starts", type=int, default=1)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--keystrokes", type=int, default=200)
    ap.add_argument("--reloads", type=int, default=0, help="reload the glossary from disk this many times at the end")
    ap.add_argument("--positions")
    ap.add_argument("--cache")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--diag-wait", type=float, default=5.0)
    ap.add_argument("--budget", type=float, default=30.0, help="seconds per kind of request before stopping early")
    ap.add_argument("--out")
    ap.add_argument(
        "--answer-config",
        action="store_true",
        help="answer workspace/configuration with the glossary too (by default: null, no client settings)",
    )
    args = ap.parse_args()
    if args.glossary:
        args.glossary = str(Path(args.glossary).resolve())
    args.doc = str(Path(args.doc).resolve())
    args.bin = str(Path(args.bin).resolve())
    result = measure(args)
    text = json.dumps(result, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
