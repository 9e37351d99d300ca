import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { countTextEdits, isLinkAllKind, linkAllActions } from '../src/linkAll';

describe('linkAllActions', () => {
  const edit = { changes: { 'file:///a.md': [{ range: {}, newText: '[x](y)' }] } };

  it('keeps enabled code actions of kind source.glossary.linkAll (and below)', () => {
    const result = [
      { title: 'Link all', kind: 'source.glossary.linkAll', edit },
      { title: 'Sub', kind: 'source.glossary.linkAll.relative', edit },
      { title: 'Other', kind: 'quickfix', edit },
      { title: 'Prefix only', kind: 'source.glossary.linkAllX', edit },
      { title: 'Disabled', kind: 'source.glossary.linkAll', disabled: { reason: 'nothing' } },
      { title: 'A bare command', command: 'glossary-ls.x' },
    ];
    assert.deepEqual(
      linkAllActions(result).map((a) => a.title),
      ['Link all', 'Sub'],
    );
  });

  it('is empty for no answer', () => {
    assert.deepEqual(linkAllActions(null), []);
    assert.deepEqual(linkAllActions(undefined), []);
    assert.deepEqual(linkAllActions([]), []);
  });

  it('matches kinds hierarchically', () => {
    assert.equal(isLinkAllKind('source.glossary.linkAll'), true);
    assert.equal(isLinkAllKind('source.glossary.linkAll.url'), true);
    assert.equal(isLinkAllKind('source.glossary'), false);
    assert.equal(isLinkAllKind(undefined), false);
  });
});

describe('countTextEdits', () => {
  it('counts edits in changes and in documentChanges', () => {
    assert.equal(countTextEdits(undefined), 0);
    assert.equal(countTextEdits({}), 0);
    assert.equal(countTextEdits({ changes: { a: [1, 2], b: [3] } }), 3);
    assert.equal(countTextEdits({ changes: { a: [] } }), 0);
    assert.equal(
      countTextEdits({ documentChanges: [{ textDocument: { uri: 'a', version: 1 }, edits: [1, 2] }, { kind: 'create', uri: 'b' }] }),
      3,
    );
  });
});
