import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import {
  DEFAULT_SERVER_COMMAND,
  bundledServerPath,
  expandServerPath,
  isExecutableFile,
  machineEnv,
  makeExecutable,
  pathDirectories,
  resolveServerPath,
  type ResolveEnv,
} from '../src/serverPath';

/** A pretend machine: `files` are the executables that exist. */
function linux(files: string[], env: Record<string, string> = {}, workspaceFolders: string[] = ['/ws']): ResolveEnv {
  const set = new Set(files);
  return {
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/usr/bin', ...env },
    homeDir: '/home/ada',
    workspaceFolders,
    isExecutableFile: (f) => set.has(f),
  };
}

function windows(files: string[], env: Record<string, string> = {}): ResolveEnv {
  const set = new Set(files.map((f) => f.toLowerCase()));
  return {
    platform: 'win32',
    env: { Path: 'C:\\Tools;"C:\\Program Files\\bin"', PATHEXT: '.COM;.EXE;.BAT;.CMD', ...env },
    homeDir: 'C:\\Users\\ada',
    workspaceFolders: ['C:\\ws'],
    isExecutableFile: (f) => set.has(f.toLowerCase()),
  };
}

describe('resolveServerPath', () => {
  it('finds glossary-ls on PATH by default (empty or unset setting)', () => {
    const e = linux(['/usr/bin/glossary-ls']);
    for (const setting of [undefined, '', '  ', DEFAULT_SERVER_COMMAND]) {
      assert.deepEqual(resolveServerPath(setting, e), { ok: true, path: '/usr/bin/glossary-ls', via: 'PATH' });
    }
  });

  it('prefers the server inside the extension when the setting is empty', () => {
    const bundled = bundledServerPath('/home/ada/.vscode/extensions/glossary-ls-0.1.0', 'linux');
    assert.equal(bundled, '/home/ada/.vscode/extensions/glossary-ls-0.1.0/server/glossary-ls');
    const e = { ...linux([bundled, '/usr/bin/glossary-ls', '/home/ada/.cargo/bin/glossary-ls']), bundledServer: bundled };
    for (const setting of [undefined, '']) {
      assert.deepEqual(resolveServerPath(setting, e), { ok: true, path: bundled, via: 'bundled' });
    }
    // A setting, even the bare name, is what the user asked for.
    assert.deepEqual(resolveServerPath(DEFAULT_SERVER_COMMAND, e), { ok: true, path: '/usr/bin/glossary-ls', via: 'PATH' });
    assert.deepEqual(resolveServerPath('/opt/gls', { ...e, isExecutableFile: (f) => f === '/opt/gls' }), {
      ok: true,
      path: '/opt/gls',
      via: 'setting',
    });
    // The package for all platforms has none: on to PATH.
    const neutral = { ...linux(['/usr/bin/glossary-ls']), bundledServer: bundled };
    assert.deepEqual(resolveServerPath(undefined, neutral), { ok: true, path: '/usr/bin/glossary-ls', via: 'PATH' });
  });

  it('does not fall back to another server when the setting names a missing one', () => {
    const bundled = '/ext/server/glossary-ls';
    const e = { ...linux([bundled, '/usr/bin/glossary-ls']), bundledServer: bundled };
    const r = resolveServerPath('/opt/missing/glossary-ls', e);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual(r.tried, ['/opt/missing/glossary-ls']);
    }
  });

  it('takes the first PATH entry that has it', () => {
    const e = linux(['/usr/bin/glossary-ls', '/usr/local/bin/glossary-ls']);
    assert.equal((resolveServerPath(undefined, e) as { path: string }).path, '/usr/local/bin/glossary-ls');
  });

  it('falls back to ~/.cargo/bin and $CARGO_HOME/bin for the default command', () => {
    assert.deepEqual(resolveServerPath(undefined, linux(['/home/ada/.cargo/bin/glossary-ls'])), {
      ok: true,
      path: '/home/ada/.cargo/bin/glossary-ls',
      via: 'cargo',
    });
    assert.deepEqual(resolveServerPath(undefined, linux(['/opt/cargo/bin/glossary-ls'], { CARGO_HOME: '/opt/cargo' })), {
      ok: true,
      path: '/opt/cargo/bin/glossary-ls',
      via: 'cargo',
    });
  });

  it('reports a missing server with what it tried, in order', () => {
    const r = resolveServerPath(undefined, { ...linux([]), bundledServer: '/ext/server/glossary-ls' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(
        r.message,
        'The glossary-ls server was not found. Tried, in order: the glossary-ls.server.path setting (empty), ' +
          'the server inside this extension (none at /ext/server/glossary-ls), `glossary-ls` on PATH, then in ~/.cargo/bin.',
      );
      assert.deepEqual(r.tried, [
        '/ext/server/glossary-ls',
        '/usr/local/bin/glossary-ls',
        '/usr/bin/glossary-ls',
        '/home/ada/.cargo/bin/glossary-ls',
      ]);
    }
    const named = resolveServerPath(DEFAULT_SERVER_COMMAND, { ...linux([]), bundledServer: '/ext/server/glossary-ls' });
    assert.equal(named.ok, false);
    if (!named.ok) {
      assert.equal(
        named.message,
        'The glossary-ls server was not found. Tried, as glossary-ls.server.path says: `glossary-ls` on PATH, then in ~/.cargo/bin.',
      );
      assert.ok(!named.tried.includes('/ext/server/glossary-ls'));
    }
  });

  it('uses an absolute path as it is, and only it', () => {
    const e = linux(['/opt/gls/glossary-ls', '/usr/bin/glossary-ls']);
    assert.deepEqual(resolveServerPath('/opt/gls/glossary-ls', e), {
      ok: true,
      path: '/opt/gls/glossary-ls',
      via: 'setting',
    });
    const missing = resolveServerPath('/opt/other/glossary-ls', e);
    assert.equal(missing.ok, false);
    if (!missing.ok) {
      assert.match(missing.message, /not found at \/opt\/other\/glossary-ls/);
      assert.deepEqual(missing.tried, ['/opt/other/glossary-ls']);
    }
  });

  it('expands ~, ${userHome} and ${workspaceFolder}', () => {
    const e = linux(['/home/ada/bin/glossary-ls', '/ws/target/release/glossary-ls']);
    assert.equal((resolveServerPath('~/bin/glossary-ls', e) as { path: string }).path, '/home/ada/bin/glossary-ls');
    assert.equal((resolveServerPath('${userHome}/bin/glossary-ls', e) as { path: string }).path, '/home/ada/bin/glossary-ls');
    assert.equal(
      (resolveServerPath('${workspaceFolder}/target/release/glossary-ls', e) as { path: string }).path,
      '/ws/target/release/glossary-ls',
    );
  });

  it('resolves a relative path against each workspace folder', () => {
    const e = linux(['/second/target/release/glossary-ls'], {}, ['/first', '/second']);
    assert.deepEqual(resolveServerPath('target/release/glossary-ls', e), {
      ok: true,
      path: '/second/target/release/glossary-ls',
      via: 'setting',
    });
    assert.deepEqual(resolveServerPath('./target/release/glossary-ls', e), {
      ok: true,
      path: '/second/target/release/glossary-ls',
      via: 'setting',
    });
  });

  it('cannot resolve a relative path without a workspace folder', () => {
    const r = resolveServerPath('target/release/glossary-ls', linux(['/target/release/glossary-ls'], {}, []));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /no workspace folder/);
    }
  });

  it('looks up another bare name on PATH, without the cargo fallback', () => {
    const e = linux(['/usr/bin/gls-nightly', '/home/ada/.cargo/bin/gls-nightly']);
    assert.deepEqual(resolveServerPath('gls-nightly', e), { ok: true, path: '/usr/bin/gls-nightly', via: 'PATH' });
    const r = resolveServerPath('gls-other', linux(['/home/ada/.cargo/bin/gls-other']));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(r.message, /`gls-other`, from glossary-ls.server.path\) was not found on PATH/);
    }
  });

  it('ignores empty PATH entries', () => {
    const e = linux([], { PATH: ':/usr/bin::' });
    assert.deepEqual(pathDirectories(e), ['/usr/bin']);
  });

  it('on Windows reads Path case-insensitively, strips quotes and tries PATHEXT', () => {
    const e = windows(['C:\\Program Files\\bin\\glossary-ls.exe']);
    assert.deepEqual(pathDirectories(e), ['C:\\Tools', 'C:\\Program Files\\bin']);
    assert.deepEqual(resolveServerPath(undefined, e), {
      ok: true,
      path: 'C:\\Program Files\\bin\\glossary-ls.exe',
      via: 'PATH',
    });
  });

  it('on Windows finds the server inside the extension as glossary-ls.exe', () => {
    const bundled = bundledServerPath('C:\\Users\\ada\\.vscode\\extensions\\gls', 'win32');
    assert.equal(bundled, 'C:\\Users\\ada\\.vscode\\extensions\\gls\\server\\glossary-ls.exe');
    const e = { ...windows([bundled, 'C:\\Tools\\glossary-ls.exe']), bundledServer: bundled };
    assert.deepEqual(resolveServerPath(undefined, e), { ok: true, path: bundled, via: 'bundled' });
  });

  it('on Windows accepts an absolute path with or without .exe and ~\\', () => {
    const e = windows(['D:\\gls\\glossary-ls.exe', 'C:\\Users\\ada\\.cargo\\bin\\glossary-ls.exe']);
    assert.equal((resolveServerPath('D:\\gls\\glossary-ls', e) as { path: string }).path, 'D:\\gls\\glossary-ls.exe');
    assert.equal((resolveServerPath('D:\\gls\\glossary-ls.exe', e) as { path: string }).path, 'D:\\gls\\glossary-ls.exe');
    assert.equal(
      (resolveServerPath('~\\.cargo\\bin\\glossary-ls', e) as { path: string }).path,
      'C:\\Users\\ada\\.cargo\\bin\\glossary-ls.exe',
    );
    assert.deepEqual(resolveServerPath(undefined, e), {
      ok: true,
      path: 'C:\\Users\\ada\\.cargo\\bin\\glossary-ls.exe',
      via: 'cargo',
    });
  });
});

