import {
  CreateTrafficMirrorFilterCommand,
  CreateTrafficMirrorFilterRuleCommand,
  CreateTrafficMirrorSessionCommand,
  CreateTrafficMirrorTargetCommand,
  DeleteTrafficMirrorFilterCommand,
  DeleteTrafficMirrorFilterRuleCommand,
  DeleteTrafficMirrorSessionCommand,
  DeleteTrafficMirrorTargetCommand,
  DescribeTrafficMirrorFilterRulesCommand,
  DescribeTrafficMirrorFiltersCommand,
  DescribeTrafficMirrorTargetsCommand,
  ModifyTrafficMirrorFilterNetworkServicesCommand,
  ModifyTrafficMirrorFilterRuleCommand,
  type CreateTrafficMirrorFilterRuleRequest,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/sandbox/index.js';
import { ENI, FILTER, hexId, NLB_ARN, REGION, RULE, smallAccount, TARGET, webInterface } from './fixture.js';

let ec2: EC2Client;

beforeEach(() => {
  ec2 = createSandbox(smallAccount()).ec2(REGION);
});

const rule = (overrides: Partial<CreateTrafficMirrorFilterRuleRequest> = {}) =>
  ec2.send(
    new CreateTrafficMirrorFilterRuleCommand({
      TrafficMirrorFilterId: FILTER,
      TrafficDirection: 'egress',
      RuleNumber: 100,
      RuleAction: 'accept',
      SourceCidrBlock: '0.0.0.0/0',
      DestinationCidrBlock: '0.0.0.0/0',
      ...overrides,
    }),
  );

describe('filter rules', () => {
  it('embeds created rules in the filter, ordered by number per direction', async () => {
    await rule({ RuleNumber: 200, SourceCidrBlock: '::/0', DestinationCidrBlock: '::/0' });
    await rule({ RuleNumber: 100, Protocol: 17, DestinationPortRange: { FromPort: 4789, ToPort: 4789 } });
    const filter = (await ec2.send(new DescribeTrafficMirrorFiltersCommand({ TrafficMirrorFilterIds: [FILTER] })))
      .TrafficMirrorFilters?.[0];
    expect(filter?.IngressFilterRules?.map((r) => r.TrafficMirrorFilterRuleId)).toEqual([RULE]);
    expect(filter?.EgressFilterRules?.map((r) => [r.RuleNumber, r.Protocol, r.DestinationPortRange])).toEqual([
      [100, 17, { FromPort: 4789, ToPort: 4789 }],
      [200, undefined, undefined],
    ]);
  });

  it('keeps rule numbers unique per filter and direction', async () => {
    await expect(rule({ TrafficDirection: 'ingress', RuleNumber: 100 })).rejects.toMatchObject({
      name: 'TrafficMirrorFilterRuleAlreadyExists',
    });
    await expect(rule({ TrafficDirection: 'egress', RuleNumber: 100 })).resolves.toBeDefined();
  });

  it('allows at most 10 rules per filter, both directions together', async () => {
    for (let n = 1; n <= 9; n++) await rule({ RuleNumber: n });
    await expect(rule({ RuleNumber: 50, TrafficDirection: 'ingress' })).rejects.toMatchObject({
      name: 'TrafficMirrorFilterRuleLimitExceeded',
    });
  });

  it.each([
    ['mixed families', { SourceCidrBlock: '0.0.0.0/0', DestinationCidrBlock: '::/0' }],
    ['host bits set', { SourceCidrBlock: '10.0.0.1/8' }],
    ['not a CIDR', { DestinationCidrBlock: 'everything' }],
    ['prefix too long', { SourceCidrBlock: '10.0.0.0/33', DestinationCidrBlock: '10.0.0.0/8' }],
    ['ports without TCP/UDP', { Protocol: 1, SourcePortRange: { FromPort: 1, ToPort: 2 } }],
    ['ports without protocol', { DestinationPortRange: { FromPort: 80, ToPort: 80 } }],
    ['inverted ports', { Protocol: 6, DestinationPortRange: { FromPort: 90, ToPort: 80 } }],
    ['rule number 0', { RuleNumber: 0 }],
  ])('rejects %s with InvalidParameterValue', async (_case, overrides) => {
    await expect(rule(overrides)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('accepts IPv6 network addresses', async () => {
    await expect(rule({ SourceCidrBlock: '2001:db8::/32', DestinationCidrBlock: 'fd00::/8' })).resolves.toBeDefined();
  });

  it('modifies a rule in place, rejects a clash, and does not return tags', async () => {
    const created = await rule({ RuleNumber: 300, TagSpecifications: [{ ResourceType: 'traffic-mirror-filter-rule', Tags: [{ Key: 'k', Value: 'v' }] }] });
    const id = created.TrafficMirrorFilterRule?.TrafficMirrorFilterRuleId ?? '';
    expect(created.TrafficMirrorFilterRule?.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    const modified = await ec2.send(
      new ModifyTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: id, RuleAction: 'reject', Protocol: 6, SourcePortRange: { FromPort: 1, ToPort: 1024 } }),
    );
    expect(modified.TrafficMirrorFilterRule).toMatchObject({ RuleAction: 'reject', Protocol: 6, SourcePortRange: { FromPort: 1, ToPort: 1024 } });
    expect(modified.TrafficMirrorFilterRule?.Tags).toBeUndefined();
    await expect(
      ec2.send(new ModifyTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: id, TrafficDirection: 'ingress', RuleNumber: 100 })),
    ).rejects.toMatchObject({ name: 'TrafficMirrorFilterRuleAlreadyExists' });
    // Removing the protocol while a port range remains would leave an invalid rule.
    await expect(
      ec2.send(new ModifyTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: id, RemoveFields: ['protocol'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    const cleared = await ec2.send(
      new ModifyTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: id, RemoveFields: ['protocol', 'source-port-range'] }),
    );
    expect(cleared.TrafficMirrorFilterRule?.Protocol).toBeUndefined();
    expect(cleared.TrafficMirrorFilterRule?.SourcePortRange).toBeUndefined();
  });

  it('describes and deletes rules by filter', async () => {
    await rule({ RuleNumber: 1 });
    const listed = await ec2.send(new DescribeTrafficMirrorFilterRulesCommand({ TrafficMirrorFilterId: FILTER }));
    expect(listed.TrafficMirrorFilterRules?.map((r) => r.RuleNumber).sort()).toEqual([1, 100]);
    await ec2.send(new DeleteTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: RULE }));
    await expect(
      ec2.send(new DeleteTrafficMirrorFilterRuleCommand({ TrafficMirrorFilterRuleId: RULE })),
    ).rejects.toMatchObject({ name: 'InvalidTrafficMirrorFilterRuleId.NotFound' });
  });
});

