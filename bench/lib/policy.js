/** The generated policy, loaded as mirrorctl loads a policy file. */
import { loadPolicyFromString } from '../../dist/policy/load.js';

export function loadPolicy(policyText) {
  const { policy, diagnostics } = loadPolicyFromString(policyText, 'bench-policy.yaml');
  if (policy === undefined) {
    throw new Error(`the generated policy does not load: ${diagnostics.map((d) => d.message).join('; ')}`);
  }
  return policy;
}
