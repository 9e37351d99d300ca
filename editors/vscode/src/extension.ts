// The VS Code side of glossary-ls: starts the server over stdio, passes the
// settings on, and adds the commands.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  CodeActionTriggerKind,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  LanguageClient,
  ResponseError,
  type CodeAction as LspCodeActionType,
  type ConfigurationParams,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

import {
  CLIENT_ID,
  CLIENT_NAME,
  COMMANDS,
  INSTALL_URL,
  LINK_ALL_KIND,
  LOG_LEVELS,
  RESTART_SETTINGS,
  SECTION,
  type LogLevel,
} from './constants';
import { countTextEdits, linkAllActions } from './linkAll';
import { bundledServerPath, machineEnv, makeExecutable, resolveServerPath } from './serverPath';
import {
  SERVER_SETTING_KEYS,
  didChangeConfigurationSettings,
  documentLanguages,
  isExplicitlySet,
  isOurSection,
  sectionValue,
  toServerSettings,
  type EditorSettings,
  type MappedSettings,
  type ServerSettings,
} from './settings';

let extension: GlossaryExtension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  extension = new GlossaryExtension(context.extensionPath);
  context.subscriptions.push(extension);
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.linkAll, () => extension?.linkAllTerms()),
    vscode.commands.registerCommand(COMMANDS.openEntry, () => extension?.openEntry()),
    vscode.commands.registerCommand(COMMANDS.restart, () => extension?.restart()),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => extension?.output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => extension?.configurationChanged(e)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => extension?.restart()),
  );
  // Not awaited: activation (and so every command, Restart and Show output
  // included) must not wait for a server that is slow to answer. A server
  // that cannot start is reported to the user; activation itself never fails.
  void extension.start();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}

/** The settings of one scope, read the way the server wants them. */
function readSettings(scope?: vscode.ConfigurationScope | null): MappedSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const editor: EditorSettings = {};
  for (const key of SERVER_SETTING_KEYS) {
    if (isExplicitlySet(config.inspect(key))) {
      editor[key] = config.get(key);
    }
  }
  return toServerSettings(editor, { homeDir: os.homedir() });
}

function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/**
 * Hover contents made safe to render: never trusted (no command links), no
 * HTML, no theme icons, whatever the server sends.
 */
export function untrustedHover(hover: vscode.Hover | null | undefined): vscode.Hover | null | undefined {
  if (!hover) {
    return hover;
  }
  const contents = hover.contents.map((c): vscode.MarkdownString | vscode.MarkedString => {
    if (c instanceof vscode.MarkdownString) {
      return untrustedMarkdown(c.value, c.baseUri);
    }
    if (typeof c === 'string') {
      // A plain MarkedString string is rendered as Markdown too.
      return untrustedMarkdown(c, undefined);
    }
    return c; // { language, value }: rendered as a code block
  });
  return new vscode.Hover(contents, hover.range);
}

