/** The sandbox file's shape (zod, strict: unknown keys are errors) plus its cross-reference checks. */
import { z } from 'zod';
import { checkAccounts } from './accounts.js';
import { checkReferences } from './references.js';
import type { SandboxFile } from './types.js';

const awsId = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `expected an id like ${prefix}-0123456789abcdef0`);

/** Tag values are strings in AWS; unquoted YAML numbers and booleans are accepted and kept as text. */
const tags = z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]).transform(String)).optional();

const accountId = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => (typeof value === 'number' ? String(value).padStart(12, '0') : value))
  .pipe(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'));

const port = z.number().int().min(0).max(65535);
const portRange = z.strictObject({ from: port, to: port }).optional();
const arn = z.string().regex(/^arn:aws[a-z-]*:elasticloadbalancing:/, 'expected an Elastic Load Balancing ARN');

const vpc = z.strictObject({ id: awsId('vpc'), cidr: z.string().optional(), tags });
const subnet = z.strictObject({
  id: awsId('subnet'),
  vpcId: awsId('vpc'),
  az: z.string().min(1),
  cidr: z.string().optional(),
  tags,
});

const instanceInterface = z.strictObject({
  id: awsId('eni'),
  deviceIndex: z.number().int().min(0),
  type: z.string().min(1).optional(),
  subnetId: awsId('subnet').optional(),
  description: z.string().optional(),
  deleteOnTermination: z.boolean().optional(),
  requesterManaged: z.boolean().optional(),
  tags,
});

const instance = z.strictObject({
  id: awsId('i'),
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, 'expected an instance type like m5.large'),
  state: z.enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']),
  subnetId: awsId('subnet'),
  tags,
  operator: z.string().min(1).optional(),
  interfaces: z.array(instanceInterface),
});

const networkInterface = z.strictObject({
  id: awsId('eni'),
  subnetId: awsId('subnet'),
  type: z.string().min(1).optional(),
  description: z.string().optional(),
  requesterManaged: z.boolean().optional(),
  status: z.string().min(1).optional(),
  tags,
});

const target = z.strictObject({
  id: awsId('tmt'),
  networkInterfaceId: awsId('eni').optional(),
  networkLoadBalancerArn: arn.optional(),
  gatewayLoadBalancerEndpointId: awsId('vpce').optional(),
  description: z.string().optional(),
  ownerId: accountId.optional(),
  sharedWith: z.array(accountId).optional(),
  tags,
});

const rule = z.strictObject({
  id: awsId('tmfr'),
  direction: z.enum(['ingress', 'egress']),
  number: z.number().int().min(1).max(32766),
  action: z.enum(['accept', 'reject']),
  protocol: z.number().int().min(0).max(255).optional(),
  source: z.string().min(1),
  destination: z.string().min(1),
  sourcePorts: portRange,
  destinationPorts: portRange,
  description: z.string().optional(),
  tags,
});

const filter = z.strictObject({
  id: awsId('tmf'),
  description: z.string().optional(),
  networkServices: z.array(z.literal('amazon-dns')).optional(),
  tags,
  rules: z.array(rule).max(10, 'a traffic mirror filter has at most 10 rules').optional(),
});

const session = z.strictObject({
  id: awsId('tms'),
  networkInterfaceId: awsId('eni'),
  targetId: awsId('tmt'),
  filterId: awsId('tmf'),
  sessionNumber: z.number().int().min(1).max(32766),
  packetLength: z.number().int().min(1).max(8500).optional(),
  virtualNetworkId: z.number().int().min(0).max(16_777_215).optional(),
  description: z.string().optional(),
  tags,
  ownerId: accountId.optional(),
});

const loadBalancer = z.strictObject({
  arn,
  name: z.string().regex(/^[a-zA-Z0-9-]{1,32}$/, 'expected at most 32 letters, digits or hyphens'),
  type: z.enum(['network', 'application', 'gateway']).optional(),
  scheme: z.enum(['internal', 'internet-facing']).optional(),
  subnets: z.array(awsId('subnet')).min(1),
  securityGroups: z.array(awsId('sg')).optional(),
  attributes: z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]).transform(String)).optional(),
  tags,
});

