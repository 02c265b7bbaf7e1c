/** The heal use case: what the Lambda handler and `mirrorctl heal` both run. */
export { createHealer, type Healer, type HealerOptions, type ItemVerdict } from './healer.js';
export type { HealHost, HealMessage, Verdict } from './messages.js';
export { BUNDLED_POLICY, loadPolicySource, policySourceFromEnv, type PolicySource } from './policy-source.js';