describe('filters', () => {
  it('creates an empty filter and toggles amazon-dns', async () => {
    const created = await ec2.send(new CreateTrafficMirrorFilterCommand({ Description: 'x' }));
    const id = created.TrafficMirrorFilter?.TrafficMirrorFilterId ?? '';
    expect(id).toMatch(/^tmf-[0-9a-f]{17}$/);
    expect(created.TrafficMirrorFilter).toMatchObject({ IngressFilterRules: [], EgressFilterRules: [], NetworkServices: [] });
    const added = await ec2.send(
      new ModifyTrafficMirrorFilterNetworkServicesCommand({ TrafficMirrorFilterId: id, AddNetworkServices: ['amazon-dns'] }),
    );
    expect(added.TrafficMirrorFilter?.NetworkServices).toEqual(['amazon-dns']);
    await expect(
      ec2.send(new ModifyTrafficMirrorFilterNetworkServicesCommand({ TrafficMirrorFilterId: id, AddNetworkServices: ['ntp' as never] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterValue' });
  });

  it('refuses to delete a filter in use, then deletes it with its rules', async () => {
    const created = await ec2.send(
      new CreateTrafficMirrorSessionCommand({
        NetworkInterfaceId: webInterface(1),
        TrafficMirrorTargetId: TARGET.nlb,
        TrafficMirrorFilterId: FILTER,
        SessionNumber: 1,
      }),
    );
    await expect(ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: FILTER }))).rejects.toMatchObject({
      name: 'TrafficMirrorFilterInUse',
    });
    await expect(ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: TARGET.nlb }))).rejects.toMatchObject({
      name: 'TrafficMirrorTargetInUseException',
    });
    await ec2.send(new DeleteTrafficMirrorSessionCommand({ TrafficMirrorSessionId: created.TrafficMirrorSession?.TrafficMirrorSessionId ?? '' }));
    await ec2.send(new DeleteTrafficMirrorFilterCommand({ TrafficMirrorFilterId: FILTER }));
    await expect(
      ec2.send(new DescribeTrafficMirrorFilterRulesCommand({ TrafficMirrorFilterRuleIds: [RULE] })),
    ).rejects.toMatchObject({ name: 'InvalidTrafficMirrorFilterRuleId.NotFound' });
    await expect(ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: TARGET.nlb }))).resolves.toMatchObject({
      TrafficMirrorTargetId: TARGET.nlb,
    });
  });
});

