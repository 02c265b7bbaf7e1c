/**
 * A vpcs entry that matches nothing: over everything this run observed, it selects no VPC, or the AWS
 * resource its target names does not exist. That is far more often a typo, a renamed tag or a deleted load
 * balancer than a wish to stop mirroring, so unless the run allows empty entries (`--allow-empty-entries`)
 * the entry's owned sessions are held exactly as they are, neither deleted nor changed, and a warning says
 * what they cost and how to proceed.
 */
import { estimateCost } from '../cost.js';
import { holdingSessions } from '../scope/index.js';
import type { ObservedSession } from '../types/observed.js';
import type { PlanWarning } from '../types/plan.js';
import type { Policy, PolicyVpcEntry } from '../types/policy.js';
import { entryAppliesTo, entryVpcIds } from './eligibility.js';
import { ownedSessionKey, withSessionScope, type RegionIndex } from './observed-index.js';
import type { ResolvedTarget } from './resolve-targets.js';
import { formatTags, plural } from './util.js';

export interface EmptyEntry {
  readonly entry: PolicyVpcEntry;
  /** Why it matches nothing, e.g. "VPC vpc-… was not found in us-east-1". */
  readonly why: string;
  /** A tag selector that matched no VPC: unlike a missing VPC id or target, no other warning says so. */
  readonly unmatchedTags: boolean;
}

/** Entry key → why the entry matches nothing, for the entries that do. */
export type EmptyEntries = ReadonlyMap<string, EmptyEntry>;

export function findEmptyEntries(
  policy: Policy,
  observed: readonly RegionIndex[],
  targets: ReadonlyMap<string, ResolvedTarget>,
): Map<string, EmptyEntry> {
  const empty = new Map<string, EmptyEntry>();
  const listed = observed.filter((index) => policy.regions.includes(index.region));
  for (const entry of policy.vpcs) {
    const where = listed.filter((index) => entryAppliesTo(entry, index.region));
    // Nothing of the entry's regions was observed: no evidence either way.
    if (where.length === 0) continue;
    const reasons: string[] = [];
    const regions = where.map((index) => index.region).join(', ');
    const selectsVpc = where.some((index) => entryVpcIds(entry, index).length > 0);
    if (!selectsVpc) {
      reasons.push(
        entry.selector.kind === 'id'
          ? `VPC ${entry.selector.vpcId} was not found in ${regions}`
          : `no VPC in ${regions} carries the tags ${formatTags(entry.selector.tags)}`,
      );
    }
    const target = targets.get(entry.target);
    if (target?.missing === true) reasons.push(target.unavailable ?? `the AWS resource of target ${entry.target} was not found`);
    if (reasons.length === 0) continue;
    empty.set(entry.key, { entry, why: reasons.join(', and '), unmatchedTags: !selectsVpc && entry.selector.kind === 'tags' });
  }
  return empty;
}

/** `session/<entry key>/<eni>` → the entry key (entry keys may themselves hold slashes). */
const entryKeyOf = (sessionKey: string, session: ObservedSession): string =>
  sessionKey.slice('session/'.length, sessionKey.length - session.networkInterfaceId.length - 1);

/** The empty entry an owned session belongs to, if any. */
function emptyEntryOf(index: RegionIndex, empty: EmptyEntries, session: ObservedSession): string | undefined {
  const key = ownedSessionKey(session, index.scope);
  if (key === undefined) return undefined;
  const entryKey = entryKeyOf(key, session);
  return empty.has(entryKey) ? entryKey : undefined;
}

/** Entry key → region → how many owned sessions of that empty entry the region holds. */
export function emptyEntrySessions(indexes: readonly RegionIndex[], empty: EmptyEntries): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  if (empty.size === 0) return counts;
  for (const index of indexes) {
    for (const session of index.sessions) {
      const entryKey = emptyEntryOf(index, empty, session);
      if (entryKey === undefined) continue;
      const byRegion = counts.get(entryKey) ?? new Map<string, number>();
      byRegion.set(index.region, (byRegion.get(index.region) ?? 0) + 1);
      counts.set(entryKey, byRegion);
    }
  }
  return counts;
}

/** The region with the sessions of empty entries held: the run may not change them. */
export function holdEmptyEntrySessions(index: RegionIndex, empty: EmptyEntries): RegionIndex {
  if (empty.size === 0) return index;
  const held = (session: ObservedSession): boolean => emptyEntryOf(index, empty, session) !== undefined;
  return index.sessions.some(held) ? withSessionScope(index, holdingSessions(index.scope, held)) : index;
}

/** The reason a session of an empty entry is deleted when the run allows empty entries. */
export const emptyEntryDeleteReason = (empty: EmptyEntry): string =>
  `vpcs entry ${empty.entry.key} matches nothing: ${empty.why}; deleted as --allow-empty-entries allows`;

/**
 * One warning per empty entry that holds sessions (what they cost, and the two ways out), and per tag selector
 * that matched no VPC (a missing VPC id or target already has its own warning).
 */
export function emptyEntryWarnings(
  policy: Policy,
  empty: EmptyEntries,
  sessions: ReadonlyMap<string, ReadonlyMap<string, number>>,
  allowEmptyEntries: boolean,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  for (const item of empty.values()) {
    const byRegion = [...(sessions.get(item.entry.key) ?? new Map<string, number>())];
    const count = byRegion.reduce((sum, [, n]) => sum + n, 0);
    const head = `vpcs entry ${item.entry.key} matches nothing: ${item.why}`;
    if (!allowEmptyEntries && count > 0) {
      const counts = byRegion.map(([region, n]) => ({ region, sessionsBefore: n, sessionsAfter: n }));
      const monthly = estimateCost(counts, policy.sessionHourlyRates).monthlyBefore;
      warnings.push({
        code: 'entry-matches-nothing',
        message:
          `${head}; its ${plural(count, 'session')} ${count === 1 ? 'is' : 'are'} kept as ${count === 1 ? 'it is' : 'they are'}, ` +
          `about ${monthly.toFixed(2)} USD a month; fix the entry in the policy, or pass --allow-empty-entries to delete them`,
      });
    } else if (item.unmatchedTags) {
      const fate = count === 0 ? 'it has no sessions' : `--allow-empty-entries deletes its ${plural(count, 'session')}`;
      warnings.push({ code: 'entry-matches-nothing', message: `${head}; ${fate}` });
    }
  }
  return warnings;
}
