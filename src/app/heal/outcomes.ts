/**
 * From an apply's outcomes to what the healer reports: one message per action, and whether what failed may
 * succeed when run again (a skipped action inherits that from the dependency that made it skip).
 */
import type { ActionOutcome, ApplyResult } from '../../aws/apply/index.js';
import type { Plan, PlanAction } from '../../core/types/plan.js';
import { isRetryableCode } from './failure-class.js';
import type { HealMessage } from './messages.js';

export interface ActionResult {
  readonly action: PlanAction;
  readonly outcome: ActionOutcome;
  /** For an action that did not succeed: whether running again may. */
  readonly retryable: boolean;
}

export function actionResults(plan: Plan, result: ApplyResult): ActionResult[] {
  const byId = new Map(plan.actions.map((action, index) => [action.id, { action, outcome: result.outcomes[index] }]));
  const memo = new Map<string, boolean>();
  const retryable = (id: string, seen: ReadonlySet<string> = new Set()): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const entry = byId.get(id);
    let answer = true;
    if (entry?.outcome !== undefined && !seen.has(id)) {
      const { status, error } = entry.outcome;
      if (status === 'failed') answer = isRetryableCode(error?.code ?? '');
      else if (status === 'skipped') {
        const failedDependencies = entry.action.dependsOn.filter((dep) => {
          const status = byId.get(dep)?.outcome?.status;
          return status === 'failed' || status === 'skipped';
        });
        const next = new Set([...seen, id]);
        answer = failedDependencies.length === 0 || failedDependencies.some((dep) => retryable(dep, next));
      } else answer = status === 'not-started';
    }
    memo.set(id, answer);
    return answer;
  };
  return plan.actions.map((action, index) => {
    const outcome = result.outcomes[index] ?? { actionId: action.id, status: 'not-started', attempts: 0 };
    return { action, outcome, retryable: outcome.status !== 'done' && retryable(action.id) };
  });
}

export const sessionInterface = (action: PlanAction): string | undefined => {
  const resource = action.after ?? action.before;
  return resource?.kind === 'session' ? resource.networkInterfaceId : undefined;
};

export interface ActionMessageContext {
  readonly events: (action: PlanAction) => readonly string[];
  readonly requestId: (action: PlanAction, resourceId: string | undefined) => string | undefined;
  /** A session created: milliseconds since the earliest event about its interface, if any. */
  readonly latency: (action: PlanAction) => number | undefined;
}

export function actionMessage(region: string, item: ActionResult, context: ActionMessageContext): HealMessage {
  const { action, outcome } = item;
  const resource = action.after ?? action.before;
  const resourceId = outcome.resourceId ?? action.resourceId;
  const requestId = context.requestId(action, resourceId);
  const created = outcome.status === 'done' && action.type === 'session' && action.action === 'create';
  const latency = created ? context.latency(action) : undefined;
  const eni = sessionInterface(action);
  const instanceId = resource?.kind === 'session' ? resource.instanceId : undefined;
  return {
    type: 'action',
    region,
    events: context.events(action),
    action: action.action,
    resourceType: action.type,
    key: action.key,
    reason: action.reason,
    result: outcome.status,
    ...(resourceId === undefined ? {} : { resourceId }),
    ...(eni === undefined ? {} : { networkInterfaceId: eni }),
    ...(instanceId === undefined ? {} : { instanceId }),
    ...(requestId === undefined ? {} : { requestId }),
    ...(outcome.doneBy === undefined ? {} : { doneBy: outcome.doneBy }),
    ...(outcome.error === undefined
      ? outcome.skippedBecause === undefined
        ? {}
        : { error: outcome.skippedBecause }
      : { errorCode: outcome.error.code, error: outcome.error.message, explanation: outcome.error.explanation }),
    ...(outcome.status === 'done' ? {} : { retryable: item.retryable }),
    ...(latency === undefined ? {} : { healLatencyMs: latency }),
  };
}
