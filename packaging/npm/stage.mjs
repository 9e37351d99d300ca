// Lays out the two npm packages for this machine, ready for `npm pack`:
//
//   <out>/glossary-ls/       the launcher (packaging/npm/glossary-ls, with
//                            README.md and LICENSE)
//   <out>/<platform>/        @glossary-ls/<platform>: the binary in bin/,
//                            with `os`, `cpu` (and `libc`) so that npm
//                            installs it only where it runs
//
//   node packaging/npm/stage.mjs BINARY OUT
//
// The platform is this machine's (`process.platform`-`process.arch`), the
// names the launcher looks for; each platform's package is built on it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const [binary, out] = process.argv.slice(2);
if (!binary || !out) {
  console.error('usage: node packaging/npm/stage.mjs BINARY OUT');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const launcher = JSON.parse(fs.readFileSync(path.join(here, 'glossary-ls', 'package.json'), 'utf8'));

const key = `${process.platform}-${process.arch}`;
const name = `@glossary-ls/${key}`;
if (!(name in launcher.optionalDependencies)) {
  console.error(`${name} is not among the optionalDependencies of packaging/npm/glossary-ls/package.json: add it there first`);
  process.exit(2);
}
// The Linux binary is linked against glibc; npm 10 reads `libc`.
const glibc = process.platform === 'linux' && Boolean(process.report.getReport().header.glibcVersionRuntime);
if (process.platform === 'linux' && !glibc) {
  console.error('this Linux has no glibc (musl?): the npm packages are made for glibc Linux only');
  process.exit(2);
}

fs.rmSync(out, { recursive: true, force: true });

const main = path.join(out, 'glossary-ls');
fs.mkdirSync(path.join(main, 'bin'), { recursive: true });
fs.copyFileSync(path.join(here, 'glossary-ls', 'package.json'), path.join(main, 'package.json'));
fs.copyFileSync(path.join(here, 'glossary-ls', 'README.md'), path.join(main, 'README.md'));
fs.copyFileSync(path.join(here, 'glossary-ls', 'bin', 'glossary-ls.js'), path.join(main, 'bin', 'glossary-ls.js'));
fs.chmodSync(path.join(main, 'bin', 'glossary-ls.js'), 0o755);
fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(main, 'LICENSE'));

const platform = path.join(out, key);
const exe = process.platform === 'win32' ? 'glossary-ls.exe' : 'glossary-ls';
fs.mkdirSync(path.join(platform, 'bin'), { recursive: true });
fs.copyFileSync(binary, path.join(platform, 'bin', exe));
fs.chmodSync(path.join(platform, 'bin', exe), 0o755);
fs.copyFileSync(path.join(repo, 'LICENSE'), path.join(platform, 'LICENSE'));
const manifest = {
  name,
  version: launcher.version,
  description: `The glossary-ls binary for ${key}; install the glossary-ls package, which runs it.`,
  license: launcher.license,
  os: [process.platform],
  cpu: [process.arch],
  ...(glibc ? { libc: ['glibc'] } : {}),
  files: [`bin/${exe}`, 'README.md', 'LICENSE'],
  preferUnplugged: true,
};
fs.writeFileSync(path.join(platform, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
fs.writeFileSync(
  path.join(platform, 'README.md'),
  `# ${name}\n\nThe \`glossary-ls\` binary for ${key}. Install the \`glossary-ls\` package instead:\n` +
    'it depends on this one where it fits the machine, and its `glossary-ls` command runs the binary.\n',
);
console.log(`${main}\n${platform}`);
