// Just enough of the `vscode` API to load the extension in plain node and
// watch what it does with a server that cannot be found. Installed in place
// of the real module by `installFakeVscode()`.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

export interface Call {
  api: string;
  args: unknown[];
}

type Listener = (e: unknown) => unknown;

class Dummy {}

function manifestDefaults(): Record<string, unknown> {
  // Compiled to out/test/, so the extension's folder is two levels up.
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  return Object.fromEntries(
    Object.entries(manifest.contributes.configuration.properties).map(([key, p]) => [
      key.slice('glossary-ls.'.length),
      p.default,
    ]),
  );
}

export class MarkdownString {
  isTrusted?: boolean;
  supportHtml?: boolean;
  baseUri?: unknown;
  constructor(
    public value = '',
    public supportThemeIcons = false,
  ) {}
}

export class Hover {
  constructor(
    public contents: unknown[],
    public range?: unknown,
  ) {}
}

export class FakeVscode {
  readonly calls: Call[] = [];
  readonly commands = new Map<string, (...args: unknown[]) => unknown>();
  /** Settings the user set, by key below `glossary-ls.`. */
  settings: Record<string, unknown> = {};
  /** The defaults package.json declares, by key below `glossary-ls.`. */
  readonly defaults: Record<string, unknown> = manifestDefaults();
  /** What the next message boxes answer, in order (then undefined: dismissed). */
  choices: (string | undefined)[] = [];
  activeTextEditor: unknown = undefined;
  readonly configurationListeners: Listener[] = [];

  private record(api: string, args: unknown[]): void {
    this.calls.push({ api, args });
  }

  called(api: string): Call[] {
    return this.calls.filter((c) => c.api === api);
  }

  private message(api: string) {
    return (message: string, ...items: string[]): Promise<string | undefined> => {
      this.record(api, [message, ...items]);
      return Promise.resolve(this.choices.shift());
    };
  }

  /** The module object handed to `require('vscode')`. */
  module(): object {
    const disposable = { dispose: () => undefined };
    const api: Record<string, unknown> = {
      MarkdownString,
      Hover,
      LanguageStatusSeverity: { Information: 0, Warning: 1, Error: 2 },
      Disposable: class {
        constructor(private readonly fn: () => void) {}
        dispose(): void {
          this.fn();
        }
      },
      Uri: {
        parse: (value: string) => ({ scheme: value.split(':')[0], toString: () => value }),
      },
      window: {
        createOutputChannel: (name: string) => {
          const log = (level: string) => (line: string) => this.record(`output.${level}`, [name, line]);
          return {
            name,
            info: log('info'),
            warn: log('warn'),
            error: log('error'),
            debug: log('debug'),
            trace: log('trace'),
            append: log('append'),
            appendLine: log('appendLine'),
            show: () => this.record('output.show', []),
            dispose: () => undefined,
          };
        },
        showErrorMessage: this.message('showErrorMessage'),
        showWarningMessage: this.message('showWarningMessage'),
        showInformationMessage: this.message('showInformationMessage'),
        setStatusBarMessage: (text: string) => {
          this.record('setStatusBarMessage', [text]);
          return disposable;
        },
        activeTextEditor: undefined,
      },
      languages: {
        createLanguageStatusItem: (id: string) => ({ id, dispose: () => undefined }),
        match: () => 10,
      },
      commands: {
        registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
          this.commands.set(id, fn);
          return disposable;
        },
        executeCommand: (id: string, ...args: unknown[]) => {
          this.record('executeCommand', [id, ...args]);
          return Promise.resolve(undefined);
        },
      },
      workspace: {
        workspaceFolders: undefined,
        getConfiguration: (section: string) => ({
          get: (key: string, dflt?: unknown) =>
            section !== 'glossary-ls'
              ? dflt
              : key in this.settings
                ? this.settings[key]
                : key in this.defaults
                  ? this.defaults[key]
                  : dflt,
          inspect: (key: string) =>
            section === 'glossary-ls' && key in this.settings ? { key, globalValue: this.settings[key] } : { key },
        }),
        onDidChangeConfiguration: (listener: Listener) => {
          this.configurationListeners.push(listener);
          return disposable;
        },
        onDidGrantWorkspaceTrust: () => disposable,
      },
      env: {
        openExternal: (uri: { toString(): string }) => {
          this.record('openExternal', [uri.toString()]);
          return Promise.resolve(true);
        },
      },
    };
    Object.defineProperty(api.window, 'activeTextEditor', { get: () => this.activeTextEditor });
    // Anything else (classes vscode-languageclient extends when it loads): an empty class.
    return new Proxy(api, { get: (target, prop: string) => (prop in target ? target[prop] : Dummy) });
  }
}

/** Makes `require('vscode')` return `fake`'s module until the returned function is called. */
export function installFakeVscode(fake: FakeVscode): () => void {
  const loader = Module as unknown as {
    _load: (request: string, parent: unknown, isMain: boolean) => unknown;
  };
  const original = loader._load;
  const mod = fake.module();
  loader._load = function (request: string, parent: unknown, isMain: boolean): unknown {
    return request === 'vscode' ? mod : original.call(this, request, parent, isMain);
  };
  return () => {
    loader._load = original;
  };
}
