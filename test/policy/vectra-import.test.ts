/**
 * The pure half of `import vectra`: what the tool's tags mean as policy, written as a commented file that
 * `validate` accepts. Each test builds the tool's traces in one region and reads the policy back.
 */
import { describe, expect, it } from 'vitest';
import type { ObservedFilter, ObservedSession, ObservedTarget } from '../../src/core/types/observed.js';
import type { VectraInstance, VectraRegion } from '../../src/core/types/vectra.js';
import { loadPolicyFromString } from '../../src/policy/load.js';
import { importFindings } from '../../src/policy/vectra/findings.js';
import { interpretVectra } from '../../src/policy/vectra/interpret.js';
import { writeVectraPolicy } from '../../src/policy/vectra/write.js';

const TARGET = 'tmt-0000000000000000a';
const ARN = 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/VectraTapabc/0123456789abcdef';

const instance = (id: string, type: string, vpcId: string, tags: Record<string, string> = {}, state: VectraInstance['state'] = 'running'): VectraInstance => ({
  id,
  type,
  state,
  vpcId,
  tags,
  interfaceIds: [`eni-${id.slice(2)}`],
});
const session = (id: string, eni: string, parts: Partial<ObservedSession> = {}): ObservedSession => ({
  id,
  networkInterfaceId: eni,
  targetId: TARGET,
  filterId: 'tmf-00000001',
  sessionNumber: 1,
  description: 'Vectra EC2 ',
  tags: { Creator: 'Vectra:Tap' },
  ...parts,
});
const vectraFilter = (id: string, parts: Partial<ObservedFilter> = {}): ObservedFilter => ({
  id,
  description: 'Vectra Full Traffic + DNS Filter',
  networkServices: ['amazon-dns'],
  rules: (['ingress', 'egress'] as const).flatMap((direction) => [
    { id: `${id}-${direction}-1`, direction, number: 100, action: 'accept' as const, source: '0.0.0.0/0', destination: '0.0.0.0/0', description: `Vectra ${direction} rule` },
    { id: `${id}-${direction}-2`, direction, number: 200, action: 'accept' as const, source: '::/0', destination: '::/0', description: `Vectra ${direction} rule` },
  ]),
  tags: { Name: 'Vectra Filter' },
  ...parts,
});
const nlbTarget: ObservedTarget = {
  id: TARGET,
  type: 'network-load-balancer',
  networkLoadBalancerArn: ARN,
  description: 'VectraTrafficMirror',
  tags: { Name: 'VectraNLBTarget' },
};

function region(parts: Partial<VectraRegion> = {}): VectraRegion {
  return {
    region: 'us-east-1',
    vpcs: [
      { id: 'vpc-00000001', tags: { Name: 'prod', 'Vectra:session_mirroring_target': TARGET } },
      {
        id: 'vpc-00000002',
        tags: { 'Vectra:session_mirroring_target': TARGET, 'Vectra:session_mirroring_enrollment': 'whitelist' },
      },
    ],
    instances: [
      instance('i-00000001', 'm5.large', 'vpc-00000001'),
      instance('i-00000002', 'm6i.large', 'vpc-00000001', { Name: 'app' }),
      instance('i-00000003', 't2.micro', 'vpc-00000001'),
      instance('i-00000004', 'c5.xlarge', 'vpc-00000001', { 'Vectra:session_mirroring_blacklist': 'True' }),
      instance('i-00000005', 'm5.metal', 'vpc-00000001'),
      instance('i-00000006', 'i3en.metal', 'vpc-00000001'),
      instance('i-00000011', 'm5.large', 'vpc-00000002', { 'Vectra:session_mirroring_whitelist': 'True' }),
      instance('i-00000012', 'm5.large', 'vpc-00000002'),
      instance('i-00000013', 'c7i.large', 'vpc-00000002', { 'Vectra:session_mirroring_whitelist': 'True' }),
      instance('i-00000014', 'm5.large', 'vpc-00000002', {
        'Vectra:session_mirroring_whitelist': 'True',
        'Vectra:session_mirroring_blacklist': 'True',
      }),
    ],
    sessions: [session('tms-00000001', 'eni-00000001'), session('tms-00000011', 'eni-00000011'), session('tms-00000099', 'eni-00000099')],
    filters: [vectraFilter('tmf-00000001')],
    targets: [nlbTarget],
    loadBalancers: [{ arn: ARN, listeners: [], targets: [] }],
    ...parts,
  };
}

