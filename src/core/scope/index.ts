/** What mirrorctl may touch: the one module the planner and the executor ask. */
export type { Origin, RunScope, ScopeInputs, ScopedResource, Standing } from './types.js';
export { adoption, classify, inScope, origin } from './classify.js';
export {
  adoptionRule,
  isVectraMade,
  legacyTagKeys,
  VECTRA_CREATOR,
  VECTRA_FILTER_DESCRIPTION,
  VECTRA_TARGET_DESCRIPTION,
  type AdoptionRule,
} from './adoption.js';
export {
  regionScope,
  holdingSessions,
  sessionResource,
  targetResource,
  filterResource,
  loadBalancerResource,
  targetGroupResource,
  type RegionScope,
} from './region-scope.js';
export { actionStanding, adoptStanding, type ActionStanding, type AdoptStanding } from './action-standing.js';
