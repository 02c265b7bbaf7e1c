/**
 * The human plan, Terraform-style: header, legend of the symbols used, one block per change (or one line
 * per group when a kind of change is too numerous to read), skipped interfaces, warnings, cost, totals.
 */
import type { Plan, PlanAction, SkippedInterface } from '../core/types/plan.js';
import { createStyle, type Style } from './ansi.js';
import { describeCost, describeCostBasis, describeCostNotes } from './cost.js';
import { groupHeadline, groupNote } from './group-phrases.js';
import { groupActions, groupingPredicate, type ActionGroup } from './groups.js';
import { countOf, formatCount } from './numbers.js';
import { DEFAULT_MAX_BLOCKS, type RenderOptions } from './options.js';
import { causesOf, describeSkipped, describeWhere, groupSkipped } from './skipped.js';
import { renderActionBlock, symbolColumn } from './text-block.js';
import { ACTION_LEGEND, ACTION_ORDER, ACTION_SYMBOL, actionColour, adoptionPrefix, noChanges, replacementCount, targetedNote } from './vocabulary.js';

/** Without --verbose, each skip reason shows this many interfaces. */
const SKIPPED_EXAMPLES = 3;
// Causes listed per skip reason before the rest are counted together.
const SKIPPED_CAUSES = 5;

function header(plan: Plan, style: Style): string[] {
  const mode = plan.mode === 'destroy' ? ' (destroy: every resource this policy owns is deleted)' : '';
  const title = style.bold(`mirrorctl plan for policy "${plan.policyName}" in ${plan.regions.join(', ')}${mode}`);
  const targeted = plan.targets === undefined ? [] : [style.yellow(targetedNote(plan.targets))];
  if (plan.account === undefined) return [title, ...targeted];
  const { id, alias, callerArn } = plan.account;
  return [title, `Account ${id}${alias === undefined ? '' : ` (${alias})`}, as ${callerArn}`, ...targeted];
}

function legend(actions: readonly PlanAction[], style: Style): string[] {
  const used = new Set(actions.map((action) => action.action));
  return [
    'Resource actions are indicated with the following symbols:',
    ...ACTION_ORDER.filter((action) => used.has(action)).map(
      (action) => `${actionColour(style, action)(symbolColumn(ACTION_SYMBOL[action]))} ${ACTION_LEGEND[action]}`,
    ),
  ];
}

function groupLines(group: ActionGroup, style: Style): string[] {
  const colour = actionColour(style, group.action);
  const note = groupNote(group);
  const lines = [`${colour(symbolColumn(ACTION_SYMBOL[group.action]))} ${groupHeadline(group)}`];
  if (note !== undefined) lines.push(`      # ${note}`);
  return lines;
}

function actionSections(plan: Plan, style: Style, options: RenderOptions): string[][] {
  const maxBlocks = options.verbose ? Infinity : (options.maxBlocks ?? DEFAULT_MAX_BLOCKS);
  const inGroup = groupingPredicate(plan.actions, maxBlocks);
  const { groupOf } = groupActions(plan.actions.filter(inGroup));
  const printed = new Set<ActionGroup>();
  const sections: string[][] = [];
  let groupedActions = 0;
  for (const action of plan.actions) {
    const group = groupOf.get(action);
    if (group === undefined) {
      sections.push(renderActionBlock(action, style, options.verbose));
    } else if (!printed.has(group)) {
      printed.add(group);
      groupedActions += group.count;
      sections.push(groupLines(group, style));
    }
  }
  if (groupedActions > 0) {
    sections.push([
      `(${countOf(groupedActions, 'action is', 'actions are')} summarised in groups; ` +
        '--verbose shows every block, --format json lists them all.)',
    ]);
  }
  return sections;
}

function skippedSection(skipped: readonly SkippedInterface[], style: Style, verbose: boolean): string[] {
  if (skipped.length === 0) return [];
  const lines = [style.bold(`Skipped ${countOf(skipped.length, 'interface', 'interfaces')}:`)];
  for (const { reason, items } of groupSkipped(skipped)) {
    lines.push(`  ${reason}: ${formatCount(items.length)}`);
    // Hundreds of interfaces skipped for one cause read as one line with their count, and one example; a few
    // interfaces with a cause each read best as they are.
    const causes = causesOf(items);
    const nothingShared = causes.length === items.length && items.length <= SKIPPED_CAUSES;
    if (verbose || items.length <= SKIPPED_EXAMPLES || nothingShared) {
      for (const item of items) lines.push(`    ${describeSkipped(item)}`);
      continue;
    }
    for (const { cause, count, example } of causes.slice(0, SKIPPED_CAUSES)) {
      lines.push(`    ${countOf(count, 'interface', 'interfaces')}: ${cause} (e.g. ${describeWhere(example)})`);
    }
    if (causes.length > SKIPPED_CAUSES) {
      const rest = causes.slice(SKIPPED_CAUSES).reduce((sum, item) => sum + item.count, 0);
      lines.push(`    … and ${countOf(rest, 'interface', 'interfaces')} for ${countOf(causes.length - SKIPPED_CAUSES, 'other cause', 'other causes')}`);
    }
    lines.push('    (--verbose lists every interface)');
  }
  return lines;
}

function warningLines(plan: Plan, style: Style): string[] {
  return plan.warnings.map((warning) => {
    const where = warning.region === undefined ? warning.code : `${warning.code}, ${warning.region}`;
    return `${style.yellow(style.bold('Warning:'))} ${warning.message} [${where}]`;
  });
}

function totals(plan: Plan, style: Style): string {
  if (plan.actions.length === 0) return style.bold(noChanges(plan));
  const { create, update, delete: destroy } = plan.summary;
  const replacements = replacementCount(plan.actions);
  const note =
    replacements === 0 ? '' : ` ${countOf(replacements, 'replacement is', 'replacements are')} counted in both.`;
  const counts = `${adoptionPrefix(plan.actions, formatCount)}${formatCount(create)} to add, ${formatCount(update)} to change, ${formatCount(destroy)} to destroy`;
  return `${style.bold(`Plan: ${counts}.`)}${note}`;
}

export function renderPlanText(plan: Plan, options: RenderOptions): string {
  const style = createStyle(options.color);
  const sections: string[][] = [header(plan, style)];
  if (plan.actions.length > 0) {
    sections.push(legend(plan.actions, style));
    sections.push(['mirrorctl will perform the following actions:']);
    sections.push(...actionSections(plan, style, options));
  }
  sections.push(skippedSection(plan.skipped, style, options.verbose));
  sections.push(warningLines(plan, style));
  const notes = describeCostNotes(plan.cost);
  sections.push(options.verbose ? [describeCost(plan.cost), ...notes, describeCostBasis(plan.cost)] : [describeCost(plan.cost), ...notes]);
  sections.push([totals(plan, style)]);
  return `${sections
    .filter((lines) => lines.length > 0)
    .map((lines) => lines.join('\n'))
    .join('\n\n')}\n`;
}
