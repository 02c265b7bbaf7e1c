/** Small inline plans for the reporter tests. */
import type {
  CostEstimate,
  DesiredFilter,
  DesiredSession,
  DesiredTarget,
  Plan,
  PlanAction,
  SkippedInterface,
} from '../../src/core/types/plan.js';

const OWNED = { 'mirrorctl:managed-by': 'mirrorctl', 'mirrorctl:policy': 'prod' };

export function session(eni: string, overrides: Partial<DesiredSession> = {}): DesiredSession {
  return {
    kind: 'session',
    networkInterfaceId: eni,
    target: { key: 'target/sensor-nlb', id: 'tmt-0aaa' },
    filter: { key: 'filter/all-traffic', id: 'tmf-0bbb' },
    sessionNumber: 1,
    description: 'mirrorctl',
    tags: { ...OWNED, 'mirrorctl:key': `session/web/${eni}`, team: 'net' },
    instanceId: `i-${eni.slice(4)}`,
    vpcId: 'vpc-1',
    ...overrides,
  };
}

export const target: DesiredTarget = {
  kind: 'target',
  networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/sensor/1',
  description: 'sensor NLB',
  tags: { ...OWNED, 'mirrorctl:key': 'target/sensor-nlb' },
};

export const filter: DesiredFilter = {
  kind: 'filter',
  description: 'all traffic',
  networkServices: [],
  tags: { ...OWNED, 'mirrorctl:key': 'filter/all-traffic' },
};

export function createSession(eni: string, region = 'us-east-1', overrides: Partial<DesiredSession> = {}): PlanAction {
  const key = `session/web/${eni}`;
  return {
    id: `${region}/${key}`,
    action: 'create',
    type: 'session',
    key,
    region,
    after: session(eni, overrides),
    changes: [],
    reason: 'new interface in scope',
    dependsOn: [],
  };
}

export function deleteSession(
  eni: string,
  reason: string,
  region = 'us-east-1',
  overrides: Partial<DesiredSession> = {},
): PlanAction {
  const key = `session/web/${eni}`;
  return {
    id: `${region}/${key}`,
    action: 'delete',
    type: 'session',
    key,
    region,
    resourceId: `tms-${eni.slice(4)}`,
    before: session(eni, overrides),
    changes: [],
    reason,
    dependsOn: [],
  };
}

export function updateSession(eni: string): PlanAction {
  const key = `session/web/${eni}`;
  return {
    id: `us-east-1/${key}`,
    action: 'update',
    type: 'session',
    key,
    region: 'us-east-1',
    resourceId: `tms-${eni.slice(4)}`,
    before: session(eni, { packetLength: 128 }),
    after: session(eni, { packetLength: 256 }),
    changes: [{ attribute: 'packetLength', before: 128, after: 256, forcesReplacement: false }],
    reason: 'packet length differs from the policy',
    dependsOn: [],
  };
}

export const replaceTarget: PlanAction = {
  id: 'us-east-1/target/sensor-nlb',
  action: 'replace',
  type: 'target',
  key: 'target/sensor-nlb',
  region: 'us-east-1',
  resourceId: 'tmt-0old',
  before: { ...target, networkLoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/old/9' },
  after: target,
  changes: [
    {
      attribute: 'networkLoadBalancerArn',
      before: 'arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/old/9',
      after: target.networkLoadBalancerArn,
      forcesReplacement: true,
    },
  ],
  reason: 'the NLB ARN cannot be changed in place',
  dependsOn: [],
};

export function cost(sessionsBefore: number, sessionsAfter: number, region = 'us-east-1'): CostEstimate {
  const rate = 0.015;
  return {
    currency: 'USD',
    hoursPerMonth: 730,
    monthlyBefore: sessionsBefore * rate * 730,
    monthlyAfter: sessionsAfter * rate * 730,
    monthlyDelta: (sessionsAfter - sessionsBefore) * rate * 730,
    byRegion: [{ region, ratePerSessionHour: rate, sessionsBefore, sessionsAfter }],
    rateSource: 'built-in table (AWS pricing page, 2026)',
  };
}

export function skipped(count: number, reason: SkippedInterface['reason'] = 'unsupported-instance-type'): SkippedInterface[] {
  return Array.from({ length: count }, (_, index) => ({
    region: 'us-east-1',
    instanceId: `i-skip${index}`,
    networkInterfaceId: `eni-skip${index}`,
    reason,
    detail: `t2.micro is not a supported source type (#${index})`,
  }));
}

/** A plan whose summary is computed from its actions, as the planner does (a replace counts twice). */
export function planOf(actions: readonly PlanAction[], extra: Partial<Plan> = {}): Plan {
  const count = (kinds: readonly string[]): number => actions.filter((action) => kinds.includes(action.action)).length;
  const sessions = actions.filter((action) => action.type === 'session');
  const created = sessions.filter((action) => action.action === 'create').length;
  const deleted = sessions.filter((action) => action.action === 'delete').length;
  return {
    formatVersion: 1,
    policyName: 'prod',
    mode: 'converge',
    regions: ['us-east-1'],
    summary: { create: count(['create', 'replace']), update: count(['update']), delete: count(['delete', 'replace']) },
    actions,
    skipped: [],
    warnings: [],
    cost: cost(10 + deleted, 10 + created),
    ...extra,
  };
}

/** Vectra's session on eni, taken over: re-described, tagged, its Creator tag kept. */
export function adoptSession(eni: string): PlanAction {
  const key = `session/web/${eni}`;
  const vectra = { Creator: 'Vectra:Tap', Name: 'web' };
  const before = session(eni, { description: 'Vectra EC2 ', tags: vectra });
  const after = session(eni, { tags: { ...vectra, ...OWNED, 'mirrorctl:key': key } });
  return {
    id: `us-east-1/${key}`,
    action: 'adopt',
    type: 'session',
    key,
    region: 'us-east-1',
    resourceId: `tms-${eni.slice(4)}`,
    before,
    after,
    changes: [
      { attribute: 'description', before: 'Vectra EC2 ', after: 'mirrorctl', forcesReplacement: false },
      { attribute: 'tags', before: before.tags, after: after.tags, forcesReplacement: false },
    ],
    reason: `take over tms-${eni.slice(4)}, made by Vectra's session mirroring tool (adopt: vectra); its tags are kept`,
    dependsOn: [],
  };
}