describe('targets', () => {
  it.each([
    ['no kind', {}],
    ['two kinds', { NetworkInterfaceId: ENI.detached, NetworkLoadBalancerArn: NLB_ARN }],
  ])('rejects %s with InvalidParameterCombination', async (_case, input) => {
    await expect(ec2.send(new CreateTrafficMirrorTargetCommand(input))).rejects.toMatchObject({
      name: 'InvalidParameterCombination',
    });
  });

  it('rejects a missing interface or load balancer', async () => {
    await expect(
      ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: hexId('eni', 0xbad) })),
    ).rejects.toMatchObject({ name: 'InvalidTrafficMirrorTarget' });
    await expect(
      ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: NLB_ARN.replace('sensors', 'nothing') })),
    ).rejects.toMatchObject({ name: 'InvalidTrafficMirrorTarget' });
  });

  it('refuses a second target on an NLB or interface that already backs one, whoever made the first', async () => {
    // The fixture's targets carry no mirrorctl tags: made by hand or by another tool.
    await expect(ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: NLB_ARN }))).rejects.toMatchObject({
      name: 'NlbInUseByTrafficMirrorTargetException',
      message: expect.stringContaining(TARGET.nlb),
    });
    await expect(ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.sensor }))).rejects.toMatchObject({
      name: 'InterfaceInUseByTrafficMirrorTarget',
      message: expect.stringContaining(TARGET.sensorEni),
    });
    await ec2.send(new DeleteTrafficMirrorTargetCommand({ TrafficMirrorTargetId: TARGET.nlb }));
    const again = await ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkLoadBalancerArn: NLB_ARN }));
    expect(again.TrafficMirrorTarget?.NetworkLoadBalancerArn).toBe(NLB_ARN);
  });

  it('counts a target that is not visible to Describe yet', async () => {
    const sandbox = createSandbox(smallAccount(), { consistencyDelayMs: 60_000, now: () => 0 });
    const client = sandbox.ec2(REGION);
    await client.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached }));
    await expect(client.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached }))).rejects.toMatchObject({
      name: 'InterfaceInUseByTrafficMirrorTarget',
    });
  });

  it('answers a ClientToken replay of the same create with the first target, not an in-use error', async () => {
    const create = () =>
      ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached, Description: 'x', ClientToken: 'once' }));
    const first = await create();
    const replayed = await create();
    expect(replayed.TrafficMirrorTarget?.TrafficMirrorTargetId).toBe(first.TrafficMirrorTarget?.TrafficMirrorTargetId);
    await expect(
      ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached, Description: 'x', ClientToken: 'twice' })),
    ).rejects.toMatchObject({ name: 'InterfaceInUseByTrafficMirrorTarget' });
  });

  it('allows several targets on one Gateway Load Balancer endpoint (no documented rule)', async () => {
    const endpoint = { GatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' };
    await ec2.send(new CreateTrafficMirrorTargetCommand(endpoint));
    await expect(ec2.send(new CreateTrafficMirrorTargetCommand(endpoint))).resolves.toBeDefined();
  });

  it('creates targets of each kind and filters them on Describe', async () => {
    await ec2.send(new CreateTrafficMirrorTargetCommand({ NetworkInterfaceId: ENI.detached }));
    await ec2.send(new CreateTrafficMirrorTargetCommand({ GatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0' }));
    const byType = async (type: string) =>
      (await ec2.send(new DescribeTrafficMirrorTargetsCommand({ Filters: [{ Name: 'type', Values: [type] }] }))).TrafficMirrorTargets;
    expect(await byType('network-interface')).toHaveLength(3);
    expect(await byType('gateway-load-balancer-endpoint')).toEqual([
      expect.objectContaining({ GatewayLoadBalancerEndpointId: 'vpce-0123456789abcdef0', Tags: [] }),
    ]);
    const byEni = await ec2.send(
      new DescribeTrafficMirrorTargetsCommand({ Filters: [{ Name: 'network-interface-id', Values: [ENI.sensor] }] }),
    );
    expect(byEni.TrafficMirrorTargets?.map((t) => t.TrafficMirrorTargetId)).toEqual([TARGET.sensorEni]);
  });
});