function untrustedMarkdown(value: string, baseUri: vscode.Uri | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(value, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.supportThemeIcons = false;
  if (baseUri !== undefined) {
    md.baseUri = baseUri;
  }
  return md;
}

/**
 * Answers `workspace/configuration`: the mapped settings for `glossary-ls`
 * (and parts of them for `glossary-ls.link` and the like), VS Code's own
 * answer for any other section.
 */
export async function answerConfiguration(
  params: ConfigurationParams,
  token: vscode.CancellationToken,
  next: (params: ConfigurationParams, token: vscode.CancellationToken) => unknown,
  settingsFor: (scopeUri: string | undefined) => ServerSettings,
): Promise<unknown[] | ResponseError<void>> {
  let others: unknown[] = [];
  if (params.items.some((item) => !isOurSection(item.section))) {
    const answer = await next(params, token);
    if (answer instanceof ResponseError) {
      return answer as ResponseError<void>;
    }
    others = Array.isArray(answer) ? answer : [];
  }
  return params.items.map((item, i) =>
    isOurSection(item.section) ? sectionValue(settingsFor(item.scopeUri), item.section) : (others[i] ?? null),
  );
}

class GlossaryExtension implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('glossary-ls', { log: true });
  private readonly status = vscode.languages.createLanguageStatusItem('glossary-ls.status', []);
  private client: LanguageClient | undefined;
  private selector: vscode.DocumentFilter[] = [];
  /** Start, stop and restart run one after the other. */
  private queue: Promise<void> = Promise.resolve();
  private lastProblems = '';

  /** `extensionPath`: the extension's folder, where the package for one platform keeps the server. */
  constructor(private readonly extensionPath: string | undefined) {
    this.status.name = 'glossary-ls';
    this.status.text = 'glossary-ls';
    this.status.command = { title: 'Show output', command: COMMANDS.showOutput };
  }

  dispose(): void {
    this.status.dispose();
    this.output.dispose();
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    const next = this.queue.then(job, job);
    this.queue = next.catch((e: unknown) => this.log(String(e), 'error'));
    return this.queue;
  }

  private log(line: string, level: 'info' | 'warn' | 'error' = 'info'): void {
    this.output[level](`[extension] ${line}`);
  }

  /** The server's settings for a scope, logging values that were dropped (once per change). */
  private serverSettings(scope?: vscode.ConfigurationScope | null): ServerSettings {
    const { settings, problems } = readSettings(scope);
    const text = problems.join('\n');
    if (text !== this.lastProblems) {
      this.lastProblems = text;
      for (const p of problems) {
        this.log(`settings: ${p}`, 'warn');
      }
    }
    return settings;
  }

  private async doStart(): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const folders = workspaceFolderPaths();
    if (this.extensionPath !== undefined) {
      makeExecutable(bundledServerPath(this.extensionPath, process.platform));
    }
    const resolution = resolveServerPath(config.get<string>('server.path'), machineEnv(folders, this.extensionPath));
    if (!resolution.ok) {
      this.log(resolution.message, 'error');
      if (resolution.tried.length > 0) {
        this.log(`looked at: ${resolution.tried.join(', ')}`);
      }
      this.setStatus('not found', vscode.LanguageStatusSeverity.Error);
      this.reportMissingServer(resolution.message);
      return;
    }
    const logLevel = config.get<string>('server.logLevel') ?? 'info';
    const level: LogLevel = (LOG_LEVELS as readonly string[]).includes(logLevel) ? (logLevel as LogLevel) : 'info';

    const serverOptions: ServerOptions = {
      command: resolution.path,
      args: ['serve', '--log-level', level],
      options: folders.length > 0 ? { cwd: folders[0] } : {},
    };
    const languages = documentLanguages(this.serverSettings());
    this.selector = languages.map((language) => ({ language }));
    this.status.selector = this.selector;

    const clientOptions: LanguageClientOptions = {
      documentSelector: languages.map((language) => ({ language })),
      outputChannel: this.output,
      initializationOptions: () => this.serverSettings(),
      // Markdown from the server is never trusted.
      markdown: { isTrusted: false, supportHtml: false },
      middleware: {
        provideHover: async (document, position, token, next) =>
          untrustedHover(await next(document, position, token)),
        workspace: {
          configuration: (params, token, next) =>
            answerConfiguration(params, token, next, (scopeUri) =>
              this.serverSettings(scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri)),
            ),
        },
      },
    };

    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.log(`starting ${resolution.path} (${resolution.via}) for ${languages.join(', ')}`);
    try {
      await client.start();
    } catch (e) {
      this.log(`the server did not start: ${e instanceof Error ? e.message : String(e)}`, 'error');
      this.setStatus('failed to start', vscode.LanguageStatusSeverity.Error);
      void client.dispose().catch(() => undefined);
      void vscode.window
        .showErrorMessage(`glossary-ls: the server at ${resolution.path} did not start.`, 'Show output', 'Open settings')
        .then((choice) => this.onChoice(choice));
      return;
    }
    this.client = client;
    this.setStatus('running', vscode.LanguageStatusSeverity.Information);
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.setStatus('stopped', vscode.LanguageStatusSeverity.Warning);
    if (client !== undefined) {
      try {
        await client.dispose(2000);
      } catch (e) {
        this.log(`stopping the server: ${e instanceof Error ? e.message : String(e)}`, 'warn');
      }
    }
  }

  private setStatus(state: string, severity: vscode.LanguageStatusSeverity): void {
    this.status.detail = state;
    this.status.severity = severity;
  }

  private reportMissingServer(message: string): void {
    void vscode.window
      .showErrorMessage(
        `${message} Install the extension for your platform (it has the server inside), or glossary-ls from ` +
          'its Python wheel, its npm package or with cargo, or set glossary-ls.server.path.',
        'Install instructions',
        'Open settings',
      )
      .then((choice) => this.onChoice(choice));
  }

  private onChoice(choice: string | undefined): void {
    if (choice === 'Install instructions') {
      void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    } else if (choice === 'Open settings') {
      void vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.server.path`);
    } else if (choice === 'Show output') {
      this.output.show(true);
    } else if (choice === 'Restart server') {
      void this.restart();
    }
  }

  configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (!e.affectsConfiguration(SECTION)) {
      return;
    }
    if (RESTART_SETTINGS.some((key) => e.affectsConfiguration(key)) || this.client === undefined) {
      this.log('settings changed; restarting the server');
      void this.restart();
      return;
    }
    const client = this.client;
    if (client.isRunning()) {
      // The settings are sent along (for servers that read them from the
      // notification); a server may as well pull them with workspace/configuration.
      void client
        .sendNotification(DidChangeConfigurationNotification.type, {
          settings: didChangeConfigurationSettings(this.serverSettings()),
        })
        .catch((err: unknown) => this.log(`didChangeConfiguration: ${String(err)}`, 'warn'));
    }
  }

  /** The running client, or undefined after telling the user why there is none. */
  private async runningClient(): Promise<LanguageClient | undefined> {
    await this.queue;
    if (this.client?.isRunning()) {
      return this.client;
    }
    void vscode.window
      .showWarningMessage('glossary-ls is not running.', 'Restart server', 'Show output')
      .then((choice) => this.onChoice(choice));
    return undefined;
  }

  /** The editor to act on, if glossary-ls analyses its document. */
  private glossaryEditor(): vscode.TextEditor | undefined {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showInformationMessage('glossary-ls: open a Markdown or text document first.');
      return undefined;
    }
    if (this.selector.length > 0 && vscode.languages.match(this.selector, editor.document) === 0) {
      void vscode.window.showInformationMessage(
        `glossary-ls does not analyse ${editor.document.languageId} documents; add "${editor.document.languageId}" to glossary-ls.files.languages to include them.`,
      );
      return undefined;
    }
    return editor;
  }

  async linkAllTerms(): Promise<void> {
    const editor = this.glossaryEditor();
    const client = editor && (await this.runningClient());
    if (editor === undefined || client === undefined) {
      return;
    }
    const document = editor.document;
    const version = document.version;
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    try {
      const result = await client.sendRequest(CodeActionRequest.type, {
        textDocument: client.code2ProtocolConverter.asTextDocumentIdentifier(document),
        range: client.code2ProtocolConverter.asRange(whole),
        context: { diagnostics: [], only: [LINK_ALL_KIND], triggerKind: CodeActionTriggerKind.Invoked },
      });
      let linked = 0;
      for (let action of linkAllActions(result)) {
        if (action.edit === undefined && action.command === undefined && this.canResolveCodeActions(client)) {
          action = await client.sendRequest(CodeActionResolveRequest.type, action as LspCodeActionType);
        }
        const count = countTextEdits(action.edit);
        if (action.edit !== undefined && count > 0) {
          if (document.version !== version) {
            void vscode.window.showWarningMessage('glossary-ls: the document changed while linking; try again.');
            return;
          }
          const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit as LspCodeActionType['edit']);
          if (edit === undefined || !(await vscode.workspace.applyEdit(edit))) {
            void vscode.window.showErrorMessage('glossary-ls: the links could not be applied to the document.');
            return;
          }
          linked += count;
        }
        if (action.command !== undefined) {
          await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
          linked += 1;
        }
      }
      if (linked === 0) {
        void vscode.window.showInformationMessage('glossary-ls: nothing to link in this document.');
      } else {
        vscode.window.setStatusBarMessage(`glossary-ls: linked ${linked} term${linked === 1 ? '' : 's'}`, 4000);
      }
    } catch (e) {
      this.requestFailed('link all terms', e);
    }
  }

  private canResolveCodeActions(client: LanguageClient): boolean {
    const provider = client.initializeResult?.capabilities.codeActionProvider;
    return typeof provider === 'object' && provider.resolveProvider === true;
  }

  async openEntry(): Promise<void> {
    const editor = this.glossaryEditor();
    const client = editor && (await this.runningClient());
    if (editor === undefined || client === undefined) {
      return;
    }
    const document = editor.document;
    const position = editor.selection.active;
    try {
      const result = await client.sendRequest(
        DefinitionRequest.type,
        client.code2ProtocolConverter.asTextDocumentPositionParams(document, position),
      );
      const definition = await client.protocol2CodeConverter.asDefinitionResult(result);
      const locations: vscode.Location[] = (
        definition === undefined ? [] : Array.isArray(definition) ? definition : [definition]
      ).map((d) =>
        d instanceof vscode.Location ? d : new vscode.Location(d.targetUri, d.targetSelectionRange ?? d.targetRange),
      );
      if (locations.length === 0) {
        void vscode.window.showInformationMessage('glossary-ls: no glossary term under the cursor.');
      } else if (locations.length === 1) {
        await vscode.window.showTextDocument(locations[0].uri, { selection: locations[0].range, preview: true });
      } else {
        await vscode.commands.executeCommand(
          'editor.action.goToLocations',
          document.uri,
          position,
          locations,
          'peek',
          'No glossary entry',
        );
      }
    } catch (e) {
      this.requestFailed('open the entry', e);
    }
  }

  private requestFailed(what: string, e: unknown): void {
    const message = e instanceof Error ? e.message : String(e);
    this.log(`${what}: ${message}`, 'error');
    void vscode.window
      .showErrorMessage(`glossary-ls could not ${what}: ${message}`, 'Show output')
      .then((choice) => this.onChoice(choice));
  }
}
