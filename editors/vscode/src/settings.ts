// The extension's settings (`glossary-ls.*` in VS Code) mapped to the JSON
// object the server reads from `initializationOptions` and from the
// `glossary-ls` section of `workspace/configuration`:
//
//   {"glossary": [...], "link": {"style": ..., "url": ...},
//    "diagnostics": {...}, "files": {"languages": [...], "max-size": N}}
//
// Only keys the user has set are sent: the server merges its sources (the
// `.glossary-ls.toml` file, then `initializationOptions`, then the editor's
// settings), so a default sent from here would hide a value from the file.
//
// No `vscode` import here: this module is unit-tested in plain node.

import { BASE_LANGUAGES, SECTION } from './constants';

/**
 * Every diagnostic code the server reports (`glossary-ls config-schema`,
 * `diagnostics`); a test of the server's suite keeps this list equal to it.
 */
export const DIAGNOSTIC_CODES = [
  'broken-link',
  'draft-link',
  'unlinked-term',
  'suggested-synonym',
  'malformed-front-matter',
  'unresolved-related-term',
  'duplicate-title',
  'duplicate-term',
  'duplicate-slug',
  'missing-title',
  'missing-summary',
  'malformed-table',
  'unreadable-file',
  'too-many-files',
  'file-too-large',
  'binary-file',
  'not-utf8',
  'not-a-file',
  'avoided-term',
  'wrong-case',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export const DIAGNOSTIC_LEVELS = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type DiagnosticLevel = (typeof DIAGNOSTIC_LEVELS)[number];

export const LINK_STYLES = [
  'relative',
  'url',
  'ref',
  'relref',
  'shorthand',
  'glossary-tooltip',
  'myst-term',
] as const;
export type LinkStyle = (typeof LINK_STYLES)[number];
export const FILE_WATCHERS = ['auto', 'client', 'server', 'off'] as const;
export type FileWatcher = (typeof FILE_WATCHERS)[number];

/**
 * The settings under `glossary-ls.` that are passed on to the server, by their
 * key below the section. (`server.*` and `trace.server` belong to the
 * extension and are never sent.)
 */
export const SERVER_SETTING_KEYS = [
  'glossary',
  'link.style',
  'link.url',
  'link.shorthand',
  'match.ignore',
  'match.linkTextNames',
  'diagnostics',
  'files.languages',
  'files.maxSize',
  'files.maxGlossaryFiles',
  'files.maxGlossarySize',
  'files.watcher',
  'glossaryLanguage',
] as const;
export type ServerSettingKey = (typeof SERVER_SETTING_KEYS)[number];

/** What the user set, by key; values are untrusted JSON from settings files. */
export type EditorSettings = Partial<Record<ServerSettingKey, unknown>>;

/** The server's settings object. */
export interface ServerSettings {
  glossary?: string[];
  link?: { style?: LinkStyle; url?: string; shorthand?: string[] };
  match?: { ignore?: string[]; 'link-text-names'?: boolean };
  diagnostics?: Partial<Record<DiagnosticCode, DiagnosticLevel>>;
  files?: {
    languages?: string[];
    'max-size'?: number;
    'max-glossary-files'?: number;
    'max-glossary-size'?: number;
    watcher?: FileWatcher;
  };
  'glossary-language'?: string;
}

/** The numeric `files.*` settings: the editor's name, the server's key, the unit. */
const FILE_LIMITS = [
  ['files.maxSize', 'max-size', 'bytes'],
  ['files.maxGlossaryFiles', 'max-glossary-files', 'files'],
  ['files.maxGlossarySize', 'max-glossary-size', 'bytes'],
] as const;

export interface MappedSettings {
  settings: ServerSettings;
  /** One line per value that was ignored, naming the setting. */
  problems: string[];
}

export interface MapOptions {
  /** The user's home folder, for `~` in glossary paths. */
  homeDir?: string;
}

/** The parts of VS Code's `WorkspaceConfiguration.inspect()` result that say where a value was set. */
export interface Inspection {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/** Whether a setting has a value other than its default, in any scope. */
export function isExplicitlySet(inspection: Inspection | undefined): boolean {
  if (!inspection) {
    return false;
  }
  return [
    inspection.globalValue,
    inspection.workspaceValue,
    inspection.workspaceFolderValue,
    inspection.globalLanguageValue,
    inspection.workspaceLanguageValue,
    inspection.workspaceFolderLanguageValue,
  ].some((v) => v !== undefined);
}

/** Maps the user's settings to the server's JSON shape, dropping (and reporting) invalid values. */
export function toServerSettings(editor: EditorSettings, options: MapOptions = {}): MappedSettings {
  const settings: ServerSettings = {};
  const problems: string[] = [];
  const has = (key: ServerSettingKey): boolean => editor[key] !== undefined && editor[key] !== null;

  if (has('glossary')) {
    const glossary = stringList(editor.glossary, 'glossary', problems);
    if (glossary !== undefined && glossary.length > 0) {
      settings.glossary = glossary.map((p) => expandHome(p, options.homeDir));
    }
  }

  if (has('link.style')) {
    const style = editor['link.style'];
    const lower = typeof style === 'string' ? style.trim().toLowerCase() : undefined;
    if (lower !== undefined && (LINK_STYLES as readonly string[]).includes(lower)) {
      (settings.link ??= {}).style = lower as LinkStyle;
    } else {
      problems.push(`${SECTION}.link.style: ${show(style)} is not one of ${LINK_STYLES.join(', ')}; ignored`);
    }
  }

  if (has('link.url')) {
    const url = editor['link.url'];
    if (typeof url !== 'string') {
      problems.push(`${SECTION}.link.url: ${show(url)} is not a string; ignored`);
    } else if (url.trim() !== '') {
      if (url.includes('{slug}')) {
        (settings.link ??= {}).url = url.trim();
      } else {
        problems.push(`${SECTION}.link.url: ${show(url)} has no {slug}; ignored`);
      }
    }
  }

  if (has('link.shorthand')) {
    const shorthand = stringList(editor['link.shorthand'], 'link.shorthand', problems);
    if (shorthand !== undefined) {
      (settings.link ??= {}).shorthand = shorthand;
    }
  }

  if (has('match.ignore')) {
    const ignore = stringList(editor['match.ignore'], 'match.ignore', problems);
    if (ignore !== undefined) {
      (settings.match ??= {}).ignore = ignore;
    }
  }

  if (has('match.linkTextNames')) {
    const names = editor['match.linkTextNames'];
    if (typeof names === 'boolean') {
      (settings.match ??= {})['link-text-names'] = names;
    } else {
      problems.push(`${SECTION}.match.linkTextNames: ${show(names)} is not true or false; ignored`);
    }
  }

  if (has('diagnostics')) {
    const diagnostics = diagnosticLevels(editor.diagnostics, problems);
    if (diagnostics !== undefined && Object.keys(diagnostics).length > 0) {
      settings.diagnostics = diagnostics;
    }
  }

  if (has('files.languages')) {
    const languages = stringList(editor['files.languages'], 'files.languages', problems);
    if (languages !== undefined) {
      (settings.files ??= {}).languages = [...new Set(languages)];
    }
  }

  if (has('files.watcher')) {
    const watcher = editor['files.watcher'];
    const lower = typeof watcher === 'string' ? watcher.trim().toLowerCase() : undefined;
    if (lower !== undefined && (FILE_WATCHERS as readonly string[]).includes(lower)) {
      (settings.files ??= {}).watcher = lower as FileWatcher;
    } else {
      problems.push(`${SECTION}.files.watcher: ${show(watcher)} is not one of ${FILE_WATCHERS.join(', ')}; ignored`);
    }
  }

  for (const [name, key, unit] of FILE_LIMITS) {
    if (!has(name)) {
      continue;
    }
    const limit = editor[name];
    if (typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0) {
      (settings.files ??= {})[key] = limit;
    } else {
      problems.push(`${SECTION}.${name}: ${show(limit)} is not a whole number of ${unit}; ignored`);
    }
  }

  if (has('glossaryLanguage')) {
    const language = editor.glossaryLanguage;
    if (typeof language !== 'string') {
      problems.push(`${SECTION}.glossaryLanguage: ${show(language)} is not a string; ignored`);
    } else if (language.trim() !== '') {
      settings['glossary-language'] = language.trim();
    }
  }

  return { settings, problems };
}

/** The language ids to hand to the server: Markdown, plain text and the extra ones, without repeats. */
export function documentLanguages(settings: ServerSettings): string[] {
  return [...new Set([...BASE_LANGUAGES, ...(settings.files?.languages ?? [])])];
}

/**
 * The value to answer a `workspace/configuration` item with: the whole object
 * for `glossary-ls`, a part of it for `glossary-ls.link` and the like,
 * `null` for anything else.
 */
export function sectionValue(settings: ServerSettings, section: string | undefined): unknown {
  if (section === SECTION) {
    return settings;
  }
  if (section === undefined || !section.startsWith(`${SECTION}.`)) {
    return null;
  }
  let value: unknown = settings;
  for (const part of section.slice(SECTION.length + 1).split('.')) {
    // The server spells keys in kebab case: `maxSize` is `max-size`.
    const key = part.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) {
      return null;
    }
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Whether a configuration section name is ours (`glossary-ls` or below it). */
export function isOurSection(section: string | undefined): boolean {
  return section === SECTION || (section?.startsWith(`${SECTION}.`) ?? false);
}

/** The `settings` of a `workspace/didChangeConfiguration` notification. */
export function didChangeConfigurationSettings(settings: ServerSettings): Record<string, ServerSettings> {
  return { [SECTION]: settings };
}

function stringList(value: unknown, key: string, problems: string[]): string[] | undefined {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items)) {
    problems.push(`${SECTION}.${key}: ${show(value)} is not a list of strings; ignored`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === 'string' && item.trim() !== '') {
      out.push(item.trim());
    } else {
      problems.push(`${SECTION}.${key}: item ${show(item)} is not a non-empty string; ignored`);
    }
  }
  return out;
}

function diagnosticLevels(
  value: unknown,
  problems: string[],
): Partial<Record<DiagnosticCode, DiagnosticLevel>> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${SECTION}.diagnostics: ${show(value)} is not an object of code -> level; ignored`);
    return undefined;
  }
  const out: Partial<Record<DiagnosticCode, DiagnosticLevel>> = {};
  for (const [code, level] of Object.entries(value as Record<string, unknown>)) {
    if (level === null || level === undefined) {
      continue;
    }
    if (!(DIAGNOSTIC_CODES as readonly string[]).includes(code)) {
      problems.push(
        `${SECTION}.diagnostics: unknown diagnostic code ${show(code)} (known: ${DIAGNOSTIC_CODES.join(', ')}); ignored`,
      );
      continue;
    }
    let lower = typeof level === 'string' ? level.trim().toLowerCase() : undefined;
    if (lower === 'info') {
      lower = 'information';
    }
    if (lower === undefined || !(DIAGNOSTIC_LEVELS as readonly string[]).includes(lower)) {
      problems.push(
        `${SECTION}.diagnostics.${code}: ${show(level)} is not one of ${DIAGNOSTIC_LEVELS.join(', ')}; ignored`,
      );
      continue;
    }
    out[code as DiagnosticCode] = lower as DiagnosticLevel;
  }
  return out;
}

/** `~` and `~/...` (or `~\...`) to the home folder; anything else unchanged. */
export function expandHome(path: string, homeDir: string | undefined): string {
  if (homeDir === undefined || homeDir === '') {
    return path;
  }
  if (path === '~') {
    return homeDir;
  }
  if (path.startsWith('~/') || path.startsWith('~\\')) {
    const sep = homeDir.includes('\\') && !homeDir.includes('/') ? '\\' : '/';
    return homeDir.replace(/[\\/]+$/, '') + sep + path.slice(2);
  }
  return path;
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
