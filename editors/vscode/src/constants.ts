// Names shared by the extension and its tests. No `vscode` import here: this
// module is loaded by the unit tests in plain node.

/** The configuration section of the extension and of the server's settings. */
export const SECTION = 'glossary-ls';

/** The client id; `glossary-ls.trace.server` is read by vscode-languageclient under this id. */
export const CLIENT_ID = 'glossary-ls';
export const CLIENT_NAME = 'glossary-ls';

/** Where the install instructions live. */
export const INSTALL_URL = 'https://github.com/glossary-ls/glossary-ls#install';

/** The code action kind of "link every term in this document". */
export const LINK_ALL_KIND = 'source.glossary.linkAll';

/** Language ids the server always analyses. */
export const BASE_LANGUAGES: readonly string[] = ['markdown', 'plaintext'];

export const COMMANDS = {
  linkAll: 'glossary-ls.linkAllTerms',
  openEntry: 'glossary-ls.openEntry',
  restart: 'glossary-ls.restartServer',
  showOutput: 'glossary-ls.showOutput',
} as const;

/** Settings whose change needs a new server process (or a new document selector). */
export const RESTART_SETTINGS: readonly string[] = [
  `${SECTION}.server.path`,
  `${SECTION}.server.logLevel`,
  `${SECTION}.files.languages`,
];

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
