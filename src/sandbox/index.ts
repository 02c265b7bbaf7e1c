/**
 * The sandbox: an in-process simulator of the EC2 and ELBv2 APIs mirrorctl uses, answering the real AWS SDK
 * v3 commands, plus sandbox account files and a generator of large accounts. See SPEC.md.
 */
export { createSandbox, type Sandbox } from './sandbox.js';
export type { SimulatorOptions } from './sim/simulator.js';
export type { CallCounters } from './sim/counters.js';
export { readSandboxFile, parseSandboxFile } from './file/read.js';
export { writeSandboxFile, formatSandboxFile } from './file/write.js';
export { validateSandboxFile } from './file/validate.js';
export type * from './file/types.js';
export { observedToSandboxFile, type ObservedLoadBalancing } from './observed.js';
export {
  generateAccount,
  generatedTargetName,
  GENERATED_FILTER_NAME,
  GENERATED_POLICY_NAME,
  type GenerateOptions,
} from './generate/account.js';
export { generatePolicyFor, type GeneratedPolicyOptions } from './generate/policy.js';
export {
  generateOrganization,
  generateOrganizationPolicy,
  workloadAccountId,
  type GenerateOrganizationOptions,
  type VpcSelection,
} from './generate/organization.js';
export { SANDBOX_CREDENTIALS, type SandboxClient } from './wiring.js';
export type { SandboxServer, ServedStats, ServeOptions } from './serve/server.js';
