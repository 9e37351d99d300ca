#!/usr/bin/env bash
# Builds and checks the VS Code extension from the npm registry alone:
# npm ci, type-check, lint, unit tests, bundle, and a .vsix.
# Exits non-zero on the first failure. Usable from anywhere:
#   bash editors/vscode/scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

step "node $(node --version), npm $(npm --version)"

step "npm ci"
npm ci --no-audit --no-fund
# Tells scripts/package that node_modules matches the lock file.
sha256sum package-lock.json | cut -d' ' -f1 >node_modules/.lock-sha256

step "npm run typecheck"
npm run typecheck

step "npm run lint"
npm run lint

step "npm test"
npm test

step "npm run bundle"
npm run bundle

step "npm run package"
rm -f ./*.vsix
npm run package

vsix=$(ls ./*.vsix)
step "built $(pwd)/${vsix#./}"
