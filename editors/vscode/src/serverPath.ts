// Finding the glossary-ls executable: the `glossary-ls.server.path` setting,
// else the server inside the extension (the package for one platform carries
// it in server/), else PATH, else Cargo's bin folder. No `vscode` import here:
// this module is unit-tested in plain node; everything it needs from the
// machine comes in through `ResolveEnv`.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The command looked up on PATH when the setting is empty. */
export const DEFAULT_SERVER_COMMAND = 'glossary-ls';

export interface ResolveEnv {
  platform: NodeJS.Platform;
  /** Environment variables; PATH (Path on Windows), PATHEXT and CARGO_HOME are read. */
  env: Record<string, string | undefined>;
  homeDir: string;
  /** Workspace folders (file system paths), for relative paths and `${workspaceFolder}`. */
  workspaceFolders: readonly string[];
  /** The server inside the extension (see `bundledServerPath`); only the package for one platform has it. */
  bundledServer?: string;
  /** Whether `file` is an existing regular file that may be run. */
  isExecutableFile(file: string): boolean;
}

export type Resolution =
  | {
      ok: true;
      /** Absolute path of the executable. */
      path: string;
      /** How it was found. */
      via: 'setting' | 'bundled' | 'PATH' | 'cargo';
    }
  | {
      ok: false;
      /** One sentence for the user, naming the setting value. */
      message: string;
      /** Every file that was looked at, in order. */
      tried: string[];
    };

/** The path module that matches the platform, so tests can play Windows on Linux. */
function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Where the package for one platform keeps the server, inside the extension's folder. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  const p = pathFor(platform);
  return p.join(extensionPath, 'server', platform === 'win32' ? 'glossary-ls.exe' : 'glossary-ls');
}

