import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  didChangeConfigurationSettings,
  documentLanguages,
  expandHome,
  isExplicitlySet,
  isOurSection,
  sectionValue,
  toServerSettings,
} from '../src/settings';

describe('toServerSettings', () => {
  it('sends nothing when nothing is set', () => {
    assert.deepEqual(toServerSettings({}), { settings: {}, problems: [] });
  });

  it('maps every setting to the server shape', () => {
    const { settings, problems } = toServerSettings({
      glossary: ['content/glossary', 'content/terms'],
      'link.style': 'ref',
      'link.url': '/glossary/{slug}/',
      diagnostics: { 'unlinked-term': 'hint', 'draft-link': 'off' },
      'files.languages': ['asciidoc'],
      'files.maxSize': 1048576,
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      glossary: ['content/glossary', 'content/terms'],
      link: { style: 'ref', url: '/glossary/{slug}/' },
      diagnostics: { 'unlinked-term': 'hint', 'draft-link': 'off' },
      files: { languages: ['asciidoc'], 'max-size': 1048576 },
    });
    // The exact JSON the server reads: kebab-case `max-size`, no camelCase keys.
    assert.equal(
      JSON.stringify(settings),
      '{"glossary":["content/glossary","content/terms"],"link":{"style":"ref","url":"/glossary/{slug}/"},' +
        '"diagnostics":{"unlinked-term":"hint","draft-link":"off"},"files":{"languages":["asciidoc"],"max-size":1048576}}',
    );
  });

  it('omits the objects whose keys are all unset', () => {
    assert.deepEqual(toServerSettings({ 'link.style': 'url' }).settings, { link: { style: 'url' } });
    assert.deepEqual(toServerSettings({ 'files.maxSize': 10 }).settings, { files: { 'max-size': 10 } });
    assert.deepEqual(
      toServerSettings({ 'files.maxGlossaryFiles': 500, 'files.maxGlossarySize': 65536 }).settings,
      { files: { 'max-glossary-files': 500, 'max-glossary-size': 65536 } },
    );
    const bad = toServerSettings({ 'files.maxGlossaryFiles': 1.5 });
    assert.deepEqual(bad.settings, {});
    assert.match(bad.problems.join('\n'), /glossary-ls\.files\.maxGlossaryFiles: 1\.5 is not a whole number of files/);
    assert.equal(
      sectionValue(toServerSettings({ 'files.maxGlossarySize': 7 }).settings, 'glossary-ls.files.maxGlossarySize'),
      7,
    );
    assert.deepEqual(toServerSettings({ diagnostics: { 'broken-link': 'error' } }).settings, {
      diagnostics: { 'broken-link': 'error' },
    });
  });

  it('maps the language of a termbase', () => {
    assert.deepEqual(toServerSettings({ glossaryLanguage: ' de-CH ' }), {
      settings: { 'glossary-language': 'de-CH' },
      problems: [],
    });
    assert.deepEqual(toServerSettings({ glossaryLanguage: '' }).settings, {});
    const bad = toServerSettings({ glossaryLanguage: 7 });
    assert.deepEqual(bad.settings, {});
    assert.match(bad.problems.join('\n'), /glossary-ls\.glossaryLanguage: 7 is not a string/);
  });

  it('maps the shorthand destinations and the match table', () => {
    const { settings, problems } = toServerSettings({
      'link.style': 'shorthand',
      'link.shorthand': ['g', 'glossary'],
      'match.ignore': 'template',
      'match.linkTextNames': true,
    });
    assert.deepEqual(problems, []);
    assert.equal(
      JSON.stringify(settings),
      '{"link":{"style":"shorthand","shorthand":["g","glossary"]},"match":{"ignore":["template"],"link-text-names":true}}',
    );
    assert.deepEqual(sectionValue(settings, 'glossary-ls.match.ignore'), ['template']);
    assert.equal(sectionValue(settings, 'glossary-ls.match.linkTextNames'), true);
    assert.deepEqual(toServerSettings({ 'match.linkTextNames': 'yes' }).problems, [
      'glossary-ls.match.linkTextNames: "yes" is not true or false; ignored',
    ]);
  });

  it('treats null, an empty glossary list, an empty URL and empty diagnostics as unset', () => {
    const { settings, problems } = toServerSettings({
      glossary: [],
      'link.url': '',
      diagnostics: {},
      'link.style': null,
      'files.maxSize': undefined,
    });
    assert.deepEqual(settings, {});
    assert.deepEqual(problems, []);
  });

  it('sends an explicitly empty language list (it overrides the file)', () => {
    assert.deepEqual(toServerSettings({ 'files.languages': [] }).settings, { files: { languages: [] } });
  });

  it('accepts a single glossary folder as a string, trims and expands ~', () => {
    assert.deepEqual(toServerSettings({ glossary: ' docs/terms ' }).settings, { glossary: ['docs/terms'] });
    assert.deepEqual(toServerSettings({ glossary: ['~/notes/glossary', '/abs/g'] }, { homeDir: '/home/ada' }).settings, {
      glossary: ['/home/ada/notes/glossary', '/abs/g'],
    });
  });

  it('normalises the case of link style and levels, and `info`', () => {
    const { settings, problems } = toServerSettings({
      'link.style': 'RelRef',
      diagnostics: { 'draft-link': 'INFO', 'broken-link': 'Warning' },
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, {
      link: { style: 'relref' },
      diagnostics: { 'draft-link': 'information', 'broken-link': 'warning' },
    });
  });

  it('drops invalid values and names them, keeping the valid ones', () => {
    const { settings, problems } = toServerSettings({
      glossary: ['ok', 3, ''],
      'link.style': 'absolute',
      'link.url': '/glossary/',
      diagnostics: { 'no-such-code': 'error', 'broken-link': 'loud', 'missing-title': 'hint', 'draft-link': null },
      'files.languages': 'asciidoc',
      'files.maxSize': -1,
    });
    assert.deepEqual(settings, {
      glossary: ['ok'],
      diagnostics: { 'missing-title': 'hint' },
      files: { languages: ['asciidoc'] },
    });
    assert.equal(problems.length, 7, problems.join('\n'));
    assert.match(problems.join('\n'), /glossary-ls\.link\.style: "absolute" is not one of relative, url, ref, relref/);
    assert.match(problems.join('\n'), /glossary-ls\.link\.url: "\/glossary\/" has no \{slug\}/);
    assert.match(problems.join('\n'), /unknown diagnostic code "no-such-code"/);
    assert.match(problems.join('\n'), /glossary-ls\.diagnostics\.broken-link: "loud"/);
    assert.match(problems.join('\n'), /glossary-ls\.files\.maxSize: -1/);
  });

  it('rejects a size that is not a whole number', () => {
    for (const size of [1.5, '100', Number.NaN, Number.POSITIVE_INFINITY]) {
      const { settings, problems } = toServerSettings({ 'files.maxSize': size });
      assert.deepEqual(settings, {});
      assert.equal(problems.length, 1);
    }
  });

  it('rejects diagnostics that are not an object', () => {
    for (const value of [['broken-link'], 'off', 3]) {
      const { settings, problems } = toServerSettings({ diagnostics: value });
      assert.deepEqual(settings, {});
      assert.equal(problems.length, 1);
    }
  });

  it('dedupes languages', () => {
    assert.deepEqual(toServerSettings({ 'files.languages': ['asciidoc', 'asciidoc', 'rst'] }).settings, {
      files: { languages: ['asciidoc', 'rst'] },
    });
  });
});

describe('isExplicitlySet', () => {
  it('is false for defaults only', () => {
    assert.equal(isExplicitlySet(undefined), false);
    assert.equal(isExplicitlySet({}), false);
  });
  it('is true for a value in any scope, even one equal to the default', () => {
    assert.equal(isExplicitlySet({ globalValue: 'relative' }), true);
    assert.equal(isExplicitlySet({ workspaceValue: [] }), true);
    assert.equal(isExplicitlySet({ workspaceFolderValue: 0 }), true);
    assert.equal(isExplicitlySet({ workspaceLanguageValue: 'x' }), true);
  });
});

describe('documentLanguages', () => {
  it('is Markdown and plain text, then the extra languages, without repeats', () => {
    assert.deepEqual(documentLanguages({}), ['markdown', 'plaintext']);
    assert.deepEqual(documentLanguages({ files: { languages: ['asciidoc', 'markdown', 'rst'] } }), [
      'markdown',
      'plaintext',
      'asciidoc',
      'rst',
    ]);
  });
});

describe('workspace/configuration answers', () => {
  const settings = toServerSettings({
    'link.style': 'url',
    'link.url': '/g/{slug}/',
    'files.maxSize': 5,
  }).settings;

  it('answer the glossary-ls section with the mapped object', () => {
    assert.deepEqual(sectionValue(settings, 'glossary-ls'), settings);
  });
  it('answer sub-sections with the part', () => {
    assert.deepEqual(sectionValue(settings, 'glossary-ls.link'), { style: 'url', url: '/g/{slug}/' });
    assert.equal(sectionValue(settings, 'glossary-ls.link.style'), 'url');
    assert.equal(sectionValue(settings, 'glossary-ls.files.max-size'), 5);
    assert.equal(sectionValue(settings, 'glossary-ls.files.maxSize'), 5);
    assert.equal(sectionValue(settings, 'glossary-ls.diagnostics'), null);
    assert.equal(sectionValue(settings, 'glossary-ls.link.style.x'), null);
  });
  it('answer other sections with null', () => {
    assert.equal(sectionValue(settings, undefined), null);
    assert.equal(sectionValue(settings, 'editor'), null);
    assert.equal(sectionValue(settings, 'glossary-lsx'), null);
  });
  it('recognise our section', () => {
    assert.equal(isOurSection('glossary-ls'), true);
    assert.equal(isOurSection('glossary-ls.link'), true);
    assert.equal(isOurSection('glossary-lsx'), false);
    assert.equal(isOurSection(undefined), false);
  });
  it('didChangeConfiguration carries the settings under the section', () => {
    assert.deepEqual(didChangeConfigurationSettings(settings), { 'glossary-ls': settings });
  });
});

describe('expandHome', () => {
  it('expands ~ and ~/ only', () => {
    assert.equal(expandHome('~', '/home/ada'), '/home/ada');
    assert.equal(expandHome('~/g', '/home/ada/'), '/home/ada/g');
    assert.equal(expandHome('~\\g', 'C:\\Users\\ada'), 'C:\\Users\\ada\\g');
    assert.equal(expandHome('~ada/g', '/home/ada'), '~ada/g');
    assert.equal(expandHome('a/~/g', '/home/ada'), 'a/~/g');
    assert.equal(expandHome('~/g', undefined), '~/g');
  });
});
