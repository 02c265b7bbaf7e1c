/**
 * The policy file's schema. Shapes and per-field checks live here; refinements that relate several fields
 * are in local-checks.ts and cross-checks.ts. `.meta()` feeds the JSON Schema that editors use, so the
 * patterns and ranges declared there mirror what the refinements enforce.
 */
import * as z from 'zod';
import { checkPolicy } from './cross-checks.js';
import { accountsSchema, entryAccounts, targetAccount } from './accounts-schema.js';
import {
  checkInstanceType,
  checkName,
  checkRegion,
  INSTANCE_TYPE_PATTERN,
  NAME_PATTERN,
  NLB_ARN_PATTERN,
  parseNlbArn,
  POLICY_NAME_PATTERN,
} from './ids.js';
import { parseCidr } from './cidr.js';
import { healerSettingsSchema } from './healer-settings.js';
import { checkFilter, checkNamesIn, checkRule, checkTarget, checkVpcEntry } from './local-checks.js';
import { bounded, id, region, tags, text } from './schema-helpers.js';
import { managedNetworkLoadBalancer, networkInterfacePool, sensorTagPool } from './target-schemas.js';
import { ALWAYS, checkedBy, isRecord, report, type Ctx } from './report.js';
import { checkProtocolNumber, parsePorts, PROTOCOL_NAMES } from './rule-values.js';
import { quote } from './quote.js';

const regionList = (description: string) =>
  z
    .array(region)
    .superRefine((regions, ctx) => {
      if (regions.length === 0) {
        report(ctx, { code: 'no-regions', message: 'the region list is empty', hint: 'list at least one region' });
      }
      regions.forEach((name, index) => {
        if (regions.indexOf(name) !== index) {
          report(ctx, { code: 'duplicate-region', message: `region ${name} is listed twice` }, [index]);
        }
      });
    })
    .meta({ description, minItems: 1, uniqueItems: true });


const namePattern = { propertyNames: { pattern: NAME_PATTERN } };

const target = z
  .strictObject({
    networkLoadBalancerArn: z
      .string()
      .superRefine((arn, ctx) => {
        const parsed = parseNlbArn(arn);
        if (!parsed.ok) report(ctx, parsed.problem);
      })
      .meta({ pattern: NLB_ARN_PATTERN, description: 'Send to this Network Load Balancer (it needs a UDP 4789 listener).' })
      .optional(),
    networkInterfaceId: id('eni', 'Send to this network interface (a sensor instance).').optional(),
    gatewayLoadBalancerEndpointId: id('vpce', 'Send to this Gateway Load Balancer endpoint.').optional(),
    trafficMirrorTargetId: id(
      'tmt',
      'Use this existing traffic mirror target (e.g. shared from another account with AWS RAM). mirrorctl never changes or deletes it.',
    ).optional(),
    managedNetworkLoadBalancer: managedNetworkLoadBalancer.optional(),
    networkInterfaceIds: networkInterfacePool.optional(),
    sensorTags: sensorTagPool.optional(),
    description: text('Description of the target mirrorctl creates. Changing it replaces the target.').optional(),
    region: region
      .meta({ description: 'Region of the target. Taken from the ARN for load balancers; otherwise found by discovery.' })
      .optional(),
    account: targetAccount.optional(),
  })
  .superRefine(checkTarget, ALWAYS)
  .meta({ description: 'Where mirrored traffic goes: exactly one of the target kinds.' });

const cidr = (description: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseCidr(value);
      if (!parsed.ok) report(ctx, parsed.problem);
    })
    .meta({ description });

const ports = (description: string) =>
  z
    .union([
      z.int().meta({ minimum: 0, maximum: 65535 }),
      z.string().meta({ pattern: '^\\s*[0-9]{1,5}\\s*(-\\s*[0-9]{1,5}\\s*)?$' }),
      z.strictObject({ from: z.int().meta({ minimum: 0, maximum: 65535 }), to: z.int().meta({ minimum: 0, maximum: 65535 }) }),
    ])
    .superRefine((spec, ctx) => {
      const parsed = parsePorts(spec);
      if (!parsed.ok) report(ctx, parsed.problem);
    })
    .meta({ description: `${description} A port (443), a range ("1024-65535") or { from, to }. TCP and UDP only.` });

