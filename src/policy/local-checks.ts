/** Refinements that look at one object of the policy: a target, a rule, a filter, a vpcs entry, a tag map. */
import { parseCidr } from './cidr.js';
import { checkName, parseNlbArn } from './ids.js';
import { zonesRegion } from './managed-checks.js';
import { arrayAt, isRecord, recordAt, report, stringAt, type Ctx } from './report.js';
import { checkProtocolNumber, PROTOCOL_NUMBERS, protocolNumber, TCP, UDP, type ProtocolName } from './rule-values.js';
import { quote } from './quote.js';

const TARGET_KINDS = [
  'networkLoadBalancerArn',
  'networkInterfaceId',
  'gatewayLoadBalancerEndpointId',
  'trafficMirrorTargetId',
  'managedNetworkLoadBalancer',
  'networkInterfaceIds',
  'sensorTags',
] as const;

/** AWS quota: rules per filter, ingress and egress together. */
const MAX_RULES_PER_FILTER = 10;

export function checkTarget(target: unknown, ctx: Ctx): void {
  if (!isRecord(target)) return;
  const kinds = TARGET_KINDS.filter((kind) => target[kind] !== undefined);
  const [first, second] = kinds;
  if (first === undefined) {
    report(ctx, {
      code: 'target-kind',
      message: 'this target says nowhere to send traffic',
      hint: `give exactly one of ${TARGET_KINDS.join(', ')}`,
    });
  } else if (second !== undefined) {
    report(
      ctx,
      {
        code: 'target-kind',
        message: `a target has exactly one kind, but this one has ${kinds.length}: ${kinds.join(', ')}`,
        hint: 'split it into several targets',
      },
      [second],
      'key',
    );
  }
  const region = stringAt(target, 'region');
  const zones = zonesRegion(target['managedNetworkLoadBalancer']);
  if (region !== undefined && zones !== undefined && zones !== region) {
    report(
      ctx,
      {
        code: 'region-mismatch',
        message: `region ${quote(region)} differs from the region of the load balancer's Availability Zones, ${quote(zones)}`,
        hint: 'remove "region": it is taken from the Availability Zones',
      },
      ['region'],
    );
  }
  const arn = stringAt(target, 'networkLoadBalancerArn');
  if (arn === undefined || region === undefined) return;
  const parsed = parseNlbArn(arn);
  if (parsed.ok && parsed.arn.region !== region) {
    report(
      ctx,
      {
        code: 'region-mismatch',
        message: `region ${quote(region)} differs from the region of the load balancer ARN, ${quote(parsed.arn.region)}`,
        hint: 'remove "region": for a load balancer it is taken from the ARN',
      },
      ['region'],
    );
  }
}

export function checkRule(rule: unknown, ctx: Ctx): void {
  if (!isRecord(rule)) return;
  checkAddressFamilies(rule, ctx);
  checkPortsHaveTcpOrUdp(rule, ctx);
}

function checkAddressFamilies(rule: Record<string, unknown>, ctx: Ctx): void {
  const source = stringAt(rule, 'source');
  const destination = stringAt(rule, 'destination');
  if (source === undefined || destination === undefined) return;
  const from = parseCidr(source);
  const to = parseCidr(destination);
  if (!from.ok || !to.ok || from.cidr.family === to.cidr.family) return;
  report(
    ctx,
    {
      code: 'mixed-address-families',
      message: `source ${source} is IPv${from.cidr.family} but destination ${destination} is IPv${to.cidr.family}`,
      hint: 'AWS needs both in the same address family: write one rule for IPv4 and another for IPv6',
    },
    ['destination'],
  );
}

function checkPortsHaveTcpOrUdp(rule: Record<string, unknown>, ctx: Ctx): void {
  const protocol = protocolOf(rule['protocol']);
  if (protocol === TCP || protocol === UDP || protocol === null) return;
  const matched = protocol === undefined ? 'all protocols' : `protocol ${String(rule['protocol'])}`;
  for (const key of ['sourcePorts', 'destinationPorts']) {
    if (rule[key] === undefined) continue;
    report(
      ctx,
      {
        code: 'ports-need-tcp-or-udp',
        message: `ports apply only to TCP and UDP, but this rule matches ${matched}`,
        hint: 'add "protocol: tcp" or "protocol: udp", or remove the ports',
      },
      [key],
      'key',
    );
  }
}

