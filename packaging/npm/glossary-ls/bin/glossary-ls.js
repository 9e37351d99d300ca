#!/usr/bin/env node
// Runs the glossary-ls binary of this machine's platform. npm installs it
// with the one optional dependency whose `os`, `cpu` (and `libc`) fit, such
// as @glossary-ls/linux-x64, and skips the others; this launcher finds it and
// hands over its arguments, standard streams, exit code and signals.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');

const { optionalDependencies } = require('../package.json');

function fail(message) {
  process.stderr.write(`glossary-ls: error: ${message}\n`);
  process.exit(2);
}

const key = `${process.platform}-${process.arch}`;
const platformPackage = `@glossary-ls/${key}`;
if (!(platformPackage in optionalDependencies)) {
  const known = Object.keys(optionalDependencies).map((name) => name.replace('@glossary-ls/', ''));
  fail(`there is no glossary-ls binary for ${key} on npm (there is for ${known.join(', ')}); ` +
    'build glossary-ls with cargo instead (cargo install glossary-ls)');
}

let packageDir;
try {
  packageDir = path.dirname(require.resolve(`${platformPackage}/package.json`));
} catch {
  fail(`the package ${platformPackage}, which has the binary for this machine, is not installed; ` +
    'install glossary-ls again without --omit=optional (or --no-optional)');
}
const binary = path.join(packageDir, 'bin', process.platform === 'win32' ? 'glossary-ls.exe' : 'glossary-ls');

const child = spawn(binary, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
child.on('error', (error) => fail(`cannot run ${binary}: ${error.message}`));

// An editor that stops the server signals this process: pass it on.
const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP'];
for (const signal of forwarded) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  if (signal !== null) {
    // End the way the binary ended, so that the caller sees the signal.
    for (const s of forwarded) {
      process.removeAllListeners(s);
    }
    process.exitCode = 2;
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 2);
});