const rule = z
  .strictObject({
    number: bounded(1, 32766, 'rule-number-range', 'rule number', 'Evaluation order within the direction; unique per direction.'),
    action: z.enum(['accept', 'reject']).meta({ description: 'What the first matching rule does with the packet.' }),
    protocol: z
      .union([z.int().meta({ minimum: 0, maximum: 255 }), z.enum(PROTOCOL_NAMES)])
      .superRefine((protocol, ctx) => {
        const problem = typeof protocol === 'number' ? checkProtocolNumber(protocol) : undefined;
        if (problem !== undefined) report(ctx, problem);
      })
      .meta({ description: 'A protocol name or IANA number; default all protocols.' })
      .optional(),
    source: cidr('Source CIDR block (IPv4 or IPv6, same family as the destination).'),
    destination: cidr('Destination CIDR block (IPv4 or IPv6, same family as the source).'),
    sourcePorts: ports('Source ports.').optional(),
    destinationPorts: ports('Destination ports.').optional(),
    description: text('Description of the rule.').optional(),
  })
  .superRefine(checkRule, ALWAYS);

const filter = z
  .strictObject({
    description: text('Description of the filter AWS stores. Changing it replaces the filter.').optional(),
    networkServices: z
      .array(z.enum(['amazon-dns']))
      .meta({ description: 'Network services to mirror in full; amazon-dns is the only one.' })
      .default([]),
    ingress: z.array(rule).meta({ description: 'Rules for inbound traffic. No rules: no inbound traffic is mirrored.' }).default([]),
    egress: z.array(rule).meta({ description: 'Rules for outbound traffic. No rules: no outbound traffic is mirrored.' }).default([]),
  })
  .superRefine(checkFilter, ALWAYS)
  .meta({ description: 'What traffic to mirror. At most 10 rules, ingress and egress together.' });

const ALREADY_MIRRORED_MODES = ['skip-same-target', 'skip-any', 'add'] as const;

const alreadyMirrored = (description: string) =>
  z.enum(ALREADY_MIRRORED_MODES).meta({
    description:
      `${description} skip-same-target: no new session on an interface that already has a session this policy ` +
      'does not own (another tool, policy or account) to the same destination; skip-any: none next to any such ' +
      'session; add: add one anyway (warned, with its cost).',
  });

const vpcEntry = z
  .strictObject({
    name: z
      .string()
      .superRefine(checkedBy((value) => checkName('entry', value)))
      .meta({ pattern: NAME_PATTERN, description: 'Stable key of the entry; default the VPC id or the tag set.' })
      .optional(),
    id: id('vpc', 'Tap this VPC.').optional(),
    tags: tags('Tap every VPC carrying all these tags, in every region of the entry.').optional(),
    target: text('Name of a target defined under "targets".'),
    filter: text('Name of a filter defined under "filters".'),
    interfaces: z
      .enum(['all', 'primary'])
      .meta({ description: 'Tap every interface of each instance (all) or only its primary interface.' })
      .default('all'),
    instances: z
      .strictObject({ tags: tags('Only instances carrying all these tags (whitelist).') })
      .meta({ description: 'Restrict the entry to some instances.' })
      .optional(),
    sessionNumber: bounded(
      1,
      32766,
      'session-number-range',
      'session number',
      'Session priority on the interface (1 is first); default the lowest free number.',
    ).optional(),
    packetLength: bounded(
      1,
      8500,
      'packet-length-range',
      'packet length',
      'Bytes of each packet to mirror; default whole packets.',
    ).optional(),
    virtualNetworkId: bounded(
      0,
      16777215,
      'vni-range',
      'virtual network id',
      'VXLAN network id; default chosen by AWS.',
    ).optional(),
    regions: regionList('Restrict the entry to some of the policy regions; default all.').optional(),
    alreadyMirrored: alreadyMirrored("This entry's choice; default the policy's alreadyMirrored.").optional(),
    accounts: entryAccounts.optional(),
  })
  .superRefine(checkVpcEntry, ALWAYS)
  .meta({ description: 'VPCs to tap: every selected interface gets one mirror session.' });

const adoptSessions = z
  .strictObject({
    tags: tags('Sessions carrying all these tags (e.g. { Creator: my-old-tool }).').superRefine((value: unknown, ctx: Ctx) => {
      if (isRecord(value) && Object.keys(value).length === 0) {
        report(ctx, {
          code: 'adopt-without-tags',
          message: 'adopt.sessions.tags is empty, which would adopt every session another tool made',
          hint: "list the tags that mark the other tool's sessions, e.g. tags: { Creator: my-old-tool }",
        });
      }
    }, ALWAYS),
  })
  .meta({ description: "Another tool's sessions, by their tags." });

const adopt = z
  .strictObject({
    vectra: z
      .boolean()
      .meta({
        description:
          "Take over what Vectra's session mirroring tool made: sessions tagged Creator=Vectra:Tap, and its filter " +
          '(described "Vectra Full Traffic + DNS Filter") when its rules are the policy filter\'s.',
      })
      .default(false),
    sessions: adoptSessions.optional(),
  })
  .meta({
    description:
      "Sessions (and Vectra's filter) another tool made that the plan takes over in place, instead of adding its own " +
      'next to them: adds the ownership tags and modifies them where the policy says otherwise; never deletes them.',
  });

