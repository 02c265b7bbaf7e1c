/** The words for a group, shared by the text and markdown reporters. */
import type { ActionGroup } from './groups.js';
import { formatCount } from './numbers.js';
import { formatTally } from './tally.js';
import { ACTION_INTENT, typeNoun } from './vocabulary.js';

const BREAKDOWN_LIMIT = 5;

/** "9,950 sessions to create in us-east-1 → target/sensor-nlb with filter/all-traffic (vpc-1: 3,000, …)" */
export function groupHeadline(group: ActionGroup): string {
  const noun = typeNoun(group.type, group.count);
  const parts = [`${formatCount(group.count)} ${noun} ${ACTION_INTENT[group.action]} in ${group.region}`];
  if (group.target !== undefined) parts.push(`→ ${group.target}`);
  if (group.filter !== undefined) {
    parts.push(group.target === undefined ? `in ${group.filter}` : `with ${group.filter}`);
  }
  if (group.vpcs.size > 0) parts.push(`(${formatTally(group.vpcs, { limit: BREAKDOWN_LIMIT })})`);
  return parts.join(' ');
}

/** Why the group's resources are created or destroyed, or what its updates change, old → new. */
export function groupNote(group: ActionGroup): string | undefined {
  if (group.action === 'delete' || group.action === 'replace') {
    const reasons = formatTally(group.reasons, {
      limit: BREAKDOWN_LIMIT,
      separator: '; ',
      entry: (reason, count) => (group.reasons.size === 1 ? reason : `${reason} (${count})`),
    });
    return `because ${reasons}`;
  }
  if ((group.action === 'update' || group.action === 'adopt') && group.changes.size > 0) {
    const noun = typeNoun(group.type, 2);
    return `changing ${formatTally(group.changes, { limit: BREAKDOWN_LIMIT, separator: '; ', entry: (change, count) => `${change}: ${count} ${noun}` })}`;
  }
  if (group.action === 'create') return `to ${formatTally(group.reasons, { limit: BREAKDOWN_LIMIT, separator: '; ' })}`;
  return undefined;
}
