export type {
  CategoryFingerprint,
  FingerprintCategory,
  ObservedFingerprint,
  RegionFingerprint,
  SavedPlan,
  SavedPlanOptions,
} from './types.js';
export type { CreateSavedPlanArgs } from './saved-plan.js';
export type { CurrentState, PlanScope } from './stale.js';
export type { ChangedAction, PlanDifference } from './compare-plans.js';
export { fingerprintObserved } from './fingerprint.js';
export { compareFingerprints } from './fingerprint-diff.js';
export { createSavedPlan } from './saved-plan.js';
export { readAnyPlanFile, readPlanFile, writePlanFile, type AnySavedPlan } from './file.js';
export {
  accountsPlanOf,
  createAccountsSavedPlan,
  type AccountsSavedPlan,
  type CreateAccountsSavedPlanArgs,
  type SavedAccountEntry,
} from './accounts-plan.js';
export { checkPlanIsCurrent, checkPlanScope, savedPlanOptions } from './stale.js';
export { comparePlanActions, plansMatch } from './compare-plans.js';
export { contentToken, nextGenerationToken, renumberedToken } from './tokens.js';
