// Picking the "link all terms" code actions out of a `textDocument/codeAction`
// answer, on the protocol's JSON. No `vscode` import here: unit-tested in
// plain node.

import { LINK_ALL_KIND } from './constants';

/** The fields of an LSP `Command` this module looks at. */
export interface LspCommand {
  title: string;
  command: string;
  arguments?: unknown[];
}

/** The fields of an LSP `CodeAction` this module looks at. */
export interface LspCodeAction {
  title: string;
  kind?: string;
  edit?: unknown;
  command?: LspCommand;
  disabled?: { reason: string };
  data?: unknown;
}

/** `source.glossary.linkAll` itself or a kind below it (`source.glossary.linkAll.x`). */
export function isLinkAllKind(kind: string | undefined): boolean {
  return kind === LINK_ALL_KIND || (kind?.startsWith(`${LINK_ALL_KIND}.`) ?? false);
}

function isCodeAction(item: unknown): item is LspCodeAction {
  if (typeof item !== 'object' || item === null) {
    return false;
  }
  const o = item as Record<string, unknown>;
  // A bare Command has a string `command`; a CodeAction has an object one, or none.
  return typeof o.title === 'string' && typeof o.command !== 'string';
}

/** The enabled code actions of kind `source.glossary.linkAll` in a codeAction answer, in order. */
export function linkAllActions(result: unknown): LspCodeAction[] {
  if (!Array.isArray(result)) {
    return [];
  }
  return result.filter(isCodeAction).filter((a) => isLinkAllKind(a.kind) && a.disabled === undefined);
}

/** The number of text edits in an LSP WorkspaceEdit (`changes` or `documentChanges`). */
export function countTextEdits(edit: unknown): number {
  if (typeof edit !== 'object' || edit === null) {
    return 0;
  }
  const e = edit as { changes?: Record<string, unknown[]>; documentChanges?: unknown[] };
  if (Array.isArray(e.documentChanges)) {
    let n = 0;
    for (const change of e.documentChanges) {
      const edits = (change as { edits?: unknown[] } | null)?.edits;
      n += Array.isArray(edits) ? edits.length : 1; // a create/rename/delete counts as one
    }
    return n;
  }
  if (e.changes !== undefined && typeof e.changes === 'object') {
    return Object.values(e.changes).reduce((n, edits) => n + (Array.isArray(edits) ? edits.length : 0), 0);
  }
  return 0;
}
