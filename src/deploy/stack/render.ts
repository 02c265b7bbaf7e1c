/**
 * The stacks' plans as text, in the style of `mirrorctl plan`: one block per region's stack, a line per
 * logical resource (`+` add, `~` modify, `-` remove), replacements flagged, and a one-line summary. Pure.
 */
import type { Style } from '../../render/ansi.js';
import type { ResourceChangeRow, StackPlan } from './change-set.js';
import type { ResourceEvent, StackOutcome } from './execute.js';

const SIGNS: Readonly<Record<string, string>> = { Add: '+', Modify: '~', Remove: '-', Import: '<', Dynamic: '?', SyncWithActual: '=' };

function replacement(change: ResourceChangeRow): string {
  if (change.action !== 'Modify') return '';
  if (change.replacement === 'True') return ' (replaced)';
  if (change.replacement === 'Conditional') return ' (may be replaced)';
  return '';
}

function line(change: ResourceChangeRow, widths: { id: number; type: number }, c: Style): string {
  const sign = SIGNS[change.action] ?? '?';
  const colour = change.action === 'Add' ? c.green : change.action === 'Remove' ? c.red : c.yellow;
  const what = change.changed.length === 0 || change.action !== 'Modify' ? '' : `  ${change.changed.join(', ')}`;
  const replaced = replacement(change);
  return `  ${colour(sign)} ${change.logicalId.padEnd(widths.id)}  ${change.type.padEnd(widths.type)}${what}${replaced === '' ? '' : c.red(replaced)}`.trimEnd();
}

export function renderStackPlans(plans: readonly StackPlan[], c: Style): string {
  const blocks: string[] = [];
  let added = 0;
  let modified = 0;
  let replaced = 0;
  let removed = 0;
  for (const plan of plans) {
    const { stackName, region } = plan.target;
    if (plan.kind === 'none') {
      blocks.push(`Stack ${c.bold(stackName)} in ${region}: no changes.`);
      continue;
    }
    const widths = {
      id: Math.max(...plan.changes.map((change) => change.logicalId.length)),
      type: Math.max(...plan.changes.map((change) => change.type.length)),
    };
    const heading = `Stack ${c.bold(stackName)} in ${region} (${plan.kind === 'create' ? 'new' : 'update'}), code s3://${plan.target.bucket}/${plan.target.key}:`;
    blocks.push([heading, ...plan.changes.map((change) => line(change, widths, c))].join('\n'));
    for (const change of plan.changes) {
      if (change.action === 'Add') added += 1;
      if (change.action === 'Remove') removed += 1;
      if (change.action === 'Modify') {
        modified += 1;
        if (change.replacement === 'True' || change.replacement === 'Conditional') replaced += 1;
      }
    }
  }
  const summary = `Plan: ${added} to add, ${modified} to change${replaced === 0 ? '' : ` (${replaced} replaced)`}, ${removed} to remove.`;
  return `${blocks.join('\n\n')}\n\n${c.bold(summary)}\n`;
}

export function renderProgress(region: string, event: ResourceEvent, c: Style): string {
  const colour = event.status.endsWith('_FAILED') ? c.red : event.status.endsWith('_COMPLETE') ? c.green : c.dim;
  const reason = event.reason === undefined || !event.status.endsWith('_FAILED') ? '' : `: ${event.reason}`;
  return `${region}  ${event.logicalId}  ${event.type}  ${colour(event.status)}${reason}\n`;
}

export function renderOutcome(region: string, stackName: string, outcome: StackOutcome, c: Style): string {
  if (outcome.ok) {
    const outputs = Object.entries(outcome.outputs).map(([key, value]) => `    ${key}: ${value}`);
    return [`${c.green('✓')} ${stackName} in ${region}: ${outcome.status}`, ...outputs].join('\n') + '\n';
  }
  const [cause, ...others] = outcome.failures;
  const lines = [`${c.red('✗')} ${stackName} in ${region} failed: ${outcome.status}`];
  if (cause === undefined) lines.push('    CloudFormation reported no failed resource; see the stack\'s events in the console');
  else lines.push(`    cause: ${cause.logicalId} (${cause.type}) ${cause.status}: ${cause.reason ?? 'no reason given'}`);
  for (const other of others) lines.push(`    then: ${other.logicalId} (${other.type}) ${other.status}: ${other.reason ?? 'no reason given'}`);
  return `${lines.join('\n')}\n`;
}

export interface StackToDelete {
  readonly region: string;
  readonly stackName: string;
  readonly resources: readonly { readonly logicalId: string; readonly type: string }[];
}

export function renderDestroyPlan(stacks: readonly StackToDelete[], absentIn: readonly string[], c: Style): string {
  const blocks = stacks.map((stack) => {
    const id = Math.max(0, ...stack.resources.map((resource) => resource.logicalId.length));
    const lines = stack.resources.map((resource) => `  ${c.red('-')} ${resource.logicalId.padEnd(id)}  ${resource.type}`);
    return [`Stack ${c.bold(stack.stackName)} in ${stack.region} (delete):`, ...lines].join('\n');
  });
  for (const region of absentIn) blocks.push(`No healer stack in ${region}.`);
  const count = stacks.reduce((total, stack) => total + stack.resources.length, 0);
  return `${blocks.join('\n\n')}\n\n${c.bold(`Plan: 0 to add, 0 to change, ${count} to remove.`)}\n`;
}
