/**
 * The plan as a pull-request comment: the counts in the title, a summary table first, every change folded
 * in <details>, then skipped interfaces, warnings and cost. Kept under GitHub's comment limit.
 */
import type { ActionKind, Plan, PlanAction, ResourceType } from '../core/types/plan.js';
import { describeCost, describeCostNotes } from './cost.js';
import { groupHeadline, groupNote } from './group-phrases.js';
import { groupActions } from './groups.js';
import { fitToLimit, GITHUB_COMMENT_LIMIT, type CuttableSection } from './markdown-cap.js';
import { countOf, formatCount } from './numbers.js';
import { DEFAULT_MAX_BLOCKS } from './options.js';
import { code, row, text } from './markdown-syntax.js';
import { causesOf, describeSkipped, describeWhere, groupSkipped } from './skipped.js';

// Causes listed per skip reason in the comment's table.
const SKIP_CAUSES = 3;
import { describeDesired } from './resource-summary.js';
import { formatAttribute, formatTagChange, KNOWN_AFTER_APPLY } from './values.js';
import { ACTION_INTENT, ACTION_ORDER, ACTION_SYMBOL, adoptionPrefix, noChanges, replacementCount, targetedNote, typeNoun } from './vocabulary.js';

export interface MarkdownOptions {
  /** Above this many actions of the same (action, type), rows are grouped. Default 50. */
  readonly maxRows?: number;
  /** Characters the report may take; default GitHub's comment limit (a plan over accounts gives each a share). */
  readonly limit?: number;
}

const ACTION_COLUMN: Readonly<Record<ActionKind, string>> = {
  create: 'Create',
  update: 'Update',
  delete: 'Destroy',
  replace: 'Replace',
  adopt: 'Adopt',
};

function title(plan: Plan): string {
  const { create, update, delete: destroy } = plan.summary;
  const counts =
    plan.actions.length === 0
      ? 'no changes'
      : `${adoptionPrefix(plan.actions, formatCount)}${formatCount(create)} to add, ${formatCount(update)} to change, ${formatCount(destroy)} to destroy`;
  const replacements = replacementCount(plan.actions);
  const note = replacements === 0 ? '' : ` (${countOf(replacements, 'replacement', 'replacements')})`;
  const mode = plan.mode === 'destroy' ? ' · mode: **destroy**' : '';
  const regions = plan.regions.map(code).join(', ');
  const targeted = plan.targets === undefined ? '' : `> **${text(targetedNote(plan.targets))}**\n\n`;
  return `### mirrorctl plan ${code(plan.policyName)}: ${counts}${note}\n\n${accountLine(plan)}Regions: ${regions}${mode}\n\n${targeted}`;
}

function accountLine(plan: Plan): string {
  if (plan.account === undefined) return '';
  const { id, alias, callerArn } = plan.account;
  return `Account: ${code(id)}${alias === undefined ? '' : ` (${text(alias)})`} · caller ${code(callerArn)}\n\n`;
}

function summaryTable(plan: Plan): string {
  const { actions } = plan;
  if (actions.length === 0) return `${noChanges(plan)}\n\n`;
  const used = ACTION_ORDER.filter((kind) => actions.some((action) => action.action === kind));
  const counts = new Map<string, { region: string; type: ResourceType; byAction: Map<ActionKind, number> }>();
  for (const action of actions) {
    const key = `${action.region}\u0000${action.type}`;
    let entry = counts.get(key);
    if (entry === undefined) {
      entry = { region: action.region, type: action.type, byAction: new Map() };
      counts.set(key, entry);
    }
    entry.byAction.set(action.action, (entry.byAction.get(action.action) ?? 0) + 1);
  }
  const columns = used.map((kind) => `${ACTION_COLUMN[kind]} (${ACTION_SYMBOL[kind]})`);
  const lines = [row(['Region', 'Resource', ...columns])];
  lines.push(row([':--', ':--', ...used.map(() => '--:')]));
  for (const { region, type, byAction } of counts.values()) {
    const cells = used.map((kind) => {
      const count = byAction.get(kind) ?? 0;
      return count === 0 ? '' : formatCount(count);
    });
    lines.push(row([code(region), typeNoun(type, 2), ...cells]));
  }
  return `${lines.join('')}\n`;
}

function describeChanges(action: PlanAction): string {
  return action.changes
    .map((change) => {
      const forced = change.forcesReplacement ? ' (forces replacement)' : '';
      const tags = change.attribute === 'tags' ? formatTagChange(change.before, change.after) : undefined;
      const values =
        tags === undefined
          ? `${code(formatAttribute(change.attribute, change.before))} → ${code(formatAttribute(change.attribute, change.after))}`
          : code(tags);
      return `${code(change.attribute)}: ${values}${forced}`;
    })
    .join('<br>');
}