const exclusions = z
  .strictObject({
    instances: z.array(id('i', 'An instance id.')).meta({ description: 'Instances never tapped (e.g. the sensors).' }).default([]),
    networkInterfaces: z.array(id('eni', 'A network interface id.')).meta({ description: 'Interfaces never tapped.' }).default([]),
    tags: tags('Instances carrying any one of these tags are never tapped.').default({}),
  })
  .meta({ description: 'What is never tapped (blacklist).' });

const instanceType = z
  .string()
  .superRefine(checkedBy(checkInstanceType))
  .meta({ pattern: INSTANCE_TYPE_PATTERN, description: 'An instance family (m8g) or type (m8g.large).' });

const instanceSupport = z
  .strictObject({
    allow: z.array(instanceType).meta({ description: 'Treat as supported mirror sources.' }).default([]),
    deny: z.array(instanceType).meta({ description: 'Treat as unsupported mirror sources.' }).default([]),
  })
  .superRefine((support: unknown, ctx: Ctx) => {
    if (!isRecord(support) || !Array.isArray(support['allow']) || !Array.isArray(support['deny'])) return;
    const allowed = new Set(support['allow']);
    support['deny'].forEach((type, index) => {
      if (allowed.has(type)) {
        report(ctx, { code: 'instance-support-conflict', message: `${quote(String(type))} is both allowed and denied` }, ['deny', index]);
      }
    });
  }, ALWAYS)
  .meta({ description: "Override mirrorctl's built-in list of instance types AWS supports as mirror sources." });

const pricing = z
  .strictObject({
    sessionHourUsd: z
      .record(z.string(), z.number().meta({ exclusiveMinimum: 0 }))
      .superRefine((rates: unknown, ctx: Ctx) => {
        if (!isRecord(rates)) return;
        for (const [name, rate] of Object.entries(rates)) {
          const problem = checkRegion(name);
          if (problem !== undefined) report(ctx, problem, [name], 'key');
          if (typeof rate === 'number' && !(rate > 0)) {
            report(ctx, { code: 'invalid-price', message: `the session-hour price must be positive, not ${rate}` }, [name]);
          }
        }
      }, ALWAYS)
      .meta({ description: 'USD per session-hour by region, overriding the built-in rates.' })
      .default({}),
  })
  .meta({ description: 'Prices used by cost estimates.' });

export const policySchema = z
  .strictObject({
    version: z
      .int()
      .superRefine((version, ctx) => {
        if (version !== 1) {
          report(ctx, {
            code: 'unknown-version',
            message: `policy version ${version} is not supported; this mirrorctl reads version 1`,
            hint: 'write "version: 1", or upgrade mirrorctl',
          });
        }
      })
      .meta({ const: 1, minimum: 1, maximum: 1, description: 'Policy format version.' }),
    name: z
      .string()
      .superRefine(
        checkedBy((value) =>
          new RegExp(POLICY_NAME_PATTERN).test(value)
            ? undefined
            : {
                code: 'invalid-policy-name',
                message: `policy name ${quote(value)} cannot be a tag value`,
                hint: 'use 1 to 128 letters, digits, spaces or _ . : / = + @ -',
              },
        ),
      )
      .meta({
        pattern: POLICY_NAME_PATTERN,
        description: 'Ownership scope: everything mirrorctl creates is tagged mirrorctl:policy=<name>.',
      }),
    regions: regionList('Regions mirrorctl manages.'),
    accounts: accountsSchema.optional(),
    targets: z
      .record(z.string(), target)
      .superRefine(checkNamesIn('target'), ALWAYS)
      .meta({ ...namePattern, description: 'Targets by name.' })
      .default({}),
    filters: z
      .record(z.string(), filter)
      .superRefine(checkNamesIn('filter'), ALWAYS)
      .meta({ ...namePattern, description: 'Filters by name.' })
      .default({}),
    vpcs: z.array(vpcEntry).meta({ description: 'What to tap.' }).default([]),
    alreadyMirrored: alreadyMirrored('Interfaces already mirrored by a session this policy does not own.').default(
      'skip-same-target',
    ),
    adopt: adopt.optional(),
    exclude: exclusions.default({ instances: [], networkInterfaces: [], tags: {} }),
    instanceSupport: instanceSupport.default({ allow: [], deny: [] }),
    pricing: pricing.default({ sessionHourUsd: {} }),
    healer: healerSettingsSchema.prefault({}),
  })
  .superRefine(checkPolicy, ALWAYS)
  .meta({ title: 'mirrorctl policy', description: 'AWS VPC Traffic Mirroring as code: mirror.config.yaml.' });

export type PolicyDocument = z.output<typeof policySchema>;

export function policyJsonSchema(): object {
  return z.toJSONSchema(policySchema, { target: 'draft-7', io: 'input' });
}
