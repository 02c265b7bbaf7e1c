/**
 * ClientTokens for creates. They derive from the plan id and the action id (src/planfile/tokens.ts), so a
 * create retried after its response was lost, or re-run from the same saved plan, carries the same token and
 * AWS returns the resource it already made instead of a duplicate.
 */
import { planToken } from '../../planfile/tokens.js';

/** A replace's create is salted with `:create`, marking the phase of a two-phase action. */
export function createToken(planId: string, actionId: string, replace: boolean): string {
  return planToken(planId, replace ? `${actionId}:create` : actionId);
}
