// Bundles the extension into dist/extension.js (vscode stays external) and
// writes dist/THIRD_PARTY_NOTICES.txt with the licence of every npm package
// that went into the bundle.
//
//   node scripts/bundle.mjs            minified, for the .vsix
//   node scripts/bundle.mjs --dev      with a source map
//   node scripts/bundle.mjs --watch    --dev, rebuilding on change
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const watch = process.argv.includes('--watch');
const dev = watch || process.argv.includes('--dev');

/** @type {esbuild.BuildOptions} */
const options = {
  absWorkingDir: root,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  external: ['vscode'],
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: !dev,
  sourcemap: dev,
  metafile: true,
  logLevel: 'info',
};

/** Package folders (node_modules/...) that contributed input files. */
function bundledPackages(metafile) {
  const dirs = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replace(/\\/g, '/'));
    if (m) {
      dirs.add(m[1]);
    }
  }
  return [...dirs].sort();
}

function notices(metafile) {
  const parts = [
    'The glossary-ls extension bundles the following npm packages into dist/extension.js.',
    '',
  ];
  for (const dir of bundledPackages(metafile)) {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    const licenceFile = fs
      .readdirSync(path.join(root, dir))
      .find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
    parts.push('-'.repeat(78), `${pkg.name}@${pkg.version} (${pkg.license ?? 'see below'})`, '');
    parts.push(
      licenceFile
        ? fs.readFileSync(path.join(root, dir, licenceFile), 'utf8').trim()
        : `No licence file; package.json says: ${pkg.license ?? 'nothing'}`,
      '',
    );
  }
  return parts.join('\n') + '\n';
}

function writeNotices(result) {
  if (result.metafile) {
    fs.writeFileSync(path.join(root, 'dist', 'THIRD_PARTY_NOTICES.txt'), notices(result.metafile));
  }
}

if (watch) {
  const ctx = await esbuild.context({
    ...options,
    plugins: [{ name: 'notices', setup: (b) => b.onEnd((r) => (r.errors.length === 0 ? writeNotices(r) : undefined)) }],
  });
  await ctx.watch();
} else {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  writeNotices(await esbuild.build(options));
}
