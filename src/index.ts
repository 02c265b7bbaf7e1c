/**
 * The programmatic entry point (`import … from 'mirrorctl'`): the same use cases the CLI runs, for scripts
 * and schedulers that want a plan or an apply without spawning the binary.
 */
export { loadPolicyFile, loadPolicyFromString, loadPolicyOrThrow, PolicyError, isPolicyError } from './policy/load.js';
export type { Diagnostic, LoadResult } from './policy/load.js';
export { planChanges, type PlanOptions } from './core/planner/index.js';
export { buildPlan, type PlanRequest, type PlanRun } from './app/plan.js';
export { openAccount, saveSandbox, type Account, type AccountOptions } from './app/account.js';
export { discover, type DiscoverOptions } from './aws/discover/index.js';
export { applyPlan, type ApplyOptions, type ApplyResult } from './aws/apply/index.js';
export { createHealer, type Healer, type HealerOptions, type HealHost, type HealMessage } from './app/heal/index.js';
export { parseInvocation, triggerOf } from './events/index.js';
export { renderPlanJson, renderPlanMarkdown, renderPlanText, createStyle } from './render/index.js';
export type { Plan, PlanAction } from './core/types/plan.js';
export type { Policy } from './core/types/policy.js';
export type { ObservedAccount } from './core/types/observed.js';
