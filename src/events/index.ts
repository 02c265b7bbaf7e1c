/** Events the healer reacts to: parsing (zod) and the decision of what each one asks for. Pure. */
export type { ApiCaller, EventEnvelope, HealEvent, HealInvocation, HealItem, ParsedEvent } from './types.js';
export { isSqsEvent, parseEvent, parseInvocation } from './parse.js';
export { policyTagKeys, triggerOf, type IgnoreReason, type ScopeRequest, type Trigger, type TriggerContext } from './trigger.js';
export { isOwnCall, type SelfIdentity } from './own-calls.js';
