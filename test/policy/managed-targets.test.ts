import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/core/types/policy.js';
import { loadPolicyFromString } from '../../src/policy/load.js';

const policyText = (targets: string, vpcs = '', extra = '') => `version: 1
name: test
regions: [us-east-1]
targets:
${targets}
filters:
  all:
    ingress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
    egress: [{ number: 100, action: accept, source: 0.0.0.0/0, destination: 0.0.0.0/0 }]
vpcs:
  - id: vpc-0123456789abcdef0
    target: sensors
    filter: all
${vpcs}${extra}`;

function policyOf(text: string): Policy {
  const result = loadPolicyFromString(text, 'inline.yaml');
  if (result.policy === undefined) throw new Error(`expected a valid policy: ${JSON.stringify(result.diagnostics)}`);
  return result.policy;
}

function errorsOf(text: string): { code: string; message: string; hint?: string; at: string }[] {
  return loadPolicyFromString(text, 'inline.yaml')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({
      code: d.code,
      message: d.message,
      ...(d.hint === undefined ? {} : { hint: d.hint }),
      at: d.range === undefined ? '-' : `${d.range.start.line}:${d.range.start.column}`,
    }));
}

describe('managedNetworkLoadBalancer targets', () => {
  it("normalise with AWS's health check defaults, cross-zone and deletion protection on, lists as sorted sets", () => {
    const policy = policyOf(
      policyText(`  sensors:
    managedNetworkLoadBalancer:
      subnets: [subnet-0000000000000000b, subnet-0000000000000000a]
      sensors: { instances: [i-0000000000000000b, i-0000000000000000a], tags: { role: sensor } }
      healthCheck: { protocol: tcp, port: 22 }`),
    );
    expect(policy.targets['sensors']).toEqual({
      name: 'sensors',
      spec: {
        kind: 'managed-load-balancer',
        placement: { kind: 'subnets', subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'] },
        sensors: { kind: 'instances', instanceIds: ['i-0000000000000000a', 'i-0000000000000000b'], tags: { role: 'sensor' } },
        healthCheck: { protocol: 'tcp', port: 22, healthyThreshold: 5, unhealthyThreshold: 2, intervalSeconds: 30, timeoutSeconds: 10 },
        crossZone: true,
        deletionProtection: true,
        securityGroups: [],
      },
    });
  });

  it('takes its region from its Availability Zones; an http check gets path / and a 6 s timeout', () => {
    const policy = policyOf(
      policyText(`  sensors:
    managedNetworkLoadBalancer:
      vpc: vpc-0123456789abcdef0
      availabilityZones: [us-east-1b, us-east-1a]
      sensors: { ipAddresses: [10.0.2.5, 10.0.1.5] }
      healthCheck: { protocol: http, port: 8080, healthyThreshold: 3 }
      crossZone: false
      deletionProtection: false
      securityGroups: [sg-0123456789abcdef0]`),
    );
    expect(policy.targets['sensors']).toMatchObject({
      region: 'us-east-1',
      spec: {
        placement: { kind: 'zones', vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a', 'us-east-1b'] },
        sensors: { kind: 'ip', ipAddresses: ['10.0.1.5', '10.0.2.5'] },
        healthCheck: { protocol: 'http', port: 8080, path: '/', healthyThreshold: 3, timeoutSeconds: 6 },
        crossZone: false,
        deletionProtection: false,
        securityGroups: ['sg-0123456789abcdef0'],
      },
    });
  });

  it('refuses a UDP health check where it is written, saying AWS cannot health-check over UDP', () => {
    const errors = errorsOf(
      policyText(`  sensors:
    managedNetworkLoadBalancer:
      subnets: [subnet-0000000000000000a]
      sensors: { tags: { role: sensor } }
      healthCheck: { protocol: udp, port: 4789 }`),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'health-check-protocol',
        at: '9:32',
        message: expect.stringContaining('AWS cannot health-check sensors over UDP'),
        hint: expect.stringContaining('tcp (a port the sensor listens on) or http'),
      }),
    ]);
  });

  it('locates every placement, sensor and health check mistake', () => {
    const errors = errorsOf(
      policyText(`  sensors:
    managedNetworkLoadBalancer:
      subnets: [subnet-0000000000000000a, subnet-0000000000000000a]
      vpc: vpc-0123456789abcdef0
      sensors: { instances: [i-0000000000000000a], ipAddresses: [10.0.0.300] }
      healthCheck: { protocol: tcp, port: 22, path: /health, unhealthyThreshold: 11 }`),
    );
    expect(errors.map((error) => [error.code, error.at])).toEqual([
      ['duplicate-item', '7:43'],
      ['placement-conflict', '8:7'],
      ['sensor-kinds', '9:52'],
      ['invalid-ip-address', '9:66'],
      ['path-needs-http', '10:47'],
      ['threshold-range', '10:82'],
    ]);
  });

  it('needs a placement, and a VPC with its zones', () => {
    const codes = (nlb: string) =>
      errorsOf(policyText(`  sensors:\n    managedNetworkLoadBalancer:\n${nlb}      sensors: { tags: { role: sensor } }\n      healthCheck: { protocol: tcp, port: 22 }`)).map(
        (error) => `${error.code}: ${error.message}`,
      );
    expect(codes('')).toEqual(['no-placement: this load balancer says nowhere to place it']);
    expect(codes('      vpc: vpc-0123456789abcdef0\n')).toEqual([
      'no-placement: with "vpc", list the Availability Zones to place the load balancer in',
    ]);
    expect(codes('      availabilityZones: [us-east-1a, eu-west-1a]\n')).toEqual([
      'no-placement: with "availabilityZones", name the load balancer\'s "vpc"',
      'zones-in-several-regions: the Availability Zones are in several regions (eu-west-1, us-east-1)',
    ]);
  });

  it('refuses zones of a region the policy does not manage', () => {
    const errors = errorsOf(
      policyText(`  sensors:
    managedNetworkLoadBalancer:
      vpc: vpc-0123456789abcdef0
      availabilityZones: [eu-west-1a]
      sensors: { tags: { role: sensor } }
      healthCheck: { protocol: tcp, port: 22 }`),
    );
    expect(errors).toEqual([expect.objectContaining({ code: 'region-not-in-policy', at: '8:7' })]);
  });
});

