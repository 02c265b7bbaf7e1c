/** Lookups over a plan so tests read as statements about actions, skips and warnings. */
import { planChanges, type PlanOptions } from '../../src/core/planner/index.js';
import type { ObservedRegion } from '../../src/core/types/observed.js';
import type { Plan, PlanAction, SkippedInterface } from '../../src/core/types/plan.js';
import type { Policy } from '../../src/core/types/policy.js';
import { account, REGION } from './builders.js';

export const plan = (policy: Policy, regions: ObservedRegion | readonly ObservedRegion[], options?: PlanOptions): Plan =>
  planChanges(policy, account(...(Array.isArray(regions) ? regions : [regions as ObservedRegion])), options);

export function action(result: Plan, key: string, region = REGION): PlanAction {
  const found = result.actions.find((item) => item.id === `${region}/${key}`);
  if (found === undefined) throw new Error(`no action ${region}/${key} in ${result.actions.map((item) => item.id).join(', ')}`);
  return found;
}

/** "create session/vpc-a/eni-1-0" lines: compact, readable expectations. */
export const summaryLines = (result: Plan): string[] => result.actions.map((item) => `${item.action} ${item.key}`);

export const sessionLines = (result: Plan): string[] =>
  result.actions.filter((item) => item.type === 'session').map((item) => `${item.action} ${item.key}`);

export const skipsFor = (result: Plan, eni: string): SkippedInterface[] =>
  result.skipped.filter((item) => item.networkInterfaceId === eni);

export const warningCodes = (result: Plan): string[] => result.warnings.map((item) => item.code);

export function sessionNumber(result: Plan, key: string): number | undefined {
  const after = action(result, key).after;
  return after?.kind === 'session' ? after.sessionNumber : undefined;
}
