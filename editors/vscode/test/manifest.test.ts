// package.json (what VS Code shows and activates) agrees with the code.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

import { COMMANDS, LOG_LEVELS, RESTART_SETTINGS, SECTION } from '../src/constants';
import { DIAGNOSTIC_CODES, DIAGNOSTIC_LEVELS, LINK_STYLES, SERVER_SETTING_KEYS } from '../src/settings';

// Compiled to out/test/, so the extension's folder is two levels up.
const root = path.resolve(__dirname, '..', '..');

interface Manifest {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  main: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }> };
  };
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const properties = manifest.contributes.configuration.properties;

describe('package.json', () => {
  it('contributes the four commands under the Glossary category', () => {
    const titles = Object.fromEntries(
      manifest.contributes.commands.map((c) => [c.command, `${c.category ?? ''}: ${c.title}`]),
    );
    assert.deepEqual(titles, {
      [COMMANDS.linkAll]: 'Glossary: Link all terms in this document',
      [COMMANDS.openEntry]: 'Glossary: Open entry for term under cursor',
      [COMMANDS.restart]: 'Glossary: Restart server',
      [COMMANDS.showOutput]: 'Glossary: Show output',
    });
  });

  it('contributes exactly the server settings plus the extension ones', () => {
    const expected = [
      ...SERVER_SETTING_KEYS.map((k) => `${SECTION}.${k}`),
      `${SECTION}.server.path`,
      `${SECTION}.server.logLevel`,
      `${SECTION}.trace.server`,
    ].sort();
    assert.deepEqual(Object.keys(properties).sort(), expected);
    for (const key of RESTART_SETTINGS) {
      assert.ok(key in properties, key);
    }
  });

  it('offers the values the mapping accepts', () => {
    assert.deepEqual(properties[`${SECTION}.link.style`].enum, [...LINK_STYLES]);
    assert.deepEqual(properties[`${SECTION}.server.logLevel`].enum, [...LOG_LEVELS]);
    const codes = properties[`${SECTION}.diagnostics`].properties ?? {};
    assert.deepEqual(Object.keys(codes), [...DIAGNOSTIC_CODES]);
    for (const code of DIAGNOSTIC_CODES) {
      assert.deepEqual(codes[code].enum, [...DIAGNOSTIC_LEVELS], code);
    }
  });

  it('pins @types/vscode to the lowest VS Code it claims to run on', () => {
    assert.equal(manifest.engines.vscode, `^${manifest.devDependencies['@types/vscode']}`);
  });

  it('points main at the bundle', () => {
    assert.equal(manifest.main, './dist/extension.js');
  });
});