describe('interface pools', () => {
  it('normalise interface lists (sorted) and sensor tags', () => {
    const policy = policyOf(
      policyText(`  sensors: { networkInterfaceIds: [eni-0000000000000000b, eni-0000000000000000a] }
  tagged: { sensorTags: { role: zeek } }`),
    );
    expect(policy.targets['sensors']?.spec).toEqual({
      kind: 'interface-pool',
      networkInterfaceIds: ['eni-0000000000000000a', 'eni-0000000000000000b'],
    });
    expect(policy.targets['tagged']?.spec).toEqual({ kind: 'interface-pool', sensorTags: { role: 'zeek' } });
  });

  it('refuses an interface that another target already sends to, and an empty pool', () => {
    const errors = errorsOf(
      policyText(`  sensors: { networkInterfaceIds: [eni-0000000000000000a, eni-0000000000000000b] }
  single: { networkInterfaceId: eni-0000000000000000b }
  empty: { networkInterfaceIds: [] }`),
    );
    expect(errors.map((error) => [error.code, error.at, error.message])).toEqual([
      ['duplicate-target-resource', '6:33', 'targets "sensors" and "single" both send to eni-0000000000000000b'],
      ['empty-pool', '7:12', 'the pool lists no interface'],
    ]);
  });
});

describe('the loop guard in the policy', () => {
  const managed = `  sensors:
    managedNetworkLoadBalancer:
      subnets: [subnet-0000000000000000a]
      sensors: { tags: { role: sensor, team: ndr } }
      healthCheck: { protocol: tcp, port: 22 }`;

  it('refuses an entry that selects every sensor by its tags, where its instance tags are written', () => {
    const errors = errorsOf(
      policyText(
        managed,
        `  - id: vpc-0123456789abcdef1
    target: sensors
    filter: all
    instances: { tags: { role: sensor } }
`,
      ),
    );
    expect(errors).toEqual([
      {
        code: 'taps-sensors',
        at: '21:18',
        message:
          'this entry selects the sensors of target "sensors" (instances tagged role: sensor, team: ndr): mirroring a sensor loops its own traffic back to it',
        hint: 'select the sources with tags the sensors do not carry, or exclude the sensors (exclude: { tags: { role: sensor, team: ndr } })',
      },
    ]);
  });

  it('accepts it when the sensors are excluded by a tag they carry, or the entry needs a tag they lack', () => {
    const entry = (tags: string) => `  - id: vpc-0123456789abcdef1
    target: sensors
    filter: all
    instances: { tags: ${tags} }
`;
    expect(errorsOf(policyText(managed, entry('{ role: sensor }'), 'exclude: { tags: { team: ndr } }\n'))).toEqual([]);
    expect(errorsOf(policyText(managed, entry('{ role: sensor, tier: web }')))).toEqual([]);
  });

  it('guards pools selected by tag too', () => {
    const errors = errorsOf(
      policyText(
        '  sensors: { sensorTags: { role: zeek } }',
        `  - id: vpc-0123456789abcdef1
    target: sensors
    filter: all
    instances: { tags: { role: zeek } }
`,
      ),
    );
    expect(errors.map((error) => error.code)).toEqual(['taps-sensors']);
  });
});
