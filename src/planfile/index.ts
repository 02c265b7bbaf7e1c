export type {
  CategoryFingerprint,
  FingerprintCategory,
  ObservedFingerprint,
  RegionFingerprint,
  SavedPlan,
} from './types.js';
export type { CreateSavedPlanArgs } from './saved-plan.js';
export type { CurrentState } from './stale.js';
export { fingerprintObserved } from './fingerprint.js';
export { compareFingerprints } from './fingerprint-diff.js';
export { createSavedPlan } from './saved-plan.js';
export { readPlanFile, writePlanFile } from './file.js';
export { checkPlanIsCurrent } from './stale.js';
export { planToken } from './tokens.js';
