/** Reports of a plan over several accounts; each account's own part is the single-account reporter's. */
export { renderAccountsText } from './text.js';
export { renderAccountsMarkdown, type AccountsMarkdownOptions } from './markdown.js';
export { renderAccountsJson } from './json.js';
export { accountRows, accountTotals, type AccountRow, type AccountTotals } from './summary.js';
