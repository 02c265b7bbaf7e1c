/** The heal use case: what the Lambda handler and `mirrorctl heal` both run. */
export { createHealer, type Healer, type HealerOptions, type ItemVerdict } from './healer.js';
export { messageLevel, type HealHost, type HealMessage, type MessageLevel, type Verdict } from './messages.js';
export { BUNDLED_POLICY, loadPolicySource, policySourceFromEnv, type PolicySource } from './policy-source.js';
