/**
 * The heal use case, shared by the Lambda handler and `mirrorctl heal`: events in, the same engine as
 * `apply` (discovery, the pure planner, the executor, the scope module), decisions and actions out as
 * messages to the edge's host, and a verdict per item.
 *
 * Items of one invocation (an SQS batch) are healed together: per region one run, scoped to the union of
 * what they name, or the full reconcile of the region when one of them asks for it. Each item's verdict
 * comes from the actions on its own interfaces, so one item can be retried while the others are done.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { RegionPacers } from '../../aws/apply/index.js';
import { createReadCache, type ReadCache } from '../../aws/discover/read-cache.js';
import type { CallerIdentity } from '../../aws/identity.js';
import { isUserError } from '../../core/errors.js';
import { triggerOf, type HealItem, type Trigger } from '../../events/index.js';
import { isPolicyError } from '../../policy/load.js';
import type { PolicyObjectClients } from '../../aws/policy-object.js';
import type { Account } from '../account.js';
import { scopePolicyTo } from '../accounts/policy-for-account.js';
import { identifyCaller } from '../identity.js';
import type { HealHost, Verdict } from './messages.js';
import { loadPolicySource, type LoadedPolicy, type PolicySource } from './policy-source.js';
import { healRegion, type DecidedItem, type RunSettings } from './region-run.js';

export interface HealerOptions {
  readonly account: Account;
  readonly policySource: PolicySource;
  /** For a policy in S3 or SSM: the clients to read it with (tests); the SDK's own by default. */
  readonly policyObjectClients?: () => PolicyObjectClients;
  /** The region a schedule naming none is for (the function's, AWS_REGION); also where STS is asked. */
  readonly defaultRegion?: string;
  /** The executor's clock and sleep, shared with the pacers. Default: the real ones. */
  readonly clock?: { readonly now: () => number; readonly sleep: (ms: number) => Promise<void> };
  /** Wall-clock time, to compare with event times. Default Date.now. */
  readonly wallClock?: () => number;
  /** Mutating calls per second and burst per region; the buckets are kept across invocations. */
  readonly pacing?: { readonly maxRate?: number; readonly burst?: number };
  /** Actions in flight at once per region. Default 16. */
  readonly concurrency?: number;
  /** How long a scoped read may reuse the policy's load balancers. Default 5 minutes. */
  readonly loadBalancerTtlMs?: number;
  /**
   * An instance or interface an event names that reads do not show yet (eventual consistency): the item is
   * retried while the event is younger than this, and taken as gone after. Default 10 minutes.
   */
  readonly visibilityWindowMs?: number;
  /** `mirrorctl heal`: Ctrl-C stops starting new calls; a second abandons those in flight. */
  readonly signal?: AbortSignal;
  readonly abandon?: AbortSignal;
}

export interface ItemVerdict {
  readonly item: string;
  readonly verdict: Verdict;
  readonly reason: string;
}

export interface Healer {
  /** Throws (after reporting it) when the policy is invalid or the account cannot be identified. */
  heal(items: readonly HealItem[], host: HealHost): Promise<ItemVerdict[]>;
}

interface Setup {
  readonly loaded: LoadedPolicy;
  readonly self: CallerIdentity;
}

const DEFAULT_VISIBILITY_WINDOW_MS = 10 * 60_000;