/** The IANA number, undefined for all protocols, or null for a value that is reported as invalid elsewhere. */
function protocolOf(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return checkProtocolNumber(value) === undefined ? value : null;
  if (typeof value === 'string' && Object.hasOwn(PROTOCOL_NUMBERS, value)) return protocolNumber(value as ProtocolName);
  return null;
}

export function checkFilter(filter: unknown, ctx: Ctx): void {
  let total = 0;
  for (const direction of ['ingress', 'egress']) {
    const rules = arrayAt(filter, direction);
    total += rules.length;
    const seen = new Map<number, number>();
    for (const [index, rule] of rules.entries()) {
      const number = isRecord(rule) ? rule['number'] : undefined;
      if (typeof number !== 'number') continue;
      const first = seen.get(number);
      if (first === undefined) {
        seen.set(number, index);
        continue;
      }
      report(
        ctx,
        {
          code: 'duplicate-rule-number',
          message: `rule number ${number} is already used by ${direction}[${first}] of this filter`,
          hint: `rule numbers must be unique within a direction; they set the order rules are evaluated in`,
        },
        [direction, index, 'number'],
      );
    }
  }
  if (total > MAX_RULES_PER_FILTER) {
    report(ctx, {
      code: 'too-many-rules',
      message: `this filter has ${total} rules; AWS allows at most ${MAX_RULES_PER_FILTER} per filter (ingress and egress together)`,
      hint: 'merge rules with wider CIDRs or port ranges, or split the traffic over several filters and vpcs entries',
    });
  }
}

export function checkVpcEntry(entry: unknown, ctx: Ctx): void {
  if (!isRecord(entry)) return;
  const hasId = entry['id'] !== undefined;
  const tags = entry['tags'];
  if (hasId && tags !== undefined) {
    report(
      ctx,
      {
        code: 'selector-conflict',
        message: 'an entry selects VPCs either by "id" or by "tags", not both',
        hint: 'keep one of them, or split the entry in two',
      },
      ['tags'],
      'key',
    );
  } else if (!hasId && tags === undefined) {
    report(ctx, {
      code: 'empty-selector',
      message: 'this entry selects no VPC',
      hint: 'add "id: vpc-…" for one VPC or "tags: { key: value }" for every VPC carrying those tags',
    });
  } else if (isRecord(tags) && Object.keys(tags).length === 0) {
    report(
      ctx,
      {
        code: 'empty-selector',
        message: 'an empty tag set selects no VPC',
        hint: 'list at least one tag, e.g. tags: { mirroring: enabled }',
      },
      ['tags'],
    );
  }
  const instanceTags = recordAt(recordAt(entry, 'instances'), 'tags');
  if (instanceTags !== undefined && Object.keys(instanceTags).length === 0) {
    report(
      ctx,
      {
        code: 'empty-selector',
        message: 'an empty instance tag set selects nothing',
        hint: 'list at least one tag, or remove "instances" to tap every instance of the VPCs',
      },
      ['instances', 'tags'],
    );
  }
}

export function checkNamesIn(what: string) {
  return (record: unknown, ctx: Ctx): void => {
    if (!isRecord(record)) return;
    for (const name of Object.keys(record)) {
      const problem = checkName(what, name);
      if (problem !== undefined) report(ctx, problem, [name], 'key');
    }
  };
}

/** AWS tag limits: keys 1 to 128 characters, values up to 256. */
export function checkTags(tags: unknown, ctx: Ctx): void {
  if (!isRecord(tags)) return;
  for (const [key, value] of Object.entries(tags)) {
    if (key.length === 0 || key.length > 128) {
      report(ctx, { code: 'invalid-tag', message: `tag key ${quote(key)} must have 1 to 128 characters` }, [key], 'key');
    }
    if (typeof value === 'string' && value.length > 256) {
      report(ctx, { code: 'invalid-tag', message: `the value of tag ${quote(key)} is longer than 256 characters` }, [key]);
    }
  }
}
