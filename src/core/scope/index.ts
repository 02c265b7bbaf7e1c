/** What mirrorctl may touch: the one module the planner and the executor ask. */
export type { Origin, RunScope, ScopeInputs, ScopedResource, Standing } from './types.js';
export { classify, inScope, origin } from './classify.js';
export { regionScope, holdingSessions, sessionResource, targetResource, filterResource, type RegionScope } from './region-scope.js';
export { actionStanding, type ActionStanding } from './action-standing.js';
