import { DescribeInstancesCommand, DescribeTrafficMirrorSessionsCommand, paginateDescribeTrafficMirrorSessions } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { filterDescription, sessionDescription, targetDescription } from '../../src/core/descriptions.js';
import { filterKey, ruleKey, sessionKey, targetKey } from '../../src/core/keys.js';
import { ownershipTags } from '../../src/core/ownership.js';
import {
  createSandbox,
  generateAccount,
  generatedTargetName,
  generatePolicyFor,
  type SandboxFile,
} from '../../src/sandbox/index.js';

const counts = (file: SandboxFile) => {
  const regions = Object.values(file.regions);
  const instances = regions.flatMap((region) => region.instances ?? []);
  return {
    instances: instances.length,
    interfaces: instances.reduce((sum, instance) => sum + instance.interfaces.length, 0),
    sessions: regions.flatMap((region) => region.trafficMirrorSessions ?? []),
  };
};

describe('generateAccount', () => {
  it('is deterministic: the same seed gives the same file, another seed another one', () => {
    const options = { seed: 11, regions: 2, vpcsPerRegion: 3, instances: 200, mirroredShare: 0.5, foreignShare: 0.2 };
    expect(generateAccount(options)).toEqual(generateAccount(options));
    expect(generateAccount({ ...options, seed: 12 })).not.toEqual(generateAccount(options));
  });

  it('scales to 10,000 instances that the simulator loads and describes', async () => {
    const file = generateAccount({ seed: 1, regions: ['us-east-1', 'eu-west-1'], vpcsPerRegion: 20, instances: 10_000, mirroredShare: 0.4 });
    const { instances, interfaces } = counts(file);
    expect(instances).toBe(10_000);
    expect(interfaces / instances).toBeGreaterThan(1.1);
    expect(interfaces / instances).toBeLessThan(1.3);
    const ec2 = createSandbox(file).ec2('eu-west-1');
    const page = await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    expect(page.Reservations).toHaveLength(1000);
    expect(page.NextToken).toBeDefined();
  });

  it('honours the unsupported share', () => {
    const none = generateAccount({ seed: 2, regions: 1, vpcsPerRegion: 1, instances: 300, unsupportedShare: 0 });
    const all = generateAccount({ seed: 2, regions: 1, vpcsPerRegion: 1, instances: 300, unsupportedShare: 1 });
    const types = (file: SandboxFile) => (file.regions['us-east-1']?.instances ?? []).map((instance) => instance.type);
    expect(types(none).filter((type) => /^(t2|m8g|c8g)\.|metal/.test(type))).toEqual([]);
    expect(types(all).every((type) => /^(t2|m8g|c8g)\.|metal/.test(type))).toBe(true);
  });

  it('writes owned resources exactly as mirrorctl creates them, after any foreign session', () => {
    const policy = 'team-ndr';
    const file = generateAccount({
      seed: 4, regions: 1, vpcsPerRegion: 2, instances: 150, unsupportedShare: 0, mirroredShare: 1, foreignShare: 0.3, policyName: policy,
    });
    const region = file.regions['us-east-1'];
    const name = generatedTargetName('us-east-1');
    const target = region?.trafficMirrorTargets?.find((candidate) => candidate.tags?.['mirrorctl:policy'] === policy);
    expect(target).toMatchObject({ description: targetDescription(policy, name), tags: ownershipTags(policy, targetKey(name)) });
    const filter = region?.trafficMirrorFilters?.find((candidate) => candidate.tags?.['mirrorctl:policy'] === policy);
    expect(filter).toMatchObject({ description: filterDescription(policy, 'all-traffic'), tags: ownershipTags(policy, filterKey('all-traffic')) });
    expect(filter?.rules?.map((rule) => [rule.direction, rule.number, rule.source, rule.destination, rule.tags])).toEqual([
      ['ingress', 100, '0.0.0.0/0', '0.0.0.0/0', ownershipTags(policy, ruleKey('all-traffic', 'ingress', 100))],
      ['ingress', 200, '::/0', '::/0', ownershipTags(policy, ruleKey('all-traffic', 'ingress', 200))],
      ['egress', 100, '0.0.0.0/0', '0.0.0.0/0', ownershipTags(policy, ruleKey('all-traffic', 'egress', 100))],
      ['egress', 200, '::/0', '::/0', ownershipTags(policy, ruleKey('all-traffic', 'egress', 200))],
    ]);

    const vpcOfSubnet = new Map((region?.subnets ?? []).map((subnet) => [subnet.id, subnet.vpcId]));
    const vpcOfInterface = new Map(
      (region?.instances ?? []).flatMap((instance) => instance.interfaces.map((eni) => [eni.id, vpcOfSubnet.get(instance.subnetId)])),
    );
    const sessions = region?.trafficMirrorSessions ?? [];
    const foreignOn = new Set(sessions.filter((s) => s.tags?.['mirrorctl:policy'] === undefined).map((s) => s.networkInterfaceId));
    const owned = sessions.filter((s) => s.tags?.['mirrorctl:policy'] === policy);
    expect(owned).toHaveLength(vpcOfInterface.size);
    expect(foreignOn.size).toBeGreaterThan(0);
    for (const session of owned) {
      const vpcId = vpcOfInterface.get(session.networkInterfaceId) ?? '';
      expect(session).toMatchObject({
        targetId: target?.id,
        filterId: filter?.id,
        sessionNumber: foreignOn.has(session.networkInterfaceId) ? 2 : 1,
        description: sessionDescription(policy, vpcId),
        tags: ownershipTags(policy, sessionKey(vpcId, session.networkInterfaceId)),
      });
      expect(session.packetLength).toBeUndefined();
    }
  });

  it('never mirrors interfaces AWS would refuse', async () => {
    const file = generateAccount({ seed: 9, regions: 1, vpcsPerRegion: 2, instances: 200, unsupportedShare: 0.5, mirroredShare: 1, foreignShare: 0.5 });
    const sandbox = createSandbox(file);
    let sessions = 0;
    for await (const page of paginateDescribeTrafficMirrorSessions({ client: sandbox.ec2('us-east-1') }, {})) {
      sessions += page.TrafficMirrorSessions?.length ?? 0;
    }
    expect(sessions).toBe(counts(file).sessions.length);
    const typeOfInterface = new Map(
      (file.regions['us-east-1']?.instances ?? []).flatMap((instance) => instance.interfaces.map((eni) => [eni.id, instance.type])),
    );
    for (const session of counts(file).sessions) {
      expect(typeOfInterface.get(session.networkInterfaceId)).not.toMatch(/^(t2|m8g|c8g)\.|metal/);
    }
  });
});