export function createHealer(options: HealerOptions): Healer {
  const clock = options.clock ?? { now: () => performance.now(), sleep: (ms: number) => delay(ms) };
  const pacers = new RegionPacers({ ...options.pacing, ...clock });
  const cache: ReadCache = createReadCache({
    now: clock.now,
    ...(options.loadBalancerTtlMs === undefined ? {} : { loadBalancerTtlMs: options.loadBalancerTtlMs }),
  });
  // Validated once per process; an invalid policy stays invalid until a new deployment.
  let policy: Promise<LoadedPolicy> | undefined;
  let self: Promise<CallerIdentity> | undefined;

  async function setup(host: HealHost): Promise<Setup> {
    policy ??= loadPolicySource(options.policySource, options.policyObjectClients);
    let loaded: LoadedPolicy;
    try {
      loaded = await policy;
    } catch (error) {
      // An invalid or unreadable policy stays so until a new deployment; S3 or SSM failing for a moment (an error
      // that is not the user's) is read again on the next invocation.
      const transient = !isUserError(error) && !isPolicyError(error);
      if (transient) policy = undefined;
      reportSetupFailure(error, host, transient);
      throw error;
    }
    const region = options.defaultRegion ?? loaded.policy.regions[0] ?? '';
    self ??= identifyCaller(options.account.readers, { region, policy: loaded.policy, policyFile: loaded.origin });
    try {
      return { loaded, self: await self };
    } catch (error) {
      // STS may fail for a moment (the error then has its cause); a policy pinned to other accounts never
      // recovers, but asking again costs one call.
      self = undefined;
      reportSetupFailure(error, host, error instanceof Error && error.cause !== undefined);
      throw error;
    }
  }

  return {
    async heal(items, host) {
      const { loaded, self: identity } = await setup(host);
      // In an account of a policy for several accounts: only the entries and targets of this account.
      const policyHere = scopePolicyTo(loaded.policy, identity.accountId);
      const context = { policy: policyHere, self: identity, defaultRegion: options.defaultRegion };
      const decided: DecidedItem[] = items.map((item) => ({ item, trigger: triggerOf(item.event, context) }));
      const verdicts = new Map<string, ItemVerdict>();
      for (const { item, trigger } of decided) {
        host.emit(decisionMessage(item, trigger));
        if (trigger.kind === 'ignore') verdicts.set(item.id, { item: item.id, verdict: 'ignored', reason: trigger.reason });
      }
      const settings: RunSettings = {
        account: options.account,
        policy: policyHere,
        accountId: identity.accountId,
        cache,
        pacers,
        clock,
        wallClock: options.wallClock ?? Date.now,
        visibilityWindowMs: options.visibilityWindowMs ?? DEFAULT_VISIBILITY_WINDOW_MS,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.abandon === undefined ? {} : { abandon: options.abandon }),
      };
      for (const [region, group] of byRegion(decided)) {
        for (const verdict of await healRegion(settings, region, group, host)) verdicts.set(verdict.item, verdict);
      }
      const result = items.map((item) => verdicts.get(item.id) ?? { item: item.id, verdict: 'retry' as const, reason: 'not healed' });
      for (const verdict of result) {
        const item = items.find((candidate) => candidate.id === verdict.item);
        const event = item?.event.ok === true ? item.event.event.id : undefined;
        host.emit({ type: 'verdict', item: verdict.item, ...(event === undefined ? {} : { event }), verdict: verdict.verdict, reason: verdict.reason });
      }
      return result;
    },
  };
}

function byRegion(decided: readonly DecidedItem[]): Map<string, DecidedItem[]> {
  const groups = new Map<string, DecidedItem[]>();
  for (const entry of decided) {
    if (entry.trigger.kind === 'ignore') continue;
    const region = entry.trigger.region;
    groups.set(region, [...(groups.get(region) ?? []), entry]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function decisionMessage(item: HealItem, trigger: Trigger) {
  const event = item.event.ok ? item.event.event.id : undefined;
  const common = { type: 'decision' as const, item: item.id, ...(event === undefined ? {} : { event }) };
  switch (trigger.kind) {
    case 'ignore':
      return { ...common, decision: 'ignore' as const, reason: trigger.reason, detail: trigger.detail };
    case 'reconcile':
      return { ...common, decision: 'reconcile' as const, reason: 'full-reconcile', detail: trigger.why, region: trigger.region };
    case 'scope':
      return {
        ...common,
        decision: 'scope' as const,
        reason: 'scoped-run',
        detail: trigger.why,
        region: trigger.region,
        ...(trigger.instanceIds.length === 0 ? {} : { instanceIds: trigger.instanceIds }),
        ...(trigger.interfaceIds.length === 0 ? {} : { interfaceIds: trigger.interfaceIds }),
        ...(trigger.sessionIds.length === 0 ? {} : { sessionIds: trigger.sessionIds }),
      };
  }
}

function reportSetupFailure(error: unknown, host: HealHost, retryable: boolean): void {
  if (isPolicyError(error)) {
    host.emit({
      type: 'policy-invalid',
      file: error.diagnostics[0]?.file ?? '',
      diagnostics: error.diagnostics
        .filter((diagnostic) => diagnostic.severity === 'error')
        .map((diagnostic) => {
          const start = diagnostic.range?.start;
          const location = start === undefined ? diagnostic.file : `${diagnostic.file}:${start.line}:${start.column}`;
          return { location, code: diagnostic.code, message: diagnostic.message, ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }) };
        }),
    });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const hint = isUserError(error) ? error.hint : undefined;
  host.emit({ type: 'setup-failed', message, ...(hint === undefined ? {} : { hint }), retryable });
}