const targetGroup = z.strictObject({
  arn,
  name: z.string().regex(/^[a-zA-Z0-9-]{1,32}$/, 'expected at most 32 letters, digits or hyphens'),
  protocol: z.enum(['TCP', 'UDP', 'TCP_UDP', 'TLS', 'HTTP', 'HTTPS', 'GENEVE']),
  port: port.min(1),
  vpcId: awsId('vpc'),
  targetType: z.enum(['instance', 'ip']).optional(),
  healthCheck: z
    .strictObject({
      protocol: z.enum(['TCP', 'HTTP', 'HTTPS']),
      port: z.union([z.string(), z.number()]).transform(String).optional(),
      path: z.string().startsWith('/').optional(),
      intervalSeconds: z.number().int().min(5).max(300).optional(),
      timeoutSeconds: z.number().int().min(2).max(120).optional(),
      healthyThreshold: z.number().int().min(2).max(10).optional(),
      unhealthyThreshold: z.number().int().min(2).max(10).optional(),
    })
    .optional(),
  targets: z
    .array(z.strictObject({ id: z.string().min(1), port: port.min(1).optional(), availabilityZone: z.string().min(1).optional() }))
    .optional(),
  tags,
});

const listener = z.strictObject({
  arn,
  loadBalancerArn: arn,
  protocol: z.enum(['TCP', 'UDP', 'TCP_UDP', 'TLS', 'HTTP', 'HTTPS', 'GENEVE']),
  port: port.min(1),
  targetGroupArn: arn,
  tags,
});

const clientToken = z.strictObject({
  action: z.string().min(1),
  token: z.string().min(1).max(64),
  request: z.string().min(1),
  response: z.record(z.string(), z.unknown()),
});

const region = z.strictObject({
  vpcs: z.array(vpc).optional(),
  subnets: z.array(subnet).optional(),
  instances: z.array(instance).optional(),
  networkInterfaces: z.array(networkInterface).optional(),
  trafficMirrorTargets: z.array(target).optional(),
  trafficMirrorFilters: z.array(filter).optional(),
  trafficMirrorSessions: z.array(session).optional(),
  loadBalancers: z.array(loadBalancer).optional(),
  targetGroups: z.array(targetGroup).optional(),
  listeners: z.array(listener).optional(),
  internal: z
    .strictObject({ idSequence: z.number().int().nonnegative().optional(), clientTokens: z.array(clientToken).optional() })
    .optional(),
});

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const deniedActions = z
  .array(
    z
      .string()
      .regex(/^[a-z0-9-]+:[A-Za-z0-9]+$/, 'expected an IAM action like iam:ListAccountAliases')
      .refine((action) => action !== 'sts:GetCallerIdentity', 'AWS answers sts:GetCallerIdentity even when a policy denies it'),
  )
  .optional();

const role = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'expected an IAM role name: 1-64 letters, digits or + = , . @ _ -'),
  trustedAccounts: z.array(accountId).min(1, 'a role trusts at least one account'),
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'expected an external id: 2-1224 letters, digits or + = , . @ : / _ -').optional(),
});

const accountFields = {
  accountId,
  accountAlias: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$/, 'expected an IAM account alias: 3-63 lowercase letters, digits and hyphens')
    .optional(),
  name: z.string().min(1).max(50).optional(),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'PENDING_CLOSURE']).optional(),
  deniedActions,
  roles: z.array(role).optional(),
  regions: z.record(z.string().regex(REGION_NAME, 'expected a region name like us-east-1'), region),
};

const organization = z.strictObject({
  managementAccountId: accountId,
  rootId: z.string().regex(/^r-[0-9a-z]{4,32}$/, 'expected a root id like r-ab12').optional(),
  delegatedAdministrators: z.array(accountId).optional(),
  organizationalUnits: z
    .array(
      z.strictObject({
        id: z.string().regex(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, 'expected an organizational unit id like ou-ab12-cd34ef56'),
        name: z.string().min(1).max(128).optional(),
        parentId: z.string().regex(/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/, 'expected a root or organizational unit id').optional(),
        accounts: z.array(accountId).optional(),
      }),
    )
    .optional(),
});

export const sandboxFileSchema: z.ZodType<SandboxFile, unknown> = z
  .strictObject({
    version: z.literal(1),
    ...accountFields,
    callerArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:(user|role|assumed-role|root|federated-user)/, 'expected an IAM or STS principal ARN')
      .optional(),
    organization: organization.optional(),
    accounts: z.array(z.strictObject(accountFields)).optional(),
  })
  .superRefine((file, context) => {
    const callerAccount = file.callerArn?.split(':')[4];
    if (callerAccount !== undefined && callerAccount !== file.accountId) {
      context.addIssue({ code: 'custom', path: ['callerArn'], message: `the caller's account ${callerAccount} is not the file's account ${file.accountId}` });
    }
    for (const issue of [...checkAccounts(file), ...checkReferences(file)]) context.addIssue({ code: 'custom', ...issue });
  });
