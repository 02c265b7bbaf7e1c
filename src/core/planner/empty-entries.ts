/**
 * A vpcs entry that matches nothing: over everything this run observed, it selects no VPC, or the AWS
 * resource its target names does not exist. That is far more often a typo, a renamed tag or a deleted load
 * balancer than a wish to stop mirroring, so unless the run allows empty entries (`--allow-empty-entries`)
 * the entry's owned sessions are held exactly as they are, neither deleted nor changed, and a warning says
 * what they cost and how to proceed.
 *
 * An entry without `name:` is keyed by its VPC id or tags, so editing those makes a new entry, and the old
 * one's sessions are keyed to an entry no longer in the policy. While an unnamed entry matches nothing, the
 * sessions of removed unnamed entries of the same kind are held with it: it may be the same entry, mistyped.
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
  /** The key of a removed unnamed entry whose sessions are held because `entry` may be it, edited. */
  readonly formerKey?: string;
}

/** Session entry key → the empty entry its sessions are held for (the entry itself, or one it may have become). */
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

/** The key the policy loader gives an entry without `name:` (src/policy/entry-key.ts). */
const defaultKey = (entry: PolicyVpcEntry): string =>
  entry.selector.kind === 'id' ? entry.selector.vpcId : `tags:${formatTags(entry.selector.tags)}`;

/** Whether `key` could be the default key of an entry of the same kind as `entry`. */
const sameKind = (entry: PolicyVpcEntry, key: string): boolean =>
  entry.selector.kind === 'id' ? /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/.test(key) : key.startsWith('tags:');

/** `empty`, plus the keys of removed unnamed entries that an unnamed empty entry of the same kind may be. */
export function withFormerKeys(policy: Policy, empty: EmptyEntries, indexes: readonly RegionIndex[]): EmptyEntries {
  const unnamed = [...empty.values()].filter((item) => item.entry.key === defaultKey(item.entry));
  if (unnamed.length === 0) return empty;
  const inPolicy = new Set(policy.vpcs.map((entry) => entry.key));
  const result = new Map(empty);
  for (const index of indexes) {
    for (const session of index.sessions) {
      const key = ownedSessionKey(session, index.scope);
      const entryKey = key === undefined ? undefined : entryKeyOf(key, session);
      if (entryKey === undefined || inPolicy.has(entryKey) || result.has(entryKey)) continue;
      const candidate = unnamed.find((item) => sameKind(item.entry, entryKey));
      if (candidate !== undefined) result.set(entryKey, { ...candidate, formerKey: entryKey });
    }
  }
  return result;
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
export function emptyEntryDeleteReason(empty: EmptyEntry): string {
  const entry =
    empty.formerKey === undefined
      ? `vpcs entry ${empty.entry.key}`
      : `vpcs entry ${empty.formerKey} is no longer in the policy, and vpcs entry ${empty.entry.key}, which may be it edited,`;
  return `${entry} matches nothing: ${empty.why}; deleted as --allow-empty-entries allows`;
}

const changed = (entry: PolicyVpcEntry): string => (entry.selector.kind === 'id' ? 'VPC id' : 'tags');

/** "its 9 sessions", "the 2 sessions of vpcs entry vpc-…, which is no longer in the policy …". */
function heldPhrase(item: EmptyEntry, count: number): string {
  if (item.formerKey === undefined) return `its ${plural(count, 'session')}`;
  return (
    `the ${plural(count, 'session')} of vpcs entry ${item.formerKey}, which is no longer in the policy ` +
    `and may be this entry before its ${changed(item.entry)} changed,`
  );
}

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
  const all = [...empty.values()];
  for (const item of all.filter((candidate) => candidate.formerKey === undefined)) {
    const held = all
      .filter((other) => other.entry.key === item.entry.key)
      .map((other) => ({ item: other, byRegion: [...(sessions.get(other.formerKey ?? other.entry.key) ?? new Map<string, number>())] }))
      .map((group) => ({ ...group, count: group.byRegion.reduce((sum, [, n]) => sum + n, 0) }))
      .filter((group) => group.count > 0);
    const count = held.reduce((sum, group) => sum + group.count, 0);
    const head = `vpcs entry ${item.entry.key} matches nothing: ${item.why}`;
    const phrases = held.map((group) => heldPhrase(group.item, group.count)).join(' and ');
    if (!allowEmptyEntries && count > 0) {
      const counts = held.flatMap((group) => group.byRegion.map(([region, n]) => ({ region, sessionsBefore: n, sessionsAfter: n })));
      const monthly = estimateCost(counts, policy.sessionHourlyRates).monthlyBefore;
      warnings.push({
        code: 'entry-matches-nothing',
        message:
          `${head}; ${phrases} ${count === 1 ? 'is' : 'are'} kept as ${count === 1 ? 'it is' : 'they are'}, ` +
          `about ${monthly.toFixed(2)} USD a month; fix the entry in the policy, or pass --allow-empty-entries to delete them`,
      });
    } else if (item.unmatchedTags) {
      const fate = count === 0 ? 'it has no sessions' : `--allow-empty-entries deletes ${phrases.replace(/,$/, '')}`;
      warnings.push({ code: 'entry-matches-nothing', message: `${head}; ${fate}` });
    }
  }
  return warnings;
}
