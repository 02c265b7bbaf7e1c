/**
 * A zod schema for the Plan contract (src/core/types/plan.ts), so a plan read back from a file is
 * trusted only after validation. Unknown members are dropped: a newer mirrorctl may add fields within the
 * same format version. The enums are built from records typed on the contract's unions, so adding a
 * member there fails to compile here until the schema accepts it.
 */
import { z } from 'zod';
import type { ActionKind, ResourceType, SkipReason } from '../core/types/plan.js';

function enumOf<T extends string>(members: Readonly<Record<T, true>>) {
  return z.enum(Object.keys(members) as T[]);
}

const ACTION_KINDS: Readonly<Record<ActionKind, true>> = { create: true, update: true, delete: true, replace: true, adopt: true };

const RESOURCE_TYPES: Readonly<Record<ResourceType, true>> = {
  target: true,
  filter: true,
  'filter-rule': true,
  session: true,
  'load-balancer': true,
  'target-group': true,
  listener: true,
  'target-registration': true,
};

const SKIP_REASONS: Readonly<Record<SkipReason, true>> = {
  'excluded-instance': true,
  'excluded-interface': true,
  'excluded-tag': true,
  'not-selected': true,
  'unsupported-instance-type': true,
  'interface-is-mirror-target': true,
  'interface-type-not-supported': true,
  'requester-managed': true,
  'session-limit-reached': true,
  'target-full': true,
  'session-number-conflict': true,
  'instance-not-running': true,
  'target-unavailable': true,
  'already-mirrored': true,
};

const integer = z.number().int();
const count = integer.nonnegative();
const tags = z.record(z.string(), z.string());
const ref = z.object({ key: z.string(), id: z.string().exactOptional() });
const portRange = z.object({ from: integer, to: integer });

const desiredTarget = z.object({
  kind: z.literal('target'),
  networkInterfaceId: z.string().exactOptional(),
  networkLoadBalancerArn: z.string().exactOptional(),
  gatewayLoadBalancerEndpointId: z.string().exactOptional(),
  loadBalancer: ref.exactOptional(),
  description: z.string(),
  tags,
});

const targetType = z.enum(['instance', 'ip']);

const desiredLoadBalancer = z.object({
  kind: z.literal('load-balancer'),
  name: z.string(),
  vpcId: z.string(),
  subnets: z.array(z.string()),
  securityGroups: z.array(z.string()),
  crossZone: z.boolean(),
  deletionProtection: z.boolean(),
  tags,
});

const desiredTargetGroup = z.object({
  kind: z.literal('target-group'),
  name: z.string(),
  vpcId: z.string(),
  targetType,
  healthCheckProtocol: z.enum(['TCP', 'HTTP']),
  healthCheckPort: integer,
  healthCheckPath: z.string().exactOptional(),
  healthyThreshold: integer,
  unhealthyThreshold: integer,
  healthCheckIntervalSeconds: integer,
  healthCheckTimeoutSeconds: integer,
  tags,
});

const desiredListener = z.object({
  kind: z.literal('listener'),
  loadBalancer: ref,
  targetGroup: ref,
  protocol: z.literal('UDP'),
  port: integer,
  tags,
});

const desiredRegistration = z.object({
  kind: z.literal('target-registration'),
  targetGroup: ref,
  targetId: z.string(),
  targetType,
  availabilityZone: z.string().exactOptional(),
  tags,
});

const desiredFilter = z.object({
  kind: z.literal('filter'),
  description: z.string(),
  networkServices: z.array(z.string()),
  tags,
});

const desiredRule = z.object({
  kind: z.literal('filter-rule'),
  filter: ref,
  direction: z.enum(['ingress', 'egress']),
  number: integer,
  action: z.enum(['accept', 'reject']),
  protocol: integer.exactOptional(),
  source: z.string(),
  destination: z.string(),
  sourcePorts: portRange.exactOptional(),
  destinationPorts: portRange.exactOptional(),
  description: z.string().exactOptional(),
  tags,
});

const desiredSession = z.object({
  kind: z.literal('session'),
  networkInterfaceId: z.string(),
  target: ref,
  filter: ref,
  sessionNumber: integer,
  packetLength: integer.exactOptional(),
  virtualNetworkId: integer.exactOptional(),
  description: z.string(),
  tags,
  instanceId: z.string().exactOptional(),
  vpcId: z.string(),
});

const desiredResource = z.discriminatedUnion('kind', [
  desiredTarget,
  desiredFilter,
  desiredRule,
  desiredSession,
  desiredLoadBalancer,
  desiredTargetGroup,
  desiredListener,
  desiredRegistration,
]);

const attributeChange = z
  .object({
    attribute: z.string(),
    // JSON drops an undefined value, so a missing member means "unset".
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    forcesReplacement: z.boolean(),
  })
  .transform(({ attribute, before, after, forcesReplacement }) => ({ attribute, before, after, forcesReplacement }));

const planAction = z.object({
  id: z.string(),
  action: enumOf(ACTION_KINDS),
  type: enumOf(RESOURCE_TYPES),
  key: z.string(),
  region: z.string(),
  resourceId: z.string().exactOptional(),
  after: desiredResource.exactOptional(),
  before: desiredResource.exactOptional(),
  changes: z.array(attributeChange),
  reason: z.string(),
  dependsOn: z.array(z.string()),
});

const skippedInterface = z.object({
  region: z.string(),
  instanceId: z.string().exactOptional(),
  networkInterfaceId: z.string(),
  reason: enumOf(SKIP_REASONS),
  detail: z.string(),
});

const planWarning = z.object({ code: z.string(), message: z.string(), region: z.string().exactOptional() });

const costEstimate = z.object({
  currency: z.literal('USD'),
  hoursPerMonth: z.number(),
  monthlyBefore: z.number(),
  monthlyAfter: z.number(),
  monthlyDelta: z.number(),
  byRegion: z.array(
    z.object({
      region: z.string(),
      ratePerSessionHour: z.number(),
      sessionsBefore: count,
      sessionsAfter: count,
      loadBalancersBefore: count.exactOptional(),
      loadBalancersAfter: count.exactOptional(),
      ratePerLoadBalancerHour: z.number().exactOptional(),
    }),
  ),
  rateSource: z.string(),
  notes: z.array(z.string()).exactOptional(),
});

const planAccount = z.object({
  id: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
  alias: z.string().exactOptional(),
  callerArn: z.string(),
});

export const planSchema = z.object({
  formatVersion: z.literal(1),
  policyName: z.string(),
  account: planAccount.exactOptional(),
  mode: z.enum(['converge', 'destroy']),
  regions: z.array(z.string()),
  summary: z.object({ create: count, update: count, delete: count }),
  targets: z.array(z.string()).exactOptional(),
  actions: z.array(planAction),
  skipped: z.array(skippedInterface),
  warnings: z.array(planWarning),
  cost: costEstimate,
});