describe('generatePolicyFor', () => {
  it('writes one entry per VPC, one NLB target per region and the all-traffic filter', async () => {
    const file = generateAccount({ seed: 5, regions: 2, vpcsPerRegion: 3, instances: 60, mirroredShare: 1 });
    const policy = parse(generatePolicyFor(file)) as {
      version: number;
      name: string;
      regions: string[];
      targets: Record<string, { networkLoadBalancerArn: string }>;
      filters: Record<string, { ingress: unknown[]; egress: unknown[] }>;
      vpcs: { id: string; target: string; filter: string }[];
      exclude: { tags: Record<string, string> };
    };
    expect(policy).toMatchObject({ version: 1, name: 'generated', regions: ['us-east-1', 'eu-west-1'], exclude: { tags: { mirroring: 'excluded' } } });
    const allVpcs = Object.values(file.regions).flatMap((region) => (region.vpcs ?? []).map((vpc) => vpc.id));
    expect(policy.vpcs.map((entry) => entry.id)).toEqual(allVpcs);
    for (const [region, data] of Object.entries(file.regions)) {
      const arn = policy.targets[generatedTargetName(region)]?.networkLoadBalancerArn;
      expect(data.loadBalancers?.map((lb) => lb.arn)).toContain(arn);
      const owned = data.trafficMirrorTargets?.find((target) => target.tags?.['mirrorctl:policy'] === 'generated');
      expect(owned?.networkLoadBalancerArn).toBe(arn);
    }
    const rules = [
      { number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' },
      { number: 200, action: 'accept', source: '::/0', destination: '::/0' },
    ];
    expect(policy.filters['all-traffic']).toEqual({ ingress: rules, egress: rules });
    const described = await createSandbox(file).ec2('us-east-1').send(new DescribeTrafficMirrorSessionsCommand({ MaxResults: 5 }));
    expect(described.TrafficMirrorSessions?.[0]?.PacketLength).toBe(8500);
  });
});