const load = (text: string) => {
  const result = loadPolicyFromString(text, 'imported.yaml');
  if (result.policy === undefined) throw new Error(`invalid: ${JSON.stringify(result.diagnostics)}\n${text}`);
  return result.policy;
};

describe('import vectra: the policy', () => {
  const model = interpretVectra({ accountId: '111122223333', regions: [region()] }, { policyName: 'ndr' });
  const text = writeVectraPolicy(model);

  it('validates, and means what the tags mean', () => {
    const policy = load(text);
    expect(policy).toMatchObject({
      name: 'ndr',
      regions: ['us-east-1'],
      accounts: ['111122223333'],
      adopt: { vectra: true },
      targets: { VectraNLBTarget: { spec: { kind: 'existing', trafficMirrorTargetId: TARGET }, region: 'us-east-1' } },
      exclude: { tags: { 'Vectra:session_mirroring_blacklist': 'True' } },
    });
    expect(policy.vpcs).toEqual([
      { key: 'vpc-00000001', selector: { kind: 'id', vpcId: 'vpc-00000001' }, target: 'VectraNLBTarget', filter: 'vectra', interfaces: 'all' },
      {
        key: 'vpc-00000002',
        selector: { kind: 'id', vpcId: 'vpc-00000002' },
        target: 'VectraNLBTarget',
        filter: 'vectra',
        interfaces: 'all',
        instanceTags: { 'Vectra:session_mirroring_whitelist': 'True' },
      },
    ]);
    const everything = (direction: string) => [
      { number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0', description: `Vectra ${direction} rule` },
      { number: 200, action: 'accept', source: '::/0', destination: '::/0', description: `Vectra ${direction} rule` },
    ];
    expect(policy.filters['vectra']).toEqual({
      name: 'vectra',
      description: 'Vectra Full Traffic + DNS Filter',
      networkServices: ['amazon-dns'],
      ingress: everything('ingress'),
      egress: everything('egress'),
    });
  });

  it('says where each entry comes from, and calls out what the tool never tapped', () => {
    expect(text).toContain(
      '  # prod (vpc-00000001): Vectra:session_mirroring_target=tmt-0000000000000000a, no enrollment tag (auto): every\n' +
        '  #   instance but those tagged Vectra:session_mirroring_blacklist=True (exclude, below; 1 instance here).\n' +
        '  #   1 session of the tool here: adopted in place (adopt: vectra), never deleted or re-created.\n' +
        '  #   The tool never tapped this instance, its type missing from its 2019 list; mirrorctl will: app i-00000002\n' +
        '  #     (m6i.large).\n' +
        '  #   Neither tool taps these, AWS does not mirror their type: i-00000003 (t2.micro).\n' +
        '  #   The tool lists these types but AWS does not mirror them (bare metal): mirrorctl does not tap them, and\n' +
        '  #     leaves any session of the tool there as it is: i-00000006 (i3en.metal).\n' +
        '  - id: vpc-00000001\n',
    );
    expect(text).toContain('mirrorctl will: i-00000013\n  #     (c7i.large).');
    expect(text).toContain(
      'Whitelisted and blacklisted at once: the tool taps these in whitelist mode, but exclude (below) applies to\n' +
        '  #     every entry, so mirrorctl does not; remove one of the two tags: i-00000014 (m5.large).',
    );
    expect(text).toContain('# 1 session of the tool in us-east-1 mirrors an interface of no enrolled VPC (the tool leaves them when a VPC is\n');
  });

  it('reports the NLB without a listener, in the file and on the terminal, with the fix', () => {
    expect(text).toContain('# WARNING: its load balancer has no UDP listener on port 4789 (no listener at all: the tool never creates one)');
    expect(importFindings(model)).toEqual([
      '2 enrolled VPCs in us-east-1, 1 target (by id), 2 sessions of the tool to adopt.',
      '2 instances (2 interfaces) the tool never tapped, of types missing from its 2019 list: mirrorctl will tap them (named in the file).',
      'Target VectraNLBTarget (tmt-0000000000000000a): its load balancer has no UDP listener on port 4789 (no listener at all: the ' +
        'tool never creates one), so AWS drops everything mirrored to it, without an error. Add a UDP listener on port 4789 ' +
        "forwarding to the sensors' target group, or let mirrorctl manage an NLB for the sensors; until then nothing mirrored there reaches them.",
      '1 session of the tool in us-east-1 on interfaces of no enrolled VPC: left as they are.',
    ]);
  });

  it('leaves out, and says why, a VPC whose tag names no target that exists, or no target id at all', () => {
    const broken = region({
      vpcs: [
        ...region().vpcs,
        { id: 'vpc-00000003', tags: { Name: 'gone', 'Vectra:session_mirroring_target': 'tmt-00000bad' } },
        { id: 'vpc-00000004', tags: { 'Vectra:session_mirroring_target': 'arn:aws:whatever' } },
      ],
    });
    const imported = interpretVectra({ regions: [broken] }, { policyName: 'ndr' });
    const written = writeVectraPolicy(imported);
    expect(load(written).vpcs.map((entry) => entry.key)).toEqual(['vpc-00000001', 'vpc-00000002']);
    expect(written).toContain('# Not imported: gone (vpc-00000003, us-east-1): its target tag names tmt-00000bad, which does not exist');
    expect(written).toContain('# Not imported: vpc-00000004 (vpc-00000004, us-east-1): its target tag "arn:aws:whatever" is not a traffic');
  });

  it("writes the tool's default rules where it made no filter, one filter per region when they differ, and entries restricted to their region", () => {
    const east = region({ filters: [] });
    const west: VectraRegion = {
      ...region({ filters: [vectraFilter('tmf-00000002', { networkServices: [] })] }),
      region: 'eu-west-1',
      vpcs: [{ id: 'vpc-00000009', tags: { 'Vectra:session_mirroring_target': 'tmt-0000000000000000b' } }],
      instances: [],
      sessions: [],
      targets: [{ ...nlbTarget, id: 'tmt-0000000000000000b', networkLoadBalancerArn: ARN.replace('us-east-1', 'eu-west-1') }],
      loadBalancers: [],
    };
    const policy = load(writeVectraPolicy(interpretVectra({ regions: [west, east] }, { policyName: 'ndr' })));
    expect(policy.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(Object.keys(policy.filters)).toEqual(['vectra-eu-west-1', 'vectra-us-east-1']);
    expect(policy.filters['vectra-us-east-1']?.networkServices).toEqual(['amazon-dns']);
    expect(policy.filters['vectra-eu-west-1']?.networkServices).toEqual([]);
    expect(policy.vpcs.map((entry) => [entry.key, entry.regions, entry.filter, entry.target])).toEqual([
      ['vpc-00000009', ['eu-west-1'], 'vectra-eu-west-1', 'VectraNLBTarget-0000000b'],
      ['vpc-00000001', ['us-east-1'], 'vectra-us-east-1', 'VectraNLBTarget-0000000a'],
      ['vpc-00000002', ['us-east-1'], 'vectra-us-east-1', 'VectraNLBTarget-0000000a'],
    ]);
  });

  it("reads any enrollment value but auto as whitelist, as the tool does, and says so", () => {
    const odd = region({ vpcs: [{ id: 'vpc-00000002', tags: { 'Vectra:session_mirroring_target': TARGET, 'Vectra:session_mirroring_enrollment': 'Auto' } }] });
    const written = writeVectraPolicy(interpretVectra({ regions: [odd] }, { policyName: 'ndr' }));
    expect(load(written).vpcs[0]?.instanceTags).toEqual({ 'Vectra:session_mirroring_whitelist': 'True' });
    expect(written).toContain('Vectra:session_mirroring_enrollment=Auto\n  #   (the tool reads anything but auto as whitelist)');
  });
});