describe('expandServerPath', () => {
  it('leaves other paths alone', () => {
    const e = linux([]);
    assert.equal(expandServerPath('glossary-ls', e), 'glossary-ls');
    assert.equal(expandServerPath('~', e), '/home/ada');
    assert.equal(expandServerPath('~bob/x', e), '~bob/x');
  });
});

describe('on this machine', { skip: process.platform === 'win32' }, () => {
  it('finds an executable file and refuses a plain file and a folder', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-ls-test-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const exe = path.join(dir, 'glossary-ls');
    fs.writeFileSync(exe, '#!/bin/sh\n');
    fs.chmodSync(exe, 0o755);
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(plain, '');
    fs.chmodSync(plain, 0o644);
    fs.mkdirSync(path.join(dir, 'folder'));

    assert.equal(isExecutableFile(exe), true);
    assert.equal(isExecutableFile(plain), false);
    assert.equal(isExecutableFile(path.join(dir, 'folder')), false);
    assert.equal(isExecutableFile(path.join(dir, 'missing')), false);

    const env = { ...machineEnv([dir]), env: { PATH: dir } };
    assert.deepEqual(resolveServerPath(undefined, env), { ok: true, path: exe, via: 'PATH' });
    assert.deepEqual(resolveServerPath('./glossary-ls', env), { ok: true, path: exe, via: 'setting' });
    assert.equal(resolveServerPath(plain, env).ok, false);
  });

  it('gives a server that lost its run bit the bit back', (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-ls-test-'));
    t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const bundled = bundledServerPath(dir, process.platform);
    fs.mkdirSync(path.dirname(bundled));
    fs.writeFileSync(bundled, '#!/bin/sh\n');
    fs.chmodSync(bundled, 0o644);
    assert.equal(isExecutableFile(bundled), false);
    assert.equal(makeExecutable(bundled), true);
    assert.equal(isExecutableFile(bundled), true);
    assert.equal(makeExecutable(path.join(dir, 'missing')), false);
    const env = { ...machineEnv([], dir), env: { PATH: '' } };
    assert.equal(env.bundledServer, bundled);
    assert.deepEqual(resolveServerPath('', env), { ok: true, path: bundled, via: 'bundled' });
  });
});
