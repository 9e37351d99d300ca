// The extension loaded in plain node against a fake `vscode`: activation with
// a server that cannot be found, the commands, hover sanitising and
// workspace/configuration answers.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { COMMANDS, INSTALL_URL } from '../src/constants';
import type * as Extension from '../src/extension';
import { FakeVscode, Hover, MarkdownString, installFakeVscode } from './fakeVscode';

const fake = new FakeVscode();
const uninstall = installFakeVscode(fake);
// Loaded after the fake is in place (a static import would load it first).
const extension = createRequire(__filename)('../src/extension') as typeof Extension;

/** Lets the promise callbacks the extension queued run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the extension without a server', { skip: process.platform === 'win32' }, () => {
  const saved = { PATH: process.env.PATH, HOME: process.env.HOME, CARGO_HOME: process.env.CARGO_HOME };
  let home = '';
  const context = { subscriptions: [] as { dispose(): unknown }[], extensionPath: '' };

  before(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-ls-ext-'));
    // Installed as the package for all platforms: no server/ inside.
    context.extensionPath = path.join(home, 'extension');
    fs.mkdirSync(context.extensionPath);
    process.env.PATH = home;
    process.env.HOME = home;
    delete process.env.CARGO_HOME;
  });

  after(async () => {
    await extension.deactivate();
    for (const d of context.subscriptions) {
      d.dispose();
    }
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
    fs.rmSync(home, { recursive: true, force: true });
    uninstall();
  });

  it('activates, registers the commands and says the server is missing', async () => {
    fake.choices = ['Install instructions'];
    extension.activate(context as never);
    await settle();
    assert.deepEqual([...fake.commands.keys()].sort(), Object.values(COMMANDS).sort());
    const errors = fake.called('showErrorMessage');
    assert.equal(errors.length, 1);
    assert.match(
      String(errors[0].args[0]),
      /^The glossary-ls server was not found\. Tried, in order: the glossary-ls\.server\.path setting \(empty\), the server inside this extension \(none at .*extension\/server\/glossary-ls\), `glossary-ls` on PATH, then in ~\/\.cargo\/bin\. Install the extension for your platform/,
    );
    assert.deepEqual(errors[0].args.slice(1), ['Install instructions', 'Open settings']);
    assert.deepEqual(fake.called('openExternal'), [{ api: 'openExternal', args: [INSTALL_URL] }]);
    const logged = fake.called('output.error').map((c) => String(c.args[1]));
    assert.ok(logged.some((l) => l.includes('not found')), logged.join('\n'));
    const looked = fake.called('output.info').map((c) => String(c.args[1]));
    assert.ok(looked.some((l) => l.includes(path.join(home, '.cargo', 'bin', 'glossary-ls'))), looked.join('\n'));
    assert.ok(looked.some((l) => l.includes(path.join(home, 'extension', 'server', 'glossary-ls'))), looked.join('\n'));
  });

  it('opens the server path setting from the notification', async () => {
    fake.choices = ['Open settings'];
    await fake.commands.get(COMMANDS.restart)?.();
    await settle();
    assert.equal(fake.called('showErrorMessage').length, 2);
    assert.deepEqual(fake.called('executeCommand').at(-1)?.args, [
      'workbench.action.openSettings',
      'glossary-ls.server.path',
    ]);
  });

  it('answers the commands without a server', async () => {
    fake.activeTextEditor = undefined;
    await fake.commands.get(COMMANDS.linkAll)?.();
    assert.match(String(fake.called('showInformationMessage').at(-1)?.args[0]), /open a Markdown or text document/);

    fake.activeTextEditor = { document: { languageId: 'markdown', uri: 'file:///a.md' } };
    await fake.commands.get(COMMANDS.openEntry)?.();
    const warning = fake.called('showWarningMessage').at(-1);
    assert.deepEqual(warning?.args, ['glossary-ls is not running.', 'Restart server', 'Show output']);

    await fake.commands.get(COMMANDS.showOutput)?.();
    assert.equal(fake.called('output.show').length, 1);
  });

  it('tries again when a setting changes, with the new server path', async () => {
    const server = path.join(home, 'bin', 'my-glossary-ls');
    fake.settings['server.path'] = server;
    for (const listener of fake.configurationListeners) {
      listener({ affectsConfiguration: (s: string) => s === 'glossary-ls' || s === 'glossary-ls.server.path' });
    }
    await settle();
    await settle();
    const last = fake.called('showErrorMessage').at(-1);
    assert.match(String(last?.args[0]), new RegExp(`not found at ${server.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});

describe('untrustedHover', () => {
  it('makes every Markdown part untrusted, without HTML or icons, and keeps the range', () => {
    const trusted = new MarkdownString('**GAN** [run](command:evil)', true);
    trusted.isTrusted = true;
    trusted.supportHtml = true;
    const range = { start: 1, end: 2 };
    const code = { language: 'text', value: 'x' };
    const hover = extension.untrustedHover(new Hover([trusted, 'plain *md*', code], range) as never) as unknown as Hover;
    const [a, b, c] = hover.contents as [MarkdownString, MarkdownString, unknown];
    assert.ok(a instanceof MarkdownString);
    assert.equal(a.value, '**GAN** [run](command:evil)');
    assert.equal(a.isTrusted, false);
    assert.equal(a.supportHtml, false);
    assert.equal(a.supportThemeIcons, false);
    assert.ok(b instanceof MarkdownString);
    assert.equal(b.value, 'plain *md*');
    assert.equal(b.isTrusted, false);
    assert.equal(c, code);
    assert.equal(hover.range, range);
  });

  it('passes no hover on', () => {
    assert.equal(extension.untrustedHover(undefined), undefined);
    assert.equal(extension.untrustedHover(null), null);
  });
});

describe('answerConfiguration', () => {
  const token = { isCancellationRequested: false } as never;
  const settings = { link: { style: 'url' as const } };

  it('answers our section from the mapping, others from VS Code, in order', async () => {
    const scopes: (string | undefined)[] = [];
    const answer = await extension.answerConfiguration(
      {
        items: [
          { section: 'editor' },
          { section: 'glossary-ls', scopeUri: 'file:///ws' },
          { section: 'glossary-ls.link' },
          { section: 'files' },
        ],
      },
      token,
      (params) => params.items.map((i) => `vscode:${i.section}`),
      (scope) => {
        scopes.push(scope);
        return settings;
      },
    );
    assert.deepEqual(answer, ['vscode:editor', settings, { style: 'url' }, 'vscode:files']);
    assert.deepEqual(scopes, ['file:///ws', undefined]);
  });

  it('does not ask VS Code when every item is ours', async () => {
    const answer = await extension.answerConfiguration(
      { items: [{ section: 'glossary-ls' }] },
      token,
      () => assert.fail('next called'),
      () => ({}),
    );
    assert.deepEqual(answer, [{}]);
  });
});
