/** Small inline observed accounts and plans for the plan-file tests. */
import type {
  ObservedAccount,
  ObservedInstance,
  ObservedNetworkInterface,
  ObservedRegion,
  ObservedSession,
} from '../../src/core/types/observed.js';
import type { Plan } from '../../src/core/types/plan.js';

export function instance(id: string, overrides: Partial<ObservedInstance> = {}): ObservedInstance {
  return { id, type: 'm5.large', state: 'running', vpcId: 'vpc-1', subnetId: 'subnet-1', tags: { Name: id }, ...overrides };
}

export function networkInterface(id: string, instanceId: string): ObservedNetworkInterface {
  return {
    id,
    type: 'interface',
    vpcId: 'vpc-1',
    subnetId: 'subnet-1',
    status: 'in-use',
    requesterManaged: false,
    attachment: { instanceId, deviceIndex: 0, deleteOnTermination: true },
    tags: {},
  };
}

export function observedSession(id: string, eni: string, overrides: Partial<ObservedSession> = {}): ObservedSession {
  return {
    id,
    networkInterfaceId: eni,
    targetId: 'tmt-1',
    filterId: 'tmf-1',
    sessionNumber: 1,
    tags: { 'mirrorctl:policy': 'prod' },
    ...overrides,
  };
}

export function region(name: string, overrides: Partial<ObservedRegion> = {}): ObservedRegion {
  return {
    region: name,
    vpcs: [{ id: 'vpc-1', tags: {} }],
    instances: [instance('i-1'), instance('i-2')],
    networkInterfaces: [networkInterface('eni-1', 'i-1'), networkInterface('eni-2', 'i-2')],
    instanceTypes: [{ type: 'm5.large', bareMetal: false, hypervisor: 'nitro' }],
    targets: [{ id: 'tmt-1', type: 'network-load-balancer', networkLoadBalancerArn: 'arn:nlb', tags: {} }],
    filters: [
      {
        id: 'tmf-1',
        networkServices: [],
        rules: [
          { id: 'tmfr-2', direction: 'egress', number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' },
          { id: 'tmfr-1', direction: 'ingress', number: 100, action: 'accept', source: '0.0.0.0/0', destination: '0.0.0.0/0' },
        ],
        tags: {},
      },
    ],
    sessions: [observedSession('tms-1', 'eni-1')],
    ...overrides,
  };
}

export function account(...regions: ObservedRegion[]): ObservedAccount {
  return { accountId: '111122223333', regions };
}

export const samplePlan: Plan = {
  formatVersion: 1,
  policyName: 'prod',
  mode: 'converge',
  regions: ['us-east-1'],
  summary: { create: 1, update: 0, delete: 0 },
  actions: [
    {
      id: 'us-east-1/session/web/eni-2',
      action: 'create',
      type: 'session',
      key: 'session/web/eni-2',
      region: 'us-east-1',
      after: {
        kind: 'session',
        networkInterfaceId: 'eni-2',
        target: { key: 'target/nlb', id: 'tmt-1' },
        filter: { key: 'filter/all' },
        sessionNumber: 1,
        description: 'mirrorctl',
        tags: { 'mirrorctl:policy': 'prod', 'mirrorctl:key': 'session/web/eni-2' },
        vpcId: 'vpc-1',
      },
      changes: [],
      reason: 'new interface in scope',
      dependsOn: ['us-east-1/filter/all'],
    },
  ],
  skipped: [
    {
      region: 'us-east-1',
      networkInterfaceId: 'eni-9',
      reason: 'requester-managed',
      detail: 'managed by elasticloadbalancing',
    },
  ],
  warnings: [{ code: 'cross-az', message: 'target in another AZ' }],
  cost: {
    currency: 'USD',
    hoursPerMonth: 730,
    monthlyBefore: 10.95,
    monthlyAfter: 21.9,
    monthlyDelta: 10.95,
    byRegion: [{ region: 'us-east-1', ratePerSessionHour: 0.015, sessionsBefore: 1, sessionsAfter: 2 }],
    rateSource: 'built-in',
  },
};