/** What a create (or a replacement's new copy) makes, before why. */
const created = (action: PlanAction): string => (action.after === undefined ? '' : `${text(describeDesired(action.after))}<br>`);

function actionDetails(action: PlanAction): string {
  switch (action.action) {
    case 'create':
      return `${created(action)}${text(action.reason)}`;
    case 'update':
      return describeChanges(action);
    case 'replace':
      return `${created(action)}${describeChanges(action)}<br>because ${text(action.reason)}`;
    case 'delete':
      return `because ${text(action.reason)}`;
    case 'adopt':
      return `${text(action.reason)}<br>${describeChanges(action)}`;
  }
}

function detailsHead(summary: string, columns: readonly string[]): string {
  return `<details><summary>${summary}</summary>\n\n${row(columns)}${row(columns.map(() => ':--'))}`;
}

const DETAILS_TAIL = '\n</details>\n\n';

// When the comment is too long, the short, important sections keep their rows first.
const SKIPPED_PRIORITY = 0;
const WARNINGS_PRIORITY = 1;
const DETAILS_PRIORITY = 2;

function detailSections(actions: readonly PlanAction[], maxRows: number): CuttableSection[] {
  const pairs = new Map<string, { kind: ActionKind; type: ResourceType; members: PlanAction[] }>();
  for (const kind of ACTION_ORDER) {
    for (const action of actions) {
      if (action.action !== kind) continue;
      const key = `${action.action} ${action.type}`;
      const pair = pairs.get(key);
      if (pair === undefined) pairs.set(key, { kind, type: action.type, members: [action] });
      else pair.members.push(action);
    }
  }
  return [...pairs.values()].map(({ kind, type, members }) => {
    const label = `${typeNoun(type, members.length)} ${ACTION_INTENT[kind]}`;
    const summary = `${ACTION_SYMBOL[kind]} ${formatCount(members.length)} ${label}`;
    if (members.length > maxRows) {
      const rows = groupActions(members).groups.map((group) =>
        row([text(groupHeadline(group)), text(groupNote(group) ?? '')]),
      );
      const head = detailsHead(summary, ['Group', 'Details']);
      return { label: `${label} (grouped rows)`, head, rows, tail: DETAILS_TAIL, priority: DETAILS_PRIORITY };
    }
    const rows = members.map((action) => {
      const id = action.resourceId === undefined ? text(KNOWN_AFTER_APPLY) : code(action.resourceId);
      return row([code(action.key), code(action.region), id, actionDetails(action)]);
    });
    const head = detailsHead(summary, ['Resource', 'Region', 'ID', 'Details']);
    return { label, head, rows, tail: DETAILS_TAIL, priority: DETAILS_PRIORITY };
  });
}

function skippedSection(plan: Plan): CuttableSection[] {
  if (plan.skipped.length === 0) return [];
  const rows = groupSkipped(plan.skipped).map(({ reason, items }) => {
    const causes = causesOf(items);
    const shown = causes.slice(0, SKIP_CAUSES).map(({ cause, count, example }) =>
      text(causes.length === 1 && count === 1 ? describeSkipped(example) : `${formatCount(count)}: ${cause} (e.g. ${describeWhere(example)})`),
    );
    if (causes.length > SKIP_CAUSES) shown.push(`… ${countOf(causes.length - SKIP_CAUSES, 'other cause', 'other causes')}`);
    return row([code(reason), formatCount(items.length), shown.join('<br>')]);
  });
  return [
    {
      label: 'skip reasons',
      head:
        `#### Skipped interfaces: ${formatCount(plan.skipped.length)}\n\n` +
        row(['Reason', 'Interfaces', 'Causes']) +
        row([':--', '--:', ':--']),
      rows,
      tail: '\n',
      priority: SKIPPED_PRIORITY,
    },
  ];
}

function warningSection(plan: Plan): CuttableSection[] {
  if (plan.warnings.length === 0) return [];
  const rows = plan.warnings.map((warning) => {
    const where = warning.region === undefined ? '' : ` (${code(warning.region)})`;
    return `- **${text(warning.code)}**${where}: ${text(warning.message)}\n`;
  });
  return [{ label: 'warnings', head: '#### Warnings\n\n', rows, tail: '\n', priority: WARNINGS_PRIORITY }];
}

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const sections = [
    ...detailSections(plan.actions, options.maxRows ?? DEFAULT_MAX_BLOCKS),
    ...skippedSection(plan),
    ...warningSection(plan),
  ];
  const tail = `${[describeCost(plan.cost), ...describeCostNotes(plan.cost)].map(text).join('\n\n')}\n`;
  return fitToLimit(title(plan) + summaryTable(plan), sections, tail, options.limit ?? GITHUB_COMMENT_LIMIT);
}
