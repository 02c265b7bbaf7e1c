/**
 * The machine-readable plan: one JSON document, documented in docs/plan-json.md. Keys are emitted in a fixed
 * order (the envelope by construction, resource definitions sorted), so the output of identical plans is
 * byte-identical and diffs between plans are meaningful.
 */
import type { AttributeChange, Plan, PlanAction } from '../core/types/plan.js';
import { adoptionCount, replacementCount } from './vocabulary.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Object keys sorted, `undefined` members dropped, `undefined` alone turned into null (an unset value). */
function sortedJson(value: unknown): JsonValue {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map(sortedJson);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, member]) => [key, sortedJson(member)]),
    );
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function changeDocument(change: AttributeChange): JsonValue {
  return {
    attribute: change.attribute,
    before: sortedJson(change.before),
    after: sortedJson(change.after),
    forcesReplacement: change.forcesReplacement,
  };
}

function actionDocument(action: PlanAction): JsonValue {
  return {
    address: action.id,
    action: action.action,
    type: action.type,
    key: action.key,
    ...(action.resourceId === undefined ? {} : { id: action.resourceId }),
    region: action.region,
    ...(action.before === undefined ? {} : { before: sortedJson(action.before) }),
    ...(action.after === undefined ? {} : { after: sortedJson(action.after) }),
    ...(action.changes.length === 0 ? {} : { changes: action.changes.map(changeDocument) }),
    reason: action.reason,
    dependsOn: [...action.dependsOn],
  };
}

export interface JsonPlanOptions {
  /** Given with `--strict`: `error` when it turned warnings (the plan's or the policy's) into errors, the run exiting 1. */
  readonly status?: 'ok' | 'error';
}

/** The plan's document: `renderPlanJson`'s, and each account's in a plan over several accounts. */
export function planDocument(plan: Plan, options: JsonPlanOptions = {}): JsonValue {
  return {
    formatVersion: plan.formatVersion,
    ...(options.status === undefined ? {} : { status: options.status }),
    policy: plan.policyName,
    ...(plan.account === undefined
      ? {}
      : {
          account: {
            id: plan.account.id,
            ...(plan.account.alias === undefined ? {} : { alias: plan.account.alias }),
            callerArn: plan.account.callerArn,
          },
        }),
    mode: plan.mode,
    regions: [...plan.regions],
    ...(plan.targets === undefined || plan.targets.length === 0 ? {} : { targets: [...plan.targets] }),
    summary: {
      create: plan.summary.create,
      update: plan.summary.update,
      delete: plan.summary.delete,
      replace: replacementCount(plan.actions),
      adopt: adoptionCount(plan.actions),
    },
    actions: plan.actions.map(actionDocument),
    skipped: plan.skipped.map((item) => ({
      region: item.region,
      ...(item.instanceId === undefined ? {} : { instanceId: item.instanceId }),
      networkInterfaceId: item.networkInterfaceId,
      reason: item.reason,
      detail: item.detail,
    })),
    warnings: plan.warnings.map((warning) => ({
      code: warning.code,
      message: warning.message,
      ...(warning.region === undefined ? {} : { region: warning.region }),
    })),
    cost: {
      currency: plan.cost.currency,
      hoursPerMonth: plan.cost.hoursPerMonth,
      monthlyBefore: plan.cost.monthlyBefore,
      monthlyAfter: plan.cost.monthlyAfter,
      monthlyDelta: plan.cost.monthlyDelta,
      byRegion: plan.cost.byRegion.map((region) => ({
        region: region.region,
        ratePerSessionHour: region.ratePerSessionHour,
        sessionsBefore: region.sessionsBefore,
        sessionsAfter: region.sessionsAfter,
        ...(region.loadBalancersBefore === undefined ? {} : { loadBalancersBefore: region.loadBalancersBefore }),
        ...(region.loadBalancersAfter === undefined ? {} : { loadBalancersAfter: region.loadBalancersAfter }),
        ...(region.ratePerLoadBalancerHour === undefined ? {} : { ratePerLoadBalancerHour: region.ratePerLoadBalancerHour }),
      })),
      rateSource: plan.cost.rateSource,
      ...(plan.cost.notes === undefined ? {} : { notes: [...plan.cost.notes] }),
    },
  };
}

export function renderPlanJson(plan: Plan, options: JsonPlanOptions = {}): string {
  return `${JSON.stringify(planDocument(plan, options), null, 2)}\n`;
}
