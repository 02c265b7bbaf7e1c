export type { RenderOptions } from './options.js';
export type { MarkdownOptions } from './markdown.js';
export type { Style } from './ansi.js';
export { createStyle } from './ansi.js';
export { renderPlanText } from './text.js';
export { renderPlanJson, type JsonPlanOptions } from './json.js';
export { renderPlanMarkdown } from './markdown.js';
export { renderPlanDiff } from './plan-diff.js';
export type { PlanDiffOptions } from './plan-diff.js';
