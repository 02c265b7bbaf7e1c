import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/aws/clients.js';
import { discover } from '../../src/aws/discover/index.js';
import { planChanges } from '../../src/core/planner/index.js';
import { loadPolicyOrThrow } from '../../src/policy/load.js';
import { loadBalancerArnsOf } from '../../src/app/plan.js';
import { createSandbox, observedToSandboxFile, readSandboxFile, type SandboxFile } from '../../src/sandbox/index.js';
import { discoveryOf } from './helpers/sandbox.js';

const DEMO = 'examples/sandbox/demo-account.yaml';
const DEMO_POLICY = 'examples/sandbox/mirror.config.yaml';
const US_NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/sensors/0123456789abcdef';
const EU_NLB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/sensors-eu/fedcba9876543210';
const MISSING_NLB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/gone/00000000000000aa';
const ELB_ACTIONS = ['DescribeListeners', 'DescribeTargetGroups', 'DescribeTargetHealth'];

const elbCalls = (byAction: Readonly<Record<string, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(byAction).filter(([action]) => ELB_ACTIONS.includes(action)));

describe('discovery of the policy NLB targets', () => {
  it('reads listeners and registered targets, each NLB in the region of its ARN, a few calls per NLB', async () => {
    const { sandbox, run } = discoveryOf(await readSandboxFile(DEMO));

    const observed = await run({ regions: ['eu-west-1', 'us-east-1'], loadBalancerArns: [US_NLB, EU_NLB, US_NLB] });

    const byRegion = Object.fromEntries(observed.regions.map((region) => [region.region, region.loadBalancers]));
    expect(byRegion).toEqual({
      'eu-west-1': [{ arn: EU_NLB, listeners: [{ protocol: 'UDP', port: 4789 }], targets: [{ id: 'i-0e2b8c1d5a6e31008', type: 'instance' }] }],
      'us-east-1': [
        {
          arn: US_NLB,
          listeners: [{ protocol: 'UDP', port: 4789 }],
          targets: [
            { id: 'i-0e1a9d0c4b7f21018', type: 'instance' },
            { id: 'i-0e1a9d0c4b7f21019', type: 'instance' },
          ],
        },
      ],
    });
    // Per NLB: one DescribeListeners, one DescribeTargetGroups, one DescribeTargetHealth per target group.
    expect(elbCalls(sandbox.calls.byAction)).toEqual({ DescribeListeners: 2, DescribeTargetGroups: 2, DescribeTargetHealth: 2 });
  });

  it('reads no load balancer when none is named, and none of a region not discovered', async () => {
    const { sandbox, run } = discoveryOf(await readSandboxFile(DEMO));

    const observed = await run({ regions: ['us-east-1'], loadBalancerArns: [EU_NLB] });

    expect(observed.regions[0]?.loadBalancers).toBeUndefined();
    expect(elbCalls(sandbox.calls.byAction)).toEqual({});
  });

  it('observes an NLB that does not exist as not found instead of failing', async () => {
    const { run } = discoveryOf(await readSandboxFile(DEMO));

    const observed = await run({ regions: ['us-east-1'], loadBalancerArns: [MISSING_NLB, US_NLB] });

    expect(observed.regions[0]?.loadBalancers?.map((lb) => [lb.arn, lb.notFound ?? false, lb.listeners.length])).toEqual([
      [US_NLB, false, 1],
      [MISSING_NLB, true, 0],
    ].sort(([a], [b]) => String(a).localeCompare(String(b))));
  });

  it('fails closed on any other ELBv2 failure, naming the permission', async () => {
    const aws = createAwsClients({ sandbox: createSandbox(await readSandboxFile(DEMO)) });
    aws.elbv2('us-east-1').middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'DescribeTargetGroupsCommand') return next(args);
        throw Object.assign(new Error('User is not authorized to perform: elasticloadbalancing:DescribeTargetGroups'), {
          name: 'AccessDenied',
          $fault: 'client',
          $metadata: { httpStatusCode: 403 },
        });
      },
      { step: 'initialize', name: 'denyDescribeTargetGroups' },
    );

    await expect(discover(aws, { regions: ['us-east-1'], loadBalancerArns: [US_NLB] })).rejects.toThrow(
      'Access denied: the AWS identity in use may not call elasticloadbalancing:DescribeTargetGroups in us-east-1.',
    );
  });

  it('a discover snapshot plans like the account it was taken from, loop guard and listener check included', async () => {
    const file = await readSandboxFile(DEMO);
    // No exclusion tag on the sensors and the sensors' VPC tapped: only the loop guard keeps them out.
    const unguarded: SandboxFile = JSON.parse(JSON.stringify(file).replaceAll('"mirroring":"excluded"', '"role2":"sensor"'));
    const usEast = unguarded.regions['us-east-1'];
    if (usEast?.listeners?.[0] === undefined) throw new Error('the demo has no listener');
    usEast.listeners[0].port = 4790;
    const loaded = await loadPolicyOrThrow(DEMO_POLICY);
    const policy = {
      ...loaded.policy,
      vpcs: [
        ...loaded.policy.vpcs,
        { ...loaded.policy.vpcs[0]!, key: 'security', selector: { kind: 'id' as const, vpcId: 'vpc-0e1a9d0c4b7f20003' } },
      ],
    };
    const options = { regions: policy.regions, loadBalancerArns: loadBalancerArnsOf(policy) };

    const observed = await discoveryOf(unguarded).run(options);
    const snapshot = await discoveryOf(observedToSandboxFile(observed)).run(options);
    const direct = planChanges(policy, observed);
    const offline = planChanges(policy, snapshot);

    expect(offline).toEqual(direct);
    expect(direct.warnings.map((warning) => warning.code)).toContain('nlb-without-vxlan-listener');
    expect(direct.skipped.filter((skip) => skip.detail.includes('is a sensor behind target sensor-nlb')).map((skip) => skip.instanceId)).toEqual([
      'i-0e1a9d0c4b7f21018',
    ]);
  });
});
