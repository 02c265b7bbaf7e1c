/**
 * Scoped discovery against the demo account: it reads exactly what the planner needs for the scope (the
 * slice the scoped-plan property test plans from), in pages, and fails closed.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../src/aws/apply/index.js';
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { discoverScope, type ScopedDiscoveryRequest } from '../../src/aws/discover/scoped.js';
import { createReadCache } from '../../src/aws/discover/read-cache.js';
import { isUserError } from '../../src/core/errors.js';
import { planChanges } from '../../src/core/planner/index.js';
import type { Policy } from '../../src/core/types/policy.js';
import { loadBalancerArnsOf } from '../../src/app/plan.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { createSandbox, readSandboxFile, type Sandbox, type SandboxFile } from '../../src/sandbox/index.js';
import { sliceFor } from '../core/scope-slice.js';

const REGION = 'us-east-1';
const WEB_3 = 'i-0e1a9d0c4b7f21003';
const API_1 = 'i-0e1a9d0c4b7f21004';
let policy: Policy;
let file: SandboxFile;
let sandbox: Sandbox;
let clients: AwsClients;

beforeEach(async () => {
  policy = (await loadPolicyOrThrow('examples/sandbox/mirror.config.yaml')).policy;
  file = await readSandboxFile('examples/sandbox/demo-account.yaml');
  sandbox = createSandbox(file);
  clients = createAwsClients({ sandbox, maxAttempts: 1 });
});

const request = (parts: Partial<ScopedDiscoveryRequest>): ScopedDiscoveryRequest => ({
  region: REGION,
  policy,
  accountId: sandbox.accountId,
  instanceIds: [],
  interfaceIds: [],
  sessionIds: [],
  detached: false,
  ...parts,
});

async function fullDiscovery() {
  return discover(clients, { regions: [REGION], loadBalancerArns: loadBalancerArnsOf(policy) });
}

async function converge(): Promise<void> {
  const observed = await discover(clients, { regions: policy.regions, loadBalancerArns: loadBalancerArnsOf(policy) });
  const result = await applyPlan(planChanges(policy, observed), clients, {});
  expect(result.counts.failed).toBe(0);
}

describe('scoped discovery', () => {
  it("reads an instance's interfaces and what the planner needs for them: the slice of a full discovery", async () => {
    const scoped = await discoverScope(clients, request({ instanceIds: [WEB_3] }));
    expect(scoped.interfaceIds).toEqual(['eni-0e1a9d0c4b7f22003', 'eni-0e1a9d0c4b7f22004']);
    expect(scoped.found.instances).toEqual(new Set([WEB_3]));
    const full = await fullDiscovery();
    expect(scoped.observed).toEqual(sliceFor(full, policy, REGION, new Set(scoped.interfaceIds)));
  });

  it('finds the interface of a session named by id, and the instance of an interface named by id', async () => {
    await converge();
    const session = sandbox.toFile().regions[REGION]?.trafficMirrorSessions?.find((item) => item.networkInterfaceId === 'eni-0e1a9d0c4b7f22005');
    const scoped = await discoverScope(clients, request({ sessionIds: [session?.id ?? ''], interfaceIds: ['eni-0e1a9d0c4b7f22001'] }));
    expect(scoped.interfaceIds).toEqual(['eni-0e1a9d0c4b7f22001', 'eni-0e1a9d0c4b7f22005']);
    expect(scoped.observed).toEqual(sliceFor(await fullDiscovery(), policy, REGION, new Set(scoped.interfaceIds)));
  });

  it("after a termination, finds the detached interfaces that still carry the policy's sessions", async () => {
    await converge();
    // api-1's second interface is not DeleteOnTermination: it is detached, and its session keeps billing.
    sandbox.terminateInstance(REGION, API_1);
    const scoped = await discoverScope(clients, request({ instanceIds: [API_1], detached: true }));
    expect(scoped.interfaceIds).toEqual(['eni-0e1a9d0c4b7f22006']);
    expect(scoped.found.instances).toEqual(new Set([API_1]));
    expect(scoped.observed.regions[0]?.instances.map((instance) => instance.id)).not.toContain(API_1);
    expect(scoped.observed).toEqual(sliceFor(await fullDiscovery(), policy, REGION, new Set(scoped.interfaceIds)));
  });

  it('costs pages, not instances, and reads instance types, filters and load balancers once per cache', async () => {
    const cache = createReadCache({ now: () => 0 });
    await discoverScope(clients, request({ instanceIds: [WEB_3], cache }));
    sandbox.calls.reset();
    await discoverScope(clients, request({ instanceIds: ['i-0e1a9d0c4b7f21001', 'i-0e1a9d0c4b7f21002', WEB_3], cache }));
    expect(sandbox.calls.byAction).toEqual({
      DescribeInstanceTypes: 1, // m5.large only: c6i.xlarge and the sensor's type are cached
      DescribeInstances: 2, // the named instances, then the sensor behind the policy's interface target
      DescribeNetworkInterfaces: 2, // attached to the instances; the sensor's interface by id
      DescribeTrafficMirrorTargets: 1,
      DescribeTrafficMirrorSessions: 2, // on the scope; on the interface target (its 10-source limit)
      DescribeVpcs: 1, // an entry selects VPCs by tag
    }); // and neither the filters nor an ELBv2 call: the cache holds them
  });

  it('reads nothing it does not need: no instance named, no instance read', async () => {
    sandbox.calls.reset();
    const scoped = await discoverScope(clients, request({ interfaceIds: ['eni-0e1a9d0c4b7f22099'] }));
    expect(scoped.interfaceIds).toEqual([]);
    expect(scoped.found.interfaces).toEqual(new Set());
    expect(sandbox.calls.byAction['DescribeTrafficMirrorSessions']).toBe(1); // on the interface target only
  });

  it('fails closed, naming the action, when one read is refused', async () => {
    sandbox = createSandbox({ ...file, deniedActions: ['ec2:DescribeTrafficMirrorSessions'] });
    clients = createAwsClients({ sandbox, maxAttempts: 1 });
    const error = await discoverScope(clients, request({ instanceIds: [WEB_3] })).catch((thrown: unknown) => thrown);
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/DescribeTrafficMirrorSessions/);
  });
});