function envVar(env: Record<string, string | undefined>, name: string, platform: NodeJS.Platform): string | undefined {
  if (platform !== 'win32') {
    return env[name];
  }
  // Environment variable names are case-insensitive on Windows (`Path`).
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/** `~`, `${userHome}` and `${workspaceFolder}` expanded. */
export function expandServerPath(setting: string, e: ResolveEnv): string {
  const p = pathFor(e.platform);
  let value = setting.trim();
  value = value.replace(/\$\{userHome\}/g, e.homeDir);
  if (e.workspaceFolders.length > 0) {
    value = value.replace(/\$\{workspaceFolder\}/g, e.workspaceFolders[0]);
  }
  if (value === '~') {
    return e.homeDir;
  }
  if (value.startsWith('~/') || (e.platform === 'win32' && value.startsWith('~\\'))) {
    return p.join(e.homeDir, value.slice(2));
  }
  return value;
}

/** The names to try for `file`: on Windows also with each PATHEXT extension. */
function withExtensions(file: string, e: ResolveEnv): string[] {
  if (e.platform !== 'win32') {
    return [file];
  }
  const exts = (envVar(e.env, 'PATHEXT', e.platform) ?? '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');
  const ext = path.win32.extname(file).toUpperCase();
  if (ext !== '' && exts.some((x) => x.toUpperCase() === ext)) {
    return [file];
  }
  return [file, ...exts.map((x) => file + x.toLowerCase())];
}

function firstExecutable(candidates: string[], e: ResolveEnv, tried: string[]): string | undefined {
  for (const c of candidates) {
    tried.push(c);
    if (e.isExecutableFile(c)) {
      return c;
    }
  }
  return undefined;
}

/** Directories listed in PATH, in order, without empty entries and quotes. */
export function pathDirectories(e: ResolveEnv): string[] {
  const p = pathFor(e.platform);
  const value = envVar(e.env, 'PATH', e.platform) ?? '';
  return value
    .split(p.delimiter)
    .map((d) => (e.platform === 'win32' ? d.replace(/^"(.*)"$/, '$1') : d))
    .filter((d) => d !== '');
}

/**
 * Finds the server executable.
 *
 * - empty setting: the server inside the extension, then `glossary-ls` on
 *   PATH, then in Cargo's bin folder (`$CARGO_HOME/bin`, `~/.cargo/bin`),
 *   where `cargo install` puts it and which an editor started from a desktop
 *   launcher may not have on PATH;
 * - `glossary-ls`: the same without the server inside the extension;
 * - `~/...`, `${userHome}/...`, `${workspaceFolder}/...`: expanded;
 * - an absolute path: that file;
 * - a relative path with a folder in it (`target/release/glossary-ls`):
 *   relative to each workspace folder in turn;
 * - a bare name (`glossary-ls-nightly`): looked up on PATH.
 *
 * A setting that names a file which is not there is an error, not a reason
 * to run some other glossary-ls.
 */
export function resolveServerPath(setting: string | undefined, e: ResolveEnv): Resolution {
  const p = pathFor(e.platform);
  const unset = setting === undefined || setting.trim() === '';
  const raw = unset ? DEFAULT_SERVER_COMMAND : setting.trim();
  const value = expandServerPath(raw, e);
  const tried: string[] = [];

  if (unset && e.bundledServer !== undefined) {
    const found = firstExecutable(withExtensions(e.bundledServer, e), e, tried);
    if (found !== undefined) {
      return { ok: true, path: found, via: 'bundled' };
    }
  }

  if (p.isAbsolute(value)) {
    const found = firstExecutable(withExtensions(p.normalize(value), e), e, tried);
    return found !== undefined
      ? { ok: true, path: found, via: 'setting' }
      : { ok: false, tried, message: `The glossary-ls server was not found at ${value} (glossary-ls.server.path).` };
  }

  const hasFolder = value.includes('/') || (e.platform === 'win32' && value.includes('\\'));
  if (hasFolder) {
    if (e.workspaceFolders.length === 0) {
      return {
        ok: false,
        tried,
        message: `glossary-ls.server.path is the relative path ${value}, but no workspace folder is open to resolve it against.`,
      };
    }
    for (const folder of e.workspaceFolders) {
      const found = firstExecutable(withExtensions(p.resolve(folder, value), e), e, tried);
      if (found !== undefined) {
        return { ok: true, path: found, via: 'setting' };
      }
    }
    return {
      ok: false,
      tried,
      message: `The glossary-ls server was not found at ${value} relative to the workspace folder (glossary-ls.server.path).`,
    };
  }

  for (const dir of pathDirectories(e)) {
    const found = firstExecutable(withExtensions(p.join(dir, value), e), e, tried);
    if (found !== undefined) {
      return { ok: true, path: p.resolve(found), via: 'PATH' };
    }
  }

  if (value === DEFAULT_SERVER_COMMAND) {
    const cargoHome = envVar(e.env, 'CARGO_HOME', e.platform);
    const cargoBins = [
      ...(cargoHome !== undefined && cargoHome !== '' ? [p.join(cargoHome, 'bin')] : []),
      p.join(e.homeDir, '.cargo', 'bin'),
    ];
    for (const dir of [...new Set(cargoBins)]) {
      const found = firstExecutable(withExtensions(p.join(dir, value), e), e, tried);
      if (found !== undefined) {
        return { ok: true, path: found, via: 'cargo' };
      }
    }
    const places = '`glossary-ls` on PATH, then in ~/.cargo/bin';
    return {
      ok: false,
      tried,
      message: unset
        ? 'The glossary-ls server was not found. Tried, in order: the glossary-ls.server.path setting (empty), ' +
          `the server inside this extension (${e.bundledServer === undefined ? 'not looked for' : `none at ${e.bundledServer}`}), ${places}.`
        : `The glossary-ls server was not found. Tried, as glossary-ls.server.path says: ${places}.`,
    };
  }
  return {
    ok: false,
    tried,
    message: `The glossary-ls server (\`${value}\`, from glossary-ls.server.path) was not found on PATH.`,
  };
}

/** Whether `file` is a regular file this process may execute. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Gives `file` its run bit back when it exists without one (an unpacker
 * that dropped the file modes); true when it can be run now.
 */
export function makeExecutable(file: string): boolean {
  if (process.platform === 'win32' || isExecutableFile(file)) {
    return isExecutableFile(file);
  }
  try {
    if (fs.statSync(file).isFile()) {
      fs.chmodSync(file, 0o755);
    }
  } catch {
    return false;
  }
  return isExecutableFile(file);
}

/** The real machine, for the extension installed in `extensionPath`. */
export function machineEnv(workspaceFolders: readonly string[], extensionPath?: string): ResolveEnv {
  return {
    platform: process.platform,
    env: process.env,
    homeDir: os.homedir(),
    workspaceFolders,
    bundledServer: extensionPath === undefined ? undefined : bundledServerPath(extensionPath, process.platform),
    isExecutableFile,
  };
}
